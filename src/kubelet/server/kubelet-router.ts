// The kubelet API's routes: path patterns with {param} segments (and a trailing {param*} that takes
// the rest), each for a set of methods, with a handler for ordinary requests and/or one for
// protocol upgrades (WebSocket, SPDY). The server authenticates and authorizes before calling
// either; handlers get the decoded path parameters and the user. Routes match in the order added.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { KubeletUser } from './kubelet-user.js';

/** What a handler learns about the request besides the request itself. */
export interface RouteContext {
  /** The decoded path parameters by name ({podNamespace} → "default"). */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** The request path as sent (percent-encoded). */
  readonly path: string;
  /** The authenticated user. */
  readonly user: KubeletUser;
}

/** Handles an ordinary request. */
export type KubeletHttpHandler = (req: IncomingMessage, res: ServerResponse, ctx: RouteContext) => unknown;
/** Handles an upgrade request: the socket is the client's, `head` the bytes already read past the headers. */
export type KubeletUpgradeHandler = (
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  ctx: RouteContext,
) => unknown;

/** A route's handlers; a missing one answers as the route's owner decides (see KubeletServer). */
export interface RouteHandlers {
  readonly http?: KubeletHttpHandler;
  readonly upgrade?: KubeletUpgradeHandler;
}

/** A registered route. */
export interface Route {
  readonly methods: ReadonlySet<string>;
  readonly pattern: string;
  readonly handlers: RouteHandlers;
}

/** The outcome of matching a request. */
export type RouteLookup =
  | { readonly kind: 'found'; readonly route: Route; readonly params: Record<string, string> }
  | { readonly kind: 'method-not-allowed' }
  | { readonly kind: 'not-found' };

// Segments are decoded one by one, so an escaped "/" (%2F) stays inside its segment.
function segments(path: string): string[] | undefined {
  try {
    return path.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

function match(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/').slice(1);
  const got = segments(path);
  if (got === undefined) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const rest = /^\{(\w+)\*\}$/.exec(w);
    if (rest !== null) {
      params[rest[1]!] = got.slice(i).join('/');
      return params;
    }
    const g = got[i];
    if (g === undefined) return undefined;
    const param = /^\{(\w+)\}$/.exec(w);
    if (param !== null) {
      if (g === '') return undefined;
      params[param[1]!] = g;
    } else if (w !== g) return undefined;
  }
  return got.length === want.length ? params : undefined;
}

/** The kubelet API's route table. */
export class KubeletRouter {
  private readonly routes: Route[] = [];

  /**
   * Adds (or, for the same methods and pattern, replaces) a route. `pattern` is a path such as
   * "/exec/{podNamespace}/{podID}/{containerName}"; a last segment "{name*}" matches the rest.
   */
  add(methods: readonly string[], pattern: string, handlers: RouteHandlers): void {
    const set = new Set(methods.map((m) => m.toUpperCase()));
    const key = [...set].sort().join(',');
    const at = this.routes.findIndex((r) => r.pattern === pattern && [...r.methods].sort().join(',') === key);
    const route = { methods: set, pattern, handlers };
    if (at >= 0) this.routes[at] = route;
    else this.routes.push(route);
  }

  /** The route for `method` and the raw (still percent-encoded) `path`. */
  find(method: string, path: string): RouteLookup {
    let pathMatched = false;
    for (const route of this.routes) {
      const params = match(route.pattern, path);
      if (params === undefined) continue;
      if (route.methods.has(method.toUpperCase())) return { kind: 'found', route, params };
      pathMatched = true;
    }
    return pathMatched ? { kind: 'method-not-allowed' } : { kind: 'not-found' };
  }

  /** Every route, in matching order. */
  list(): readonly Route[] {
    return this.routes;
  }
}

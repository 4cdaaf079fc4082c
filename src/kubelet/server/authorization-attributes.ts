// How the kubelet API maps a request onto API authorization attributes (upstream 1.32's
// nodeAuthorizerAttributesGetter, KubeletFineGrainedAuthz off as by default): the verb from the
// HTTP method, resource `nodes`, the node's name, and the subresource from the path — stats,
// metrics, log, checkpoint, else proxy. Upstream 1.32 authorizes a WebSocket GET of /exec, /attach
// or /portForward with `get` like any GET; we do the same.

/** The attributes one kubelet API request is authorized with. */
export interface NodeRequestAttributes {
  /** "" for methods without an API verb (HEAD, OPTIONS), as upstream. */
  readonly verb: string;
  readonly apiVersion: 'v1';
  readonly resource: 'nodes';
  readonly subresource: string;
  readonly name: string;
  readonly path: string;
}

const verbs: Readonly<Record<string, string>> = {
  POST: 'create',
  GET: 'get',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

/** Upstream's isSubpath: `sub` is `base` (without a trailing slash) or lies below it. */
export function isSubpath(sub: string, base: string): boolean {
  const b = base.endsWith('/') ? base.slice(0, -1) : base;
  return sub === b || (sub.startsWith(b) && sub[b.length] === '/');
}

const subresources: readonly (readonly [prefix: string, subresource: string])[] = [
  ['/stats/', 'stats'],
  ['/metrics', 'metrics'],
  // "log" to match the other log subresources (pods/log).
  ['/logs/', 'log'],
  ['/checkpoint/', 'checkpoint'],
];

/** The authorization attributes of a request to `path` with `method` on node `nodeName`. */
export function nodeRequestAttributes(method: string, path: string, nodeName: string): NodeRequestAttributes {
  const subresource = subresources.find(([prefix]) => isSubpath(path, prefix))?.[1] ?? 'proxy';
  return {
    verb: verbs[method.toUpperCase()] ?? '',
    apiVersion: 'v1',
    resource: 'nodes',
    subresource,
    name: nodeName,
    path,
  };
}

/** The body of a 403, as upstream's kubelet writes it. */
export function forbiddenMessage(user: string, a: NodeRequestAttributes): string {
  return `Forbidden (user=${user}, verb=${a.verb}, resource=${a.resource}, subresource(s)=[${a.subresource}])`;
}

/** The body of a 500 when authorization could not be decided. */
export function authorizationErrorMessage(user: string, a: NodeRequestAttributes): string {
  return `Authorization error (user=${user}, verb=${a.verb}, resource=${a.resource}, subresource(s)=[${a.subresource}])`;
}

// Bearer tokens that expire: a KubeClient asks its token source before every request, and the
// refreshing source renews a token (e.g. from the TokenRequest API) well before it runs out, as
// client-go's cached token sources do for the controller manager's service-account clients.
import type { Clock } from '../base/clock.js';

/** Where a client's bearer token comes from; asked before every request. */
export interface BearerTokenSource {
  /** The token to send now. */
  token(signal?: AbortSignal): Promise<string>;
  /** The server rejected `token` (401): the next token() must not return it again. */
  invalidate?(token: string): void;
}

/** A token and when it stops being valid. */
export interface IssuedToken {
  readonly token: string;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
}

/** Settings of a RefreshingTokenSource. */
export interface RefreshingTokenSourceOptions {
  /** Obtains a fresh token (shared by every caller waiting, so it takes no caller's signal). */
  readonly fetch: () => Promise<IssuedToken>;
  readonly clock: Clock;
  /**
   * The share of a token's lifetime kept in reserve: it is renewed once less than this is left
   * (default 0.2, the leeway of upstream's controller client builder).
   */
  readonly leeway?: number;
}

// Waits for `promise` unless `signal` aborts first (the promise itself goes on for other callers).
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

interface Cached extends IssuedToken {
  /** When to renew it. */
  readonly renewAt: number;
}

/**
 * A token source that fetches a token on first use, hands it out until its renewal time, then
 * fetches the next one; concurrent callers share one fetch. When a renewal fails the current token
 * is still used while it is valid, so a brief outage of the issuer does not fail requests.
 */
export class RefreshingTokenSource implements BearerTokenSource {
  private cached: Cached | undefined;
  private pending: Promise<Cached> | undefined;
  private readonly leeway: number;

  constructor(private readonly options: RefreshingTokenSourceOptions) {
    this.leeway = options.leeway ?? 0.2;
  }

  async token(signal?: AbortSignal): Promise<string> {
    const now = this.options.clock.now();
    const cached = this.cached;
    if (cached !== undefined && now < cached.renewAt) return cached.token;
    try {
      return (await abortable(this.refresh(), signal)).token;
    } catch (err) {
      if (signal?.aborted) throw err;
      if (cached !== undefined && now < cached.expiresAt && this.cached === cached) return cached.token;
      throw err;
    }
  }

  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private refresh(): Promise<Cached> {
    if (this.pending === undefined) {
      const issuedAt = this.options.clock.now();
      this.pending = this.options
        .fetch()
        .then((issued) => {
          const lifetime = Math.max(0, issued.expiresAt - issuedAt);
          const next = { ...issued, renewAt: issued.expiresAt - lifetime * this.leeway };
          this.cached = next;
          return next;
        })
        .finally(() => {
          this.pending = undefined;
        });
    }
    return this.pending;
  }
}

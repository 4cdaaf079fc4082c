import { GRPCUnavailableError, type IOptions } from 'etcd3';

/** The policy shape etcd3 runs every call through (cockatiel's IPolicy, named without importing cockatiel). */
export type EtcdCallPolicy = NonNullable<NonNullable<IOptions['faultHandling']>['global']>;

/** Thrown by a host policy instead of calling an endpoint that just failed to connect. */
export class EndpointSkippedError extends Error {
  override readonly name = 'EndpointSkippedError';
}

// A refused or unreachable connection fails before the request is sent; only then is a retry on
// another endpoint safe for a write (the first attempt cannot have been applied).
const notSentPattern = /No connection established|ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|Failed to connect/i;

/** True when a call failed before reaching etcd, so retrying it elsewhere cannot apply it twice. */
export function isNotSent(err: unknown): boolean {
  if (err instanceof EndpointSkippedError) return true;
  return err instanceof GRPCUnavailableError && notSentPattern.test(err.message);
}

const noEvent = (): { dispose(): void } => ({ dispose() {} });

function policy(execute: <T>(fn: () => PromiseLike<T> | T) => Promise<T>): EtcdCallPolicy {
  return {
    _altReturn: undefined as never,
    onSuccess: noEvent,
    onFailure: noEvent,
    execute: <T>(fn: (context: { signal: AbortSignal }) => PromiseLike<T> | T) =>
      execute(() => fn({ signal: new AbortController().signal })),
  };
}

/**
 * Tracks which endpoints recently refused connections and builds the etcd3 fault-handling
 * policies from that: calls go to endpoints that answer, and a call that could not be sent is
 * retried on the next endpoint. Replaces etcd3's defaults, which retry any "recoverable" error
 * (unsafe for compare-and-swap writes) and shut an endpoint out for 5 s even when it is the only one.
 */
export class EndpointFailover {
  private readonly downUntil = new Map<string, number>();

  constructor(
    private readonly endpoints: readonly string[],
    private readonly cooldownMs = 1000,
  ) {}

  /** The per-endpoint policy: skips an endpoint that just failed while another one may be up. */
  hostPolicy(endpoint: string): EtcdCallPolicy {
    return policy(async (fn) => {
      if (this.isDown(endpoint) && this.endpoints.some((e) => !this.isDown(e))) {
        throw new EndpointSkippedError(`etcd endpoint ${endpoint} failed recently`);
      }
      try {
        const result = await fn();
        this.downUntil.delete(endpoint);
        return result;
      } catch (err) {
        if (isNotSent(err) || err instanceof GRPCUnavailableError) {
          this.downUntil.set(endpoint, Date.now() + this.cooldownMs);
        }
        throw err;
      }
    });
  }

  /** The policy around each whole call: retries, on the next endpoint, calls that were never sent. */
  retryPolicy(): EtcdCallPolicy {
    const attempts = Math.max(1, this.endpoints.length);
    return policy(async (fn) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await fn();
        } catch (err) {
          if (attempt >= attempts || !isNotSent(err)) throw err;
        }
      }
    });
  }

  private isDown(endpoint: string): boolean {
    const until = this.downUntil.get(endpoint);
    return until !== undefined && until > Date.now();
  }
}

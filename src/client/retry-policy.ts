import { isConnectionError, isConnectionRefused } from './connection-errors.js';
import type { HttpMethod } from './transport.js';

/** Settings of a RetryPolicy (durations in milliseconds). */
export interface RetryOptions {
  /** Retries after the first attempt (default 5; 0 disables retries). */
  readonly maxRetries?: number;
  /** First delay when the server gives no Retry-After (default 200). */
  readonly initialDelayMs?: number;
  /** Longest computed delay (default 5000). */
  readonly maxDelayMs?: number;
  /** Longest Retry-After honoured (default 60 000); longer hints are clamped. */
  readonly maxRetryAfterMs?: number;
  /** Source of randomness in [0, 1) for jitter. */
  readonly random?: () => number;
}

const idempotent: ReadonlySet<HttpMethod> = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);
const retriableStatuses: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** The delay a Retry-After header asks for (seconds or an HTTP date), if any. */
export function retryAfterMs(value: string | readonly string[] | undefined, now: number): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  const seconds = Number(text.trim());
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * When a failed request is tried again. Idempotent verbs (GET, PUT, DELETE) are retried on 429,
 * 500, 502, 503, 504 and on connection errors. POST and PATCH are retried only when the server
 * cannot have processed them: a refused connection, or a 429 carrying Retry-After (client-go's
 * rule); a 5xx or a dropped connection may come after the write happened.
 */
export class RetryPolicy {
  private readonly maxRetries: number;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly random: () => number;

  constructor(options: RetryOptions = {}) {
    this.maxRetries = options.maxRetries ?? 5;
    this.initialDelayMs = options.initialDelayMs ?? 200;
    this.maxDelayMs = options.maxDelayMs ?? 5000;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
    this.random = options.random ?? Math.random;
  }

  /** The delay before retry number `attempt + 1` of a response, or undefined to give up. */
  delayForResponse(
    method: HttpMethod,
    status: number,
    retryAfterHeader: string | readonly string[] | undefined,
    attempt: number,
    now: number,
  ): number | undefined {
    if (attempt >= this.maxRetries || !retriableStatuses.has(status)) return undefined;
    const hinted = retryAfterMs(retryAfterHeader, now);
    if (!idempotent.has(method) && !(status === 429 && hinted !== undefined)) return undefined;
    return hinted !== undefined ? Math.min(hinted, this.maxRetryAfterMs) : this.backoff(attempt);
  }

  /** The delay before retrying after a transport error, or undefined to give up. */
  delayForError(method: HttpMethod, err: unknown, attempt: number): number | undefined {
    if (attempt >= this.maxRetries) return undefined;
    const retriable = idempotent.has(method) ? isConnectionError(err) : isConnectionRefused(err);
    return retriable ? this.backoff(attempt) : undefined;
  }

  private backoff(attempt: number): number {
    const base = Math.min(this.maxDelayMs, this.initialDelayMs * 2 ** attempt);
    // Up to +50% jitter keeps clients that failed together from retrying together.
    return base * (1 + 0.5 * this.random());
  }
}

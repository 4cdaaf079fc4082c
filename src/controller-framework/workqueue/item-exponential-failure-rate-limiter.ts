import type { RateLimiter } from './rate-limiter.js';

/** What an ItemExponentialFailureRateLimiter is created with. */
export interface ItemExponentialFailureRateLimiterOptions {
  /** Delay after the first failure, in milliseconds. */
  readonly baseDelayMs: number;
  /** Cap on the delay, in milliseconds. */
  readonly maxDelayMs: number;
}

/** Per-item exponential backoff: baseDelay × 2^failures, capped at maxDelay. */
export class ItemExponentialFailureRateLimiter<T> implements RateLimiter<T> {
  private readonly failures = new Map<T, number>();
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(options: ItemExponentialFailureRateLimiterOptions) {
    this.baseDelayMs = options.baseDelayMs;
    this.maxDelayMs = options.maxDelayMs;
  }

  when(item: T): number {
    const exp = this.failures.get(item) ?? 0;
    this.failures.set(item, exp + 1);
    const backoff = this.baseDelayMs * 2 ** exp;
    return Number.isFinite(backoff) && backoff <= this.maxDelayMs ? backoff : this.maxDelayMs;
  }

  forget(item: T): void {
    this.failures.delete(item);
  }

  numRequeues(item: T): number {
    return this.failures.get(item) ?? 0;
  }
}

import { systemClock, type Clock } from '../base/clock.js';

/** Client-side request throttling: `acquire` resolves when the caller may send one request. */
export interface RateLimiter {
  /** Waits for a token; rejects with the signal's reason when aborted first. */
  acquire(signal?: AbortSignal): Promise<void>;
}

/** A limiter that never waits (`qps: Infinity`), for components that must not be throttled. */
export const unlimitedRateLimiter: RateLimiter = {
  acquire: (signal) => (signal?.aborted ? Promise.reject(signal.reason) : Promise.resolve()),
};

/** Settings of a TokenBucketRateLimiter. */
export interface TokenBucketOptions {
  /** Sustained requests per second (client-go's default is 5). */
  readonly qps: number;
  /** Requests allowed at once after idling (client-go's default is 10). */
  readonly burst: number;
  readonly clock?: Clock;
}

/**
 * client-go's token bucket (flowcontrol.NewTokenBucketRateLimiter): `burst` tokens refilled at `qps`
 * per second. Waiters reserve a token up front, so they are served in arrival order.
 */
export class TokenBucketRateLimiter implements RateLimiter {
  private readonly qps: number;
  private readonly burst: number;
  private readonly clock: Clock;
  private tokens: number;
  private last: number;

  constructor(options: TokenBucketOptions) {
    if (!(options.qps > 0)) throw new RangeError(`qps must be positive, got ${options.qps}`);
    this.qps = options.qps;
    this.burst = Math.max(1, options.burst);
    this.clock = options.clock ?? systemClock;
    this.tokens = this.burst;
    this.last = this.clock.now();
  }

  async acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    this.refill();
    // Reserving may drive the count negative: the deficit is the queue of callers already waiting.
    this.tokens -= 1;
    if (this.tokens >= 0) return;
    const waitMs = (-this.tokens / this.qps) * 1000;
    try {
      await this.clock.sleep(waitMs, signal);
    } catch (err) {
      this.tokens += 1;
      throw err;
    }
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.last);
    this.last = now;
    this.tokens = Math.min(this.burst, this.tokens + (elapsed / 1000) * this.qps);
  }
}

/** A RateLimiter for `qps`/`burst`: unlimited when qps is Infinity, else a token bucket. */
export function rateLimiterFor(options: TokenBucketOptions): RateLimiter {
  return options.qps === Infinity ? unlimitedRateLimiter : new TokenBucketRateLimiter(options);
}

import type { Clock } from '../../base/clock.js';

/** What a TokenBucket is created with. */
export interface TokenBucketOptions {
  /** Tokens added per second. */
  readonly qps: number;
  /** Bucket size; the bucket starts full. */
  readonly burst: number;
  readonly clock: Clock;
}

/**
 * A token bucket with golang.org/x/time/rate semantics: `reserve` always takes a token and says
 * how long to wait for it (the balance may go negative, so later reservations queue up behind
 * earlier ones), `tryAccept` takes one only if available now.
 */
export class TokenBucket {
  private readonly qps: number;
  private readonly burst: number;
  private readonly clock: Clock;
  private tokens: number;
  private last: number;

  constructor(options: TokenBucketOptions) {
    if (!(options.qps > 0) || !(options.burst >= 1))
      throw new Error('token bucket needs qps > 0 and burst >= 1');
    this.qps = options.qps;
    this.burst = options.burst;
    this.clock = options.clock;
    this.tokens = options.burst;
    this.last = options.clock.now();
  }

  /** Takes a token; returns the milliseconds until it is actually available (0 when now). */
  reserve(): number {
    this.refill();
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.qps) * 1000;
  }

  /** Takes a token if one is available now; false (and nothing taken) otherwise. */
  tryAccept(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private refill(): void {
    const now = this.clock.now();
    // A clock that moved backwards refills nothing rather than draining the bucket.
    const elapsed = Math.max(0, now - this.last);
    this.tokens = Math.min(this.burst, this.tokens + (elapsed / 1000) * this.qps);
    this.last = Math.max(this.last, now);
  }
}

import type { Clock } from '../../base/clock.js';
import { TokenBucket } from '../../controller-framework/index.js';

/** One queued node: when it was added and when it is due. */
export interface TimedValue {
  readonly value: string;
  readonly uid: string;
  readonly addedAt: number;
  processAt: number;
}

/**
 * Nodes waiting to be tainted in one zone, released at most at the zone's rate (upstream's
 * RateLimitedTimedQueue with a token bucket of burst 1; rate 0 releases nothing).
 */
export class RateLimitedTimedQueue {
  private readonly clock: Clock;
  private readonly items = new Map<string, TimedValue>();
  // Values handled once stay here, so they are not queued again until explicitly removed.
  private readonly seen = new Set<string>();
  private limiter: TokenBucket | undefined;
  private qps: number;

  constructor(options: { readonly clock: Clock; readonly qps: number }) {
    this.clock = options.clock;
    this.qps = options.qps;
    this.limiter =
      options.qps > 0 ? new TokenBucket({ qps: options.qps, burst: 1, clock: options.clock }) : undefined;
  }

  /** The current rate. */
  get rate(): number {
    return this.qps;
  }

  /** Queues `value` now; false when it is queued or was handled and not removed since. */
  add(value: string, uid: string): boolean {
    if (this.seen.has(value)) return false;
    this.seen.add(value);
    const now = this.clock.now();
    this.items.set(value, { value, uid, addedAt: now, processAt: now });
    return true;
  }

  /** Forgets `value` so it can be queued again; true when it was known. */
  remove(value: string): boolean {
    this.items.delete(value);
    return this.seen.delete(value);
  }

  /** True when `value` is waiting to be handled. */
  has(value: string): boolean {
    return this.items.has(value);
  }

  /**
   * Hands due items to `fn` in order while the rate allows; `fn` answers whether the item is done
   * or, if not, after how many milliseconds to retry it.
   */
  async try(
    fn: (v: TimedValue) => Promise<{ done: true } | { done: false; retryAfterMs: number }>,
  ): Promise<void> {
    for (let head = this.head(); head !== undefined; head = this.head()) {
      // A token is spent even when the head is not due yet, exactly as upstream.
      if (this.limiter === undefined || !this.limiter.tryAccept()) return;
      const now = this.clock.now();
      if (now < head.processAt) return;
      const result = await fn(head);
      if (result.done) this.items.delete(head.value);
      else head.processAt = now + result.retryAfterMs + 1;
    }
  }

  /** Changes the rate; a bucket that was empty leaves the new one empty too (SwapLimiter). */
  swapLimiter(qps: number): void {
    if (qps === this.qps) return;
    const wasWaiting = this.limiter === undefined || !this.limiter.tryAccept();
    this.qps = qps;
    if (qps <= 0) {
      this.limiter = undefined;
      return;
    }
    this.limiter = new TokenBucket({ qps, burst: 1, clock: this.clock });
    if (wasWaiting) this.limiter.tryAccept();
  }

  private head(): TimedValue | undefined {
    let best: TimedValue | undefined;
    for (const item of this.items.values()) {
      if (best === undefined || item.processAt < best.processAt) best = item;
    }
    return best;
  }
}

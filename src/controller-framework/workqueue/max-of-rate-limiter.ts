import type { RateLimiter } from './rate-limiter.js';

/** Combines limiters: the longest wait of any of them, and the most requeues any of them counted. */
export class MaxOfRateLimiter<T> implements RateLimiter<T> {
  private readonly limiters: readonly RateLimiter<T>[];

  constructor(options: { readonly limiters: readonly RateLimiter<T>[] }) {
    this.limiters = options.limiters;
  }

  when(item: T): number {
    // Every limiter is asked, so each records the failure even when another one wins.
    let longest = 0;
    for (const limiter of this.limiters) longest = Math.max(longest, limiter.when(item));
    return longest;
  }

  forget(item: T): void {
    for (const limiter of this.limiters) limiter.forget(item);
  }

  numRequeues(item: T): number {
    let most = 0;
    for (const limiter of this.limiters) most = Math.max(most, limiter.numRequeues(item));
    return most;
  }
}

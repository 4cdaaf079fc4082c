import { systemClock } from '../../base/clock.js';
import type { Clock } from '../../base/clock.js';
import { BucketRateLimiter } from './bucket-rate-limiter.js';
import { ItemExponentialFailureRateLimiter } from './item-exponential-failure-rate-limiter.js';
import { MaxOfRateLimiter } from './max-of-rate-limiter.js';
import type { RateLimiter } from './rate-limiter.js';

/**
 * Upstream's DefaultControllerRateLimiter: per-item backoff from 5 ms doubling to 1000 s, and
 * overall no more than 10 retries a second with bursts of 100, whichever waits longer.
 */
export function defaultControllerRateLimiter<T>(options: { readonly clock?: Clock } = {}): RateLimiter<T> {
  return new MaxOfRateLimiter<T>({
    limiters: [
      new ItemExponentialFailureRateLimiter<T>({ baseDelayMs: 5, maxDelayMs: 1000 * 1000 }),
      new BucketRateLimiter<T>({ qps: 10, burst: 100, clock: options.clock ?? systemClock }),
    ],
  });
}

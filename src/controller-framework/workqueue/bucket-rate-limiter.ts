import { TokenBucket } from './token-bucket.js';
import type { TokenBucketOptions } from './token-bucket.js';
import type { RateLimiter } from './rate-limiter.js';

/**
 * An overall limit shared by every item: each retry takes a token from one bucket and waits for
 * it. It keeps no per-item state, so forget and numRequeues do nothing.
 */
export class BucketRateLimiter<T> implements RateLimiter<T> {
  private readonly bucket: TokenBucket;

  constructor(options: TokenBucketOptions) {
    this.bucket = new TokenBucket(options);
  }

  when(_item: T): number {
    return this.bucket.reserve();
  }

  forget(_item: T): void {}

  numRequeues(_item: T): number {
    return 0;
  }
}

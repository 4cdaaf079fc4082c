import { DelayingQueue } from './delaying-queue.js';
import { defaultControllerRateLimiter } from './default-controller-rate-limiter.js';
import type { QueueOptions } from './queue.js';
import type { RateLimiter } from './rate-limiter.js';

/** What a RateLimitingQueue is created with. */
export interface RateLimitingQueueOptions<T> extends QueueOptions {
  /** How long retries wait (default: defaultControllerRateLimiter on the queue's clock). */
  readonly rateLimiter?: RateLimiter<T>;
}

/** A DelayingQueue whose retries wait as long as its rate limiter says (client-go's RateLimitingInterface). */
export class RateLimitingQueue<T> extends DelayingQueue<T> {
  private readonly rateLimiter: RateLimiter<T>;

  constructor(options: RateLimitingQueueOptions<T> = {}) {
    super(options);
    this.rateLimiter = options.rateLimiter ?? defaultControllerRateLimiter<T>({ clock: this.clock });
  }

  /** Adds `item` after the rate limiter's delay for it (which also counts a requeue). */
  addRateLimited(item: T): void {
    this.addAfter(item, this.rateLimiter.when(item));
  }

  /** Resets `item`'s backoff; call it when the item succeeded or will not be retried. */
  forget(item: T): void {
    this.rateLimiter.forget(item);
  }

  /** How many times `item` was requeued through addRateLimited since it was last forgotten. */
  numRequeues(item: T): number {
    return this.rateLimiter.numRequeues(item);
  }
}

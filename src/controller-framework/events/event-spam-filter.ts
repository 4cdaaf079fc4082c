import type { Event } from 'kubernetes-types/core/v1.js';
import type { Clock } from '../../base/clock.js';
import { TokenBucket } from '../workqueue/token-bucket.js';
import { spamKey } from './event-keys.js';
import { LruCache } from './lru-cache.js';

/** What an EventSpamFilter is created with. */
export interface EventSpamFilterOptions {
  readonly clock: Clock;
  /** Events a source may send about one object at once (upstream 25). */
  readonly burst: number;
  /** Refill rate per source and object (upstream 1/300: one event every 5 minutes). */
  readonly qps: number;
  readonly cacheSize: number;
}

/**
 * Throttles events per source and object with a token bucket each (client-go's
 * EventSourceObjectSpamFilter), curbing the long tail of objects that are always unhealthy.
 */
export class EventSpamFilter {
  private readonly buckets: LruCache<TokenBucket>;
  private readonly options: EventSpamFilterOptions;

  constructor(options: EventSpamFilterOptions) {
    this.options = options;
    this.buckets = new LruCache(options.cacheSize);
  }

  /** True when `event` should be dropped. */
  filter(event: Event): boolean {
    const key = spamKey(event);
    let bucket = this.buckets.get(key);
    bucket ??= new TokenBucket({
      qps: this.options.qps,
      burst: this.options.burst,
      clock: this.options.clock,
    });
    const skip = !bucket.tryAccept();
    this.buckets.add(key, bucket);
    return skip;
  }
}

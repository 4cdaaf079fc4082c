import type { Event } from 'kubernetes-types/core/v1.js';
import type { Clock } from '../../base/clock.js';
import { formatRfc3339 } from '../../base/rfc3339.js';
import { aggregateKeys, eventKey } from './event-keys.js';
import { eventName } from './event-name.js';
import { LruCache } from './lru-cache.js';

/** The prefix of an aggregated event's message (client-go's EventAggregatorByReasonMessageFunc). */
export const aggregatedMessagePrefix = '(combined from similar events): ';

/** What an EventAggregator is created with. */
export interface EventAggregatorOptions {
  readonly clock: Clock;
  /** Distinct messages within the interval before aggregation starts (upstream 10). */
  readonly maxEvents: number;
  /** How long a group stays open after its last event, in milliseconds (upstream 10 minutes). */
  readonly maxIntervalMs: number;
  readonly cacheSize: number;
}

interface AggregateRecord {
  readonly localKeys: Set<string>;
  lastTimestamp: number;
}

/**
 * Collapses similar events, those differing only in message, once maxEvents distinct messages
 * arrive within maxInterval: from then on they become one event whose message is the latest
 * with the "(combined from similar events): " prefix, counted like any repeated event.
 */
export class EventAggregator {
  private readonly cache: LruCache<AggregateRecord>;
  private readonly options: EventAggregatorOptions;

  constructor(options: EventAggregatorOptions) {
    this.options = options;
    this.cache = new LruCache(options.cacheSize);
  }

  /** The event to record (the input, or an aggregate) and the key to correlate it under. */
  aggregate(event: Event): { event: Event; key: string } {
    const now = this.options.clock.now();
    const { aggregateKey, localKey } = aggregateKeys(event);
    let record = this.cache.get(aggregateKey);
    if (record === undefined || now - record.lastTimestamp > this.options.maxIntervalMs) {
      record = { localKeys: new Set(), lastTimestamp: now };
    }
    record.localKeys.add(localKey);
    record.lastTimestamp = now;
    this.cache.add(aggregateKey, record);

    if (record.localKeys.size < this.options.maxEvents) return { event, key: eventKey(event) };

    // Keep the set at its threshold so every later similar event is aggregated too.
    const any = record.localKeys.values().next();
    if (!any.done) record.localKeys.delete(any.value);
    const timestamp = formatRfc3339(now);
    const aggregated: Event = {
      metadata: {
        name: eventName(event.involvedObject.name ?? '', now),
        namespace: event.metadata.namespace,
      },
      count: 1,
      firstTimestamp: timestamp,
      lastTimestamp: timestamp,
      involvedObject: event.involvedObject,
      message: aggregatedMessagePrefix + (event.message ?? ''),
      type: event.type,
      reason: event.reason,
      ...(event.source ? { source: event.source } : {}),
      // Upstream's aggregate drops these; keeping them tells a reader who reported it.
      ...(event.reportingComponent !== undefined ? { reportingComponent: event.reportingComponent } : {}),
      ...(event.reportingInstance !== undefined ? { reportingInstance: event.reportingInstance } : {}),
    };
    return { event: aggregated, key: aggregateKey };
  }
}

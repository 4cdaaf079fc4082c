import type { Event } from 'kubernetes-types/core/v1.js';
import { systemClock } from '../../base/clock.js';
import type { Clock } from '../../base/clock.js';
import { EventAggregator } from './event-aggregator.js';
import { EventObserver } from './event-observer.js';
import type { EventPatch } from './event-sink.js';
import { EventSpamFilter } from './event-spam-filter.js';

/** What an EventCorrelator is created with; every field has client-go's default. */
export interface EventCorrelatorOptions {
  readonly clock?: Clock;
  /** Entries per cache (4096). */
  readonly cacheSize?: number;
  /** Spam filter burst per source and object (25). */
  readonly spamBurst?: number;
  /** Spam filter refill per second (1/300). */
  readonly spamQps?: number;
  /** Distinct similar messages before aggregation (10). */
  readonly maxEvents?: number;
  /** Aggregation window in milliseconds (10 minutes). */
  readonly maxIntervalMs?: number;
}

/** The outcome of correlating one event. */
export type CorrelateResult =
  { readonly skip: true } | { readonly skip: false; readonly event: Event; readonly patch?: EventPatch };

/**
 * client-go's EventCorrelator: aggregates similar events, counts identical ones into a patch
 * of the first occurrence, and drops what exceeds the per-source-and-object rate.
 */
export class EventCorrelator {
  private readonly aggregator: EventAggregator;
  private readonly observer: EventObserver;
  private readonly spamFilter: EventSpamFilter;

  constructor(options: EventCorrelatorOptions = {}) {
    const clock = options.clock ?? systemClock;
    const cacheSize = options.cacheSize ?? 4096;
    this.aggregator = new EventAggregator({
      clock,
      cacheSize,
      maxEvents: options.maxEvents ?? 10,
      maxIntervalMs: options.maxIntervalMs ?? 600_000,
    });
    this.observer = new EventObserver({ cacheSize });
    this.spamFilter = new EventSpamFilter({
      clock,
      cacheSize,
      burst: options.spamBurst ?? 25,
      qps: options.spamQps ?? 1 / 300,
    });
  }

  /** What to write for `event`: skip it, create it, or patch an earlier occurrence. */
  correlate(event: Event): CorrelateResult {
    const aggregated = this.aggregator.aggregate(event);
    const observed = this.observer.observe(aggregated.event, aggregated.key);
    if (this.spamFilter.filter(observed.event)) return { skip: true };
    return { skip: false, ...observed };
  }

  /** Takes in the server's copy of a written event (its name and resourceVersion). */
  updateState(stored: Event): void {
    this.observer.updateState(stored);
  }
}

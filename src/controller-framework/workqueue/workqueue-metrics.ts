import type { Clock } from '../../base/clock.js';
import { defaultRegistry, exponentialBuckets } from '../../base/metrics/index.js';
import type {
  Collector,
  Counter,
  Gauge,
  Histogram,
  MetricFamily,
  Registry,
} from '../../base/metrics/index.js';

/** The hooks a queue calls as items move through it; one instance per named queue. */
export interface QueueMetrics<T> {
  /** An item entered the queue (it was not already waiting). */
  add(item: T): void;
  /** A worker took the item. */
  get(item: T): void;
  /** The worker finished the item. */
  done(item: T): void;
  /** The item was scheduled for a later retry (addAfter). */
  retry(): void;
}

/** Metrics for unnamed queues, which upstream does not record either. */
export const noopQueueMetrics: QueueMetrics<unknown> = {
  add: () => {},
  get: () => {},
  done: () => {},
  retry: () => {},
};

/** What WorkqueueMetrics registers into. */
export interface WorkqueueMetricsOptions {
  readonly registry: Registry;
}

// client-go's buckets for both duration histograms: 10 ns to 10 s.
const durationBuckets = exponentialBuckets(10e-9, 10, 10);

/**
 * The workqueue_* families of client-go (component-base's workqueue provider), labelled by queue
 * `name`. The two in-progress gauges are computed at scrape time instead of on a 500 ms ticker,
 * so no timer keeps running and a scrape always sees current values.
 */
export class WorkqueueMetrics {
  readonly depth: Gauge<readonly ['name']>;
  readonly adds: Counter<readonly ['name']>;
  readonly queueDuration: Histogram<readonly ['name']>;
  readonly workDuration: Histogram<readonly ['name']>;
  readonly retries: Counter<readonly ['name']>;
  private readonly live = new Set<NamedQueueMetrics<unknown>>();

  constructor(options: WorkqueueMetricsOptions) {
    const { registry } = options;
    this.depth = registry.gauge({
      name: 'workqueue_depth',
      help: 'Current depth of workqueue',
      labelNames: ['name'] as const,
    });
    this.adds = registry.counter({
      name: 'workqueue_adds_total',
      help: 'Total number of adds handled by workqueue',
      labelNames: ['name'] as const,
    });
    this.queueDuration = registry.histogram({
      name: 'workqueue_queue_duration_seconds',
      help: 'How long in seconds an item stays in workqueue before being requested.',
      labelNames: ['name'] as const,
      buckets: durationBuckets,
    });
    this.workDuration = registry.histogram({
      name: 'workqueue_work_duration_seconds',
      help: 'How long in seconds processing an item from workqueue takes.',
      labelNames: ['name'] as const,
      buckets: durationBuckets,
    });
    this.retries = registry.counter({
      name: 'workqueue_retries_total',
      help: 'Total number of retries handled by workqueue',
      labelNames: ['name'] as const,
    });
    registry.register(
      this.scrapeTimeGauge(
        'workqueue_unfinished_work_seconds',
        "How many seconds of work has done that is in progress and hasn't been observed by work_duration. " +
          'Large values indicate stuck threads. One can deduce the number of stuck threads by observing the rate at which this increases.',
        (q) => q.inProgress().total,
      ),
    );
    registry.register(
      this.scrapeTimeGauge(
        'workqueue_longest_running_processor_seconds',
        'How many seconds has the longest running processor for workqueue been running.',
        (q) => q.inProgress().longest,
      ),
    );
  }

  /** The hooks for the queue called `name`, reading time from `clock`. */
  forQueue<T>(name: string, clock: Clock): QueueMetrics<T> {
    const metrics = new NamedQueueMetrics<T>(this, name, clock);
    this.live.add(metrics as NamedQueueMetrics<unknown>);
    return metrics;
  }

  private scrapeTimeGauge(
    name: string,
    help: string,
    value: (q: NamedQueueMetrics<unknown>) => number,
  ): Collector {
    const live = this.live;
    return {
      name,
      collect(): MetricFamily {
        const byQueue = new Map<string, number>();
        for (const q of live) byQueue.set(q.name, (byQueue.get(q.name) ?? 0) + value(q));
        const samples = [...byQueue.entries()]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([queue, v]) => ({ name, labels: [['name', queue]] as const, value: v }));
        return { name, help, type: 'gauge', samples };
      },
    };
  }
}

class NamedQueueMetrics<T> implements QueueMetrics<T> {
  private readonly addTimes = new Map<T, number>();
  private readonly processingStartTimes = new Map<T, number>();

  constructor(
    private readonly families: WorkqueueMetrics,
    readonly name: string,
    private readonly clock: Clock,
  ) {}

  add(item: T): void {
    this.families.adds.labels(this.name).inc();
    this.families.depth.labels(this.name).inc();
    if (!this.addTimes.has(item)) this.addTimes.set(item, this.clock.now());
  }

  get(item: T): void {
    const now = this.clock.now();
    this.families.depth.labels(this.name).dec();
    const added = this.addTimes.get(item);
    if (added !== undefined) {
      this.families.queueDuration.labels(this.name).observe((now - added) / 1000);
      this.addTimes.delete(item);
    }
    this.processingStartTimes.set(item, now);
  }

  done(item: T): void {
    const started = this.processingStartTimes.get(item);
    if (started === undefined) return;
    this.families.workDuration.labels(this.name).observe((this.clock.now() - started) / 1000);
    this.processingStartTimes.delete(item);
  }

  retry(): void {
    this.families.retries.labels(this.name).inc();
  }

  /** Seconds of unfinished work in total, and of the longest-running item. */
  inProgress(): { total: number; longest: number } {
    const now = this.clock.now();
    let total = 0;
    let longest = 0;
    for (const started of this.processingStartTimes.values()) {
      const seconds = (now - started) / 1000;
      total += seconds;
      longest = Math.max(longest, seconds);
    }
    return { total, longest };
  }
}

let defaultMetrics: WorkqueueMetrics | undefined;

/** The workqueue families in the process-wide default registry, registered on first use. */
export function defaultWorkqueueMetrics(): WorkqueueMetrics {
  defaultMetrics ??= new WorkqueueMetrics({ registry: defaultRegistry() });
  return defaultMetrics;
}

import { defaultBuckets } from './buckets.js';
import { LabeledChildren } from './labeled-children.js';
import type { LabelValues } from './labeled-children.js';
import type { Collector, MetricFamily, Sample } from './metric-family.js';
import type { MetricOptions } from './metric-options.js';
import { assertMetricName } from './metric-names.js';
import { formatSampleValue } from './format-sample-value.js';

/** What a histogram is created with. */
export interface HistogramOptions<N extends readonly string[]> extends MetricOptions<N> {
  /** Upper bounds, strictly increasing (default: the Go client's defaultBuckets); +Inf is implicit. */
  readonly buckets?: readonly number[];
}

/** A histogram series' state: cumulative counts per upper bound (ending with +Inf), sum and count. */
export interface HistogramSnapshot {
  readonly buckets: readonly { readonly le: number; readonly count: number }[];
  readonly sum: number;
  readonly count: number;
}

/** One histogram time series. */
export interface HistogramChild {
  /** Records one observation. */
  observe(value: number): void;
  /** The current state. */
  snapshot(): HistogramSnapshot;
}

class HistogramValue implements HistogramChild {
  /** Observations per bucket, not cumulative; the last slot is above every bound (+Inf only). */
  private readonly counts: number[];
  private sum = 0;
  private count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Array<number>(bounds.length + 1).fill(0);
  }

  observe(value: number): void {
    let lo = 0;
    let hi = this.bounds.length;
    // First bound >= value (a bucket counts observations less than or equal to its bound).
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.bounds[mid]! >= value) hi = mid;
      else lo = mid + 1;
    }
    this.counts[lo]!++;
    this.sum += value;
    this.count++;
  }

  snapshot(): HistogramSnapshot {
    let cumulative = 0;
    const buckets = this.counts.map((n, i) => {
      cumulative += n;
      return { le: i < this.bounds.length ? this.bounds[i]! : Infinity, count: cumulative };
    });
    return { buckets, sum: this.sum, count: this.count };
  }
}

/**
 * A distribution of observations in fixed buckets, optionally split by labels; exposed as
 * cumulative `_bucket{le="..."}` series ending at +Inf, then `_sum` and `_count`.
 */
export class Histogram<const N extends readonly string[] = readonly []> implements Collector {
  readonly name: string;
  readonly help: string;
  /** The finite upper bounds in use. */
  readonly buckets: readonly number[];
  private readonly children: LabeledChildren<HistogramValue>;

  constructor(options: HistogramOptions<N>) {
    assertMetricName(options.name);
    this.name = options.name;
    this.help = options.help;
    this.buckets = validBuckets(options.name, options.buckets ?? defaultBuckets);
    this.children = new LabeledChildren(
      options.name,
      options.labelNames ?? [],
      () => new HistogramValue(this.buckets),
      ['le'],
    );
    this.reset();
  }

  /** The series for these label values (one per label name, in order), created on first use. */
  labels(...values: LabelValues<N>): HistogramChild {
    return this.children.get(values);
  }

  /** Records an observation in the unlabeled series; throws on a labeled histogram. */
  observe(value: number): void {
    this.unlabeled().observe(value);
  }

  /** The unlabeled series' state; throws on a labeled histogram. */
  snapshot(): HistogramSnapshot {
    return this.unlabeled().snapshot();
  }

  /** Drops the series for these label values; true when it existed. */
  remove(...values: LabelValues<N>): boolean {
    return this.children.delete(values);
  }

  /** Drops every labeled series and empties the unlabeled one. */
  reset(): void {
    this.children.clear();
    if (this.children.labelNames.length === 0) this.children.get([]);
  }

  /** The family as of now, series sorted by label values. */
  collect(): MetricFamily {
    const samples: Sample[] = [];
    for (const { labels, child } of this.children.sorted()) {
      const state = child.snapshot();
      for (const bucket of state.buckets) {
        samples.push({
          name: `${this.name}_bucket`,
          labels: [...labels, ['le', formatSampleValue(bucket.le)]],
          value: bucket.count,
        });
      }
      samples.push({ name: `${this.name}_sum`, labels, value: state.sum });
      samples.push({ name: `${this.name}_count`, labels, value: state.count });
    }
    return { name: this.name, help: this.help, type: 'histogram', samples };
  }

  private unlabeled(): HistogramValue {
    if (this.children.labelNames.length > 0)
      throw new Error(`metric ${this.name} has labels; use labels(...)`);
    return this.children.get([]);
  }
}

// A trailing +Inf is accepted and dropped (it is always added); anything else out of order is a bug.
function validBuckets(metric: string, buckets: readonly number[]): readonly number[] {
  const finite =
    buckets.length > 0 && buckets[buckets.length - 1] === Infinity ? buckets.slice(0, -1) : buckets;
  for (let i = 0; i < finite.length; i++) {
    if (!Number.isFinite(finite[i]) || (i > 0 && finite[i]! <= finite[i - 1]!)) {
      throw new Error(`histogram ${metric} buckets must be finite and strictly increasing`);
    }
  }
  return Object.freeze([...finite]);
}

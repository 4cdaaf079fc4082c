import { LabeledChildren } from './labeled-children.js';
import type { LabelValues } from './labeled-children.js';
import type { Collector, MetricFamily } from './metric-family.js';
import type { MetricOptions } from './metric-options.js';
import { assertMetricName } from './metric-names.js';

/** One gauge time series. */
export interface GaugeChild {
  /** Sets the value. */
  set(value: number): void;
  /** Adds `amount` (default 1). */
  inc(amount?: number): void;
  /** Subtracts `amount` (default 1). */
  dec(amount?: number): void;
  /** The current value. */
  get(): number;
}

class GaugeValue implements GaugeChild {
  private value = 0;

  set(value: number): void {
    this.value = value;
  }

  inc(amount = 1): void {
    this.value += amount;
  }

  dec(amount = 1): void {
    this.value -= amount;
  }

  get(): number {
    return this.value;
  }
}

/**
 * A value that goes up and down, optionally split by labels. An unlabeled gauge exposes 0 from
 * creation; a labeled one exposes only the label combinations used so far.
 */
export class Gauge<const N extends readonly string[] = readonly []> implements Collector {
  readonly name: string;
  readonly help: string;
  private readonly children: LabeledChildren<GaugeValue>;

  constructor(options: MetricOptions<N>) {
    assertMetricName(options.name);
    this.name = options.name;
    this.help = options.help;
    this.children = new LabeledChildren(options.name, options.labelNames ?? [], () => new GaugeValue());
    this.reset();
  }

  /** The series for these label values (one per label name, in order), created on first use. */
  labels(...values: LabelValues<N>): GaugeChild {
    return this.children.get(values);
  }

  /** Sets the unlabeled series; throws on a labeled gauge. */
  set(value: number): void {
    this.unlabeled().set(value);
  }

  /** Adds to the unlabeled series; throws on a labeled gauge. */
  inc(amount?: number): void {
    this.unlabeled().inc(amount);
  }

  /** Subtracts from the unlabeled series; throws on a labeled gauge. */
  dec(amount?: number): void {
    this.unlabeled().dec(amount);
  }

  /** The unlabeled series' value; throws on a labeled gauge. */
  get(): number {
    return this.unlabeled().get();
  }

  /** Drops the series for these label values; true when it existed. */
  remove(...values: LabelValues<N>): boolean {
    return this.children.delete(values);
  }

  /** Drops every labeled series and zeroes the unlabeled one. */
  reset(): void {
    this.children.clear();
    if (this.children.labelNames.length === 0) this.children.get([]);
  }

  /** The family as of now, series sorted by label values. */
  collect(): MetricFamily {
    return {
      name: this.name,
      help: this.help,
      type: 'gauge',
      samples: this.children
        .sorted()
        .map(({ labels, child }) => ({ name: this.name, labels, value: child.get() })),
    };
  }

  private unlabeled(): GaugeValue {
    if (this.children.labelNames.length > 0)
      throw new Error(`metric ${this.name} has labels; use labels(...)`);
    return this.children.get([]);
  }
}

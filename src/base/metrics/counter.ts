import { LabeledChildren } from './labeled-children.js';
import type { LabelValues } from './labeled-children.js';
import type { Collector, MetricFamily } from './metric-family.js';
import type { MetricOptions } from './metric-options.js';
import { assertMetricName } from './metric-names.js';

/** One counter time series. */
export interface CounterChild {
  /** Adds `amount` (default 1); throws on a negative amount, since counters only go up. */
  inc(amount?: number): void;
  /** The current value. */
  get(): number;
}

class CounterValue implements CounterChild {
  private value = 0;

  inc(amount = 1): void {
    if (amount < 0) throw new Error(`counter cannot decrease in value (inc by ${amount})`);
    this.value += amount;
  }

  get(): number {
    return this.value;
  }
}

/**
 * A monotonically increasing count, optionally split by labels. An unlabeled counter exposes 0
 * from creation; a labeled one exposes only the label combinations used so far.
 */
export class Counter<const N extends readonly string[] = readonly []> implements Collector {
  readonly name: string;
  readonly help: string;
  private readonly children: LabeledChildren<CounterValue>;

  constructor(options: MetricOptions<N>) {
    assertMetricName(options.name);
    this.name = options.name;
    this.help = options.help;
    this.children = new LabeledChildren(options.name, options.labelNames ?? [], () => new CounterValue());
    this.reset();
  }

  /** The series for these label values (one per label name, in order), created on first use. */
  labels(...values: LabelValues<N>): CounterChild {
    return this.children.get(values);
  }

  /** Adds to the unlabeled series; throws on a labeled counter. */
  inc(amount?: number): void {
    this.unlabeled().inc(amount);
  }

  /** The unlabeled series' value; throws on a labeled counter. */
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
      type: 'counter',
      samples: this.children
        .sorted()
        .map(({ labels, child }) => ({ name: this.name, labels, value: child.get() })),
    };
  }

  private unlabeled(): CounterValue {
    if (this.children.labelNames.length > 0)
      throw new Error(`metric ${this.name} has labels; use labels(...)`);
    return this.children.get([]);
  }
}

import type { LabelPair } from './metric-family.js';
import { assertLabelNames } from './metric-names.js';

/** Label values in the order of a metric's label names (a fixed-length tuple when the names are literal). */
export type LabelValues<N extends readonly string[]> = { readonly [K in keyof N]: string };

/** One child with its labels sorted by name, the order the Go client writes them in. */
export interface LabeledChild<C> {
  readonly labels: readonly LabelPair[];
  readonly child: C;
}

/**
 * The children of a labeled metric, one per distinct combination of label values, created on
 * first use. Shared by Counter, Gauge and Histogram.
 */
export class LabeledChildren<C> {
  private readonly children = new Map<string, LabeledChild<C>>();
  /** Indexes into labelNames, sorted by name. */
  private readonly order: number[];

  constructor(
    private readonly metric: string,
    readonly labelNames: readonly string[],
    private readonly create: () => C,
    reserved: readonly string[] = [],
  ) {
    assertLabelNames(metric, labelNames, reserved);
    this.order = labelNames.map((_, i) => i).sort((a, b) => compare(labelNames[a]!, labelNames[b]!));
  }

  /** The child for `values`, created when new; throws when the count of values is wrong. */
  get(values: readonly string[]): C {
    if (values.length !== this.labelNames.length) {
      throw new Error(
        `metric ${this.metric} has ${this.labelNames.length} labels (${this.labelNames.join(', ')}), got ${values.length} values`,
      );
    }
    const key = values.join('\u0000');
    let entry = this.children.get(key);
    if (entry === undefined) {
      const labels = this.order.map((i): LabelPair => [this.labelNames[i]!, String(values[i])]);
      entry = { labels, child: this.create() };
      this.children.set(key, entry);
    }
    return entry.child;
  }

  /** Forgets the child for `values`; true when it existed. */
  delete(values: readonly string[]): boolean {
    return this.children.delete(values.join('\u0000'));
  }

  /** Forgets every child. */
  clear(): void {
    this.children.clear();
  }

  /** Children sorted by their label values (in label-name order), as the Go client sorts metrics. */
  sorted(): LabeledChild<C>[] {
    return [...this.children.values()].sort((a, b) => {
      for (let i = 0; i < a.labels.length; i++) {
        const c = compare(a.labels[i]![1], b.labels[i]![1]);
        if (c !== 0) return c;
      }
      return 0;
    });
  }
}

// Go compares strings bytewise; code-unit order agrees with it for everything but astral characters.
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

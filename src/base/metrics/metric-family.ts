/** The metric types the text format names in its TYPE line. */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'untyped';

/** A label name and its value. */
export type LabelPair = readonly [name: string, value: string];

/** One exposition line: full sample name (with any _bucket/_sum/_count suffix), labels in output order, value. */
export interface Sample {
  readonly name: string;
  readonly labels: readonly LabelPair[];
  readonly value: number;
}

/** Everything one metric exposes at a scrape. */
export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  /** In output order; a family without samples is not rendered. */
  readonly samples: readonly Sample[];
}

/** Anything a Registry can scrape: the built-in metrics, or a custom one computed at scrape time. */
export interface Collector {
  readonly name: string;
  collect(): MetricFamily;
}

export type { Collector, LabelPair, MetricFamily, MetricType, Sample } from './metric-family.js';
export type { MetricOptions } from './metric-options.js';
export type { LabelValues } from './labeled-children.js';
export { Counter } from './counter.js';
export type { CounterChild } from './counter.js';
export { Gauge } from './gauge.js';
export type { GaugeChild } from './gauge.js';
export { Histogram } from './histogram.js';
export type { HistogramChild, HistogramOptions, HistogramSnapshot } from './histogram.js';
export {
  apiserverRequestDurationBuckets,
  defaultBuckets,
  exponentialBuckets,
  linearBuckets,
} from './buckets.js';
export { Registry } from './registry.js';
export { defaultRegistry } from './default-registry.js';
export { prometheusTextContentType, renderTextFormat } from './render-text-format.js';

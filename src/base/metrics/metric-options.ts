/** What every metric is created with. */
export interface MetricOptions<N extends readonly string[]> {
  /** Metric name, e.g. apiserver_request_total. */
  readonly name: string;
  /** One-line description for the HELP line. */
  readonly help: string;
  /** Label names; `.labels(...)` then takes one value per name, in this order. */
  readonly labelNames?: N;
}

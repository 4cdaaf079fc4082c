import { Counter } from './counter.js';
import { Gauge } from './gauge.js';
import { Histogram } from './histogram.js';
import type { HistogramOptions } from './histogram.js';
import type { Collector, MetricFamily } from './metric-family.js';
import type { MetricOptions } from './metric-options.js';
import { renderTextFormat } from './render-text-format.js';

/** A set of metrics scraped together, e.g. everything one component serves on /metrics. */
export class Registry {
  private readonly collectors = new Map<string, Collector>();

  /** Adds `collector` and returns it; throws when its name is already registered. */
  register<C extends Collector>(collector: C): C {
    if (this.collectors.has(collector.name)) {
      throw new Error(`a metric named ${collector.name} is already registered`);
    }
    this.collectors.set(collector.name, collector);
    return collector;
  }

  /** Removes the collector named `name`; true when there was one. */
  unregister(name: string): boolean {
    return this.collectors.delete(name);
  }

  /** The registered collector named `name`, if any. */
  get(name: string): Collector | undefined {
    return this.collectors.get(name);
  }

  /** Creates and registers a Counter. */
  counter<const N extends readonly string[] = readonly []>(options: MetricOptions<N>): Counter<N> {
    return this.register(new Counter<N>(options));
  }

  /** Creates and registers a Gauge. */
  gauge<const N extends readonly string[] = readonly []>(options: MetricOptions<N>): Gauge<N> {
    return this.register(new Gauge<N>(options));
  }

  /** Creates and registers a Histogram. */
  histogram<const N extends readonly string[] = readonly []>(options: HistogramOptions<N>): Histogram<N> {
    return this.register(new Histogram<N>(options));
  }

  /** Every family as of now, sorted by name as the Go client gathers them. */
  collect(): MetricFamily[] {
    return [...this.collectors.values()]
      .map((collector) => collector.collect())
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The body of a /metrics response (text exposition format 0.0.4). */
  render(): string {
    return renderTextFormat(this.collect());
  }
}

const metricNamePattern = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const labelNamePattern = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Throws unless `name` is a valid Prometheus metric name. */
export function assertMetricName(name: string): void {
  if (!metricNamePattern.test(name)) throw new Error(`invalid metric name ${JSON.stringify(name)}`);
}

/**
 * Throws unless every label name is valid, not reserved (`__` prefix, or `reserved` such as a
 * histogram's `le`) and unique.
 */
export function assertLabelNames(
  metric: string,
  names: readonly string[],
  reserved: readonly string[] = [],
): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (!labelNamePattern.test(name) || name.startsWith('__') || reserved.includes(name)) {
      throw new Error(`invalid label name ${JSON.stringify(name)} for metric ${metric}`);
    }
    if (seen.has(name)) throw new Error(`duplicate label name ${JSON.stringify(name)} for metric ${metric}`);
    seen.add(name);
  }
}

/** The Go client's default histogram buckets (prometheus.DefBuckets), in seconds. */
export const defaultBuckets: readonly number[] = Object.freeze([
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]);

/** Upstream's buckets for apiserver_request_duration_seconds, in seconds (tuned for the latency SLOs). */
export const apiserverRequestDurationBuckets: readonly number[] = Object.freeze([
  0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60,
]);

/** `count` buckets starting at `start`, each `factor` times the previous (prometheus.ExponentialBuckets). */
export function exponentialBuckets(start: number, factor: number, count: number): number[] {
  if (!(start > 0) || !(factor > 1) || !(count >= 1)) {
    throw new Error('exponentialBuckets needs start > 0, factor > 1 and count >= 1');
  }
  // Repeated multiplication, as the Go client does, so bounds match upstream's to the last bit.
  const buckets: number[] = [];
  for (let i = 0, bound = start; i < count; i++, bound *= factor) buckets.push(bound);
  return buckets;
}

/** `count` buckets starting at `start`, each `width` above the previous (prometheus.LinearBuckets). */
export function linearBuckets(start: number, width: number, count: number): number[] {
  if (!(width > 0) || !(count >= 1)) throw new Error('linearBuckets needs width > 0 and count >= 1');
  const buckets: number[] = [];
  for (let i = 0, bound = start; i < count; i++, bound += width) buckets.push(bound);
  return buckets;
}

/**
 * The backoff of a pod after `attempts` failed attempts (upstream's calculateBackoffDuration):
 * none before the first attempt, then the initial backoff doubling per attempt up to the maximum.
 */
export function backoffDuration(attempts: number, initialMs: number, maxMs: number): number {
  if (attempts === 0) return 0;
  let duration = initialMs;
  for (let i = 1; i < attempts; i++) {
    if (duration > maxMs - duration) return maxMs;
    duration += duration;
  }
  return Math.min(duration, maxMs);
}

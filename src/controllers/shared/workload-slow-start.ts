// Slow-start batching of creates: 1, 2, 4, ... at once, stopping at the first batch with a failure,
// so that a quota or admission error costs one request instead of hundreds (upstream's slowStartBatch).

/** Upstream's SlowStartInitialBatchSize. */
export const slowStartInitialBatchSize = 1;

/** The outcome of slowStartBatch: how many calls succeeded and the errors of the failing batch. */
export interface SlowStartResult {
  readonly successes: number;
  readonly errors: readonly unknown[];
}

/**
 * Calls `fn(i)` for i in [0, count) in doubling batches run concurrently; after a batch with an
 * error the remaining calls are skipped. `maxBatch` caps a batch (StatefulSet's 500).
 */
export async function slowStartBatch(
  count: number,
  initialBatchSize: number,
  fn: (index: number) => Promise<void>,
  maxBatch = Infinity,
): Promise<SlowStartResult> {
  let successes = 0;
  let next = 0;
  for (let batch = Math.min(count, initialBatchSize); batch > 0;) {
    const indexes = Array.from({ length: batch }, (_, i) => next + i);
    next += batch;
    const results = await Promise.allSettled(indexes.map((i) => fn(i)));
    const errors = results.filter((r) => r.status === 'rejected').map((r) => r.reason as unknown);
    successes += batch - errors.length;
    if (errors.length > 0) return { successes, errors };
    batch = Math.min(2 * batch, count - next, maxBatch);
  }
  return { successes, errors: [] };
}

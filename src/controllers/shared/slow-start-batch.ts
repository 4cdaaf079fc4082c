/**
 * Calls `fn` `count` times in batches of 1, 2, 4, ... (starting at `initialBatchSize`), each batch
 * concurrently; after a batch with a failure the rest are skipped. Returns how many calls succeeded
 * and the first error (upstream's slowStartBatch: a quota refusal costs one call, not hundreds).
 */
export async function slowStartBatch(
  count: number,
  initialBatchSize: number,
  fn: () => Promise<void>,
): Promise<{ successes: number; error: unknown }> {
  let remaining = count;
  let successes = 0;
  for (let size = Math.min(remaining, initialBatchSize); size > 0; size = Math.min(2 * size, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: size }, () => fn()));
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    successes += size - failures.length;
    if (failures.length > 0) return { successes, error: failures[0]!.reason };
    remaining -= size;
  }
  return { successes, error: undefined };
}

/** Answers whether a read at `revision` still succeeds (false: it is below the compaction point). */
export type ReadableAt = (revision: number) => Promise<boolean>;

/**
 * etcd's compacted revision, found by reads alone: etcd has no call that reports it, but a read at
 * revision r fails exactly when r is below it, so a binary search over (known, current] finds it in
 * O(log current) cheap reads — one read when nothing was compacted since `known`. Returns `known`
 * when no read fails (a compaction at or below revision 1 is indistinguishable from none).
 */
export async function findCompactedRevision(
  readableAt: ReadableAt,
  known: number,
  current: number,
): Promise<number> {
  let lo = Math.max(known, 1);
  if (lo >= current || (await readableAt(lo))) return known;
  // Invariant: a read at lo fails, a read at hi succeeds (current is never compacted away).
  let hi = current;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (await readableAt(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

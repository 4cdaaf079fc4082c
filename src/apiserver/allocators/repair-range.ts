import { AllocationBitmap } from './allocation-bitmap.js';
import type { LeakTracker } from './leak-tracker.js';
import type { RangeStore } from './range-store.js';

/** One item a Service holds, and which Service ("namespace/name"). */
export interface RangeUse<T> {
  readonly item: T;
  readonly owner: string;
}

/** What one repair pass found and fixed in one range. */
export interface RangeRepairReport<T> {
  /** The range as configured. */
  readonly range: string;
  /** The range the stored bitmap was written for, when it differed (a restart with a changed flag). */
  readonly previousRange?: string;
  /** Items in use that the bitmap did not have: now allocated. */
  readonly marked: readonly T[];
  /** Items allocated that no Service uses: now free. */
  readonly released: readonly T[];
  /** Items allocated that no Service uses, kept until enough passes agree (see LeakTracker). */
  readonly held: readonly T[];
  /** Items used by more than one Service; repair cannot fix these (upstream: "please recreate"). */
  readonly duplicates: readonly { readonly item: T; readonly owners: readonly string[] }[];
  /** Items Services use that lie outside the configured range; not allocated (upstream: "please recreate"). */
  readonly outOfRange: readonly RangeUse<T>[];
}

/** Maps a range's items to bitmap offsets and back. */
export interface RangeCodec<T> {
  /** The item's offset, or undefined when it is not an item of this range. */
  offsetOf(item: T): number | undefined;
  itemAt(offset: number): T;
}

/**
 * Rewrites `store` so that exactly the items in `uses` are allocated (plus leaks `leaks` still
 * holds), with compare-and-swap: an allocation committed meanwhile makes the pass start over on
 * the new state instead of being wiped. Without `leaks`, unused items are released at once — right
 * only when nothing else can be allocating (a single apiserver starting before it serves).
 */
export async function repairRange<T>(
  store: RangeStore,
  codec: RangeCodec<T>,
  uses: readonly RangeUse<T>[],
  leaks?: LeakTracker,
): Promise<RangeRepairReport<T>> {
  const report = await store.update(({ bitmap, storedRange }) => {
    const rebuilt = new AllocationBitmap(store.size);
    const owners = new Map<number, string[]>();
    const marked: T[] = [];
    const outOfRange: RangeUse<T>[] = [];
    for (const use of uses) {
      const offset = codec.offsetOf(use.item);
      if (offset === undefined) {
        outOfRange.push(use);
        continue;
      }
      const seen = owners.get(offset);
      if (seen !== undefined) {
        seen.push(use.owner);
        continue;
      }
      owners.set(offset, [use.owner]);
      rebuilt.set(offset);
      if (!bitmap.has(offset)) marked.push(use.item);
    }
    const released: T[] = [];
    const held: T[] = [];
    for (const offset of bitmap.offsets()) {
      if (rebuilt.has(offset)) continue;
      const item = codec.itemAt(offset);
      if (leaks?.holds(store.key, String(item))) {
        rebuilt.set(offset);
        held.push(item);
      } else {
        released.push(item);
      }
    }
    const duplicates = [...owners]
      .filter(([, names]) => names.length > 1)
      .map(([offset, names]) => ({ item: codec.itemAt(offset), owners: names }));
    const migrated = storedRange !== undefined && storedRange !== store.range;
    const result: RangeRepairReport<T> = {
      range: store.range,
      ...(migrated ? { previousRange: storedRange } : {}),
      marked,
      released,
      held,
      duplicates,
      outOfRange,
    };
    // A missing key is created and a migrated one rewritten even when no bit changes, so the
    // stored document always names the configured range once a repair has run.
    const write = storedRange === undefined || migrated || !rebuilt.equals(bitmap);
    return write ? { next: rebuilt, result } : { result };
  });
  leaks?.record(store.key, report.held.map(String));
  return report;
}

// Sets of completion indexes as sorted, merged intervals, written "1,3-5,7" as in
// status.completedIndexes and status.failedIndexes (upstream's orderedIntervals). Two neighbours
// print as "3,4", longer runs as "3-5".

/** An inclusive run of indexes. */
export interface Interval {
  readonly first: number;
  readonly last: number;
}

/** Sorted, non-overlapping, non-adjacent intervals. */
export type OrderedIntervals = readonly Interval[];

/** The union of two ordered interval lists. */
export function mergeIntervals(a: OrderedIntervals, b: OrderedIntervals): Interval[] {
  const result: { first: number; last: number }[] = [];
  const push = (iv: Interval) => {
    const last = result[result.length - 1];
    if (last === undefined || iv.first > last.last + 1) result.push({ first: iv.first, last: iv.last });
    else if (last.last < iv.last) last.last = iv.last;
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) push(a[i]!.first < b[j]!.first ? a[i++]! : b[j++]!);
  while (i < a.length) push(a[i++]!);
  while (j < b.length) push(b[j++]!);
  return result;
}

/** `intervals` plus the given indexes (which must be in increasing order). */
export function withIndexes(intervals: OrderedIntervals, indexes: readonly number[]): Interval[] {
  return mergeIntervals(
    intervals,
    indexes.map((i) => ({ first: i, last: i })),
  );
}

/** How many indexes the intervals hold. */
export function totalIndexes(intervals: OrderedIntervals): number {
  return intervals.reduce((n, iv) => n + iv.last - iv.first + 1, 0);
}

/** True when `ix` is in one of the intervals (binary search). */
export function hasIndex(intervals: OrderedIntervals | undefined, ix: number): boolean {
  if (intervals === undefined) return false;
  let lo = 0;
  let hi = intervals.length;
  while (hi > lo) {
    const mid = lo + ((hi - lo) >> 1);
    if (intervals[mid]!.last >= ix) hi = mid;
    else lo = mid + 1;
  }
  return hi < intervals.length && intervals[hi]!.first <= ix;
}

/** The "1,3-5" form. */
export function formatIntervals(intervals: OrderedIntervals): string {
  return intervals
    .map((iv) =>
      iv.last === iv.first
        ? `${iv.first}`
        : iv.last === iv.first + 1
          ? `${iv.first},${iv.last}`
          : `${iv.first}-${iv.last}`,
    )
    .join(',');
}

/**
 * Parses the "1,3-5" form, keeping only indexes below `completions`; corrupt parts are skipped
 * (upstream logs and ignores them).
 */
export function parseIntervals(text: string | undefined, completions: number): Interval[] {
  if (!text) return [];
  const result: { first: number; last: number }[] = [];
  for (const part of text.split(',')) {
    const limits = part.split('-');
    const first = parseInteger(limits[0]);
    if (first === undefined) continue;
    if (first >= completions) break;
    let last = first;
    if (limits.length > 1) {
      const parsed = parseInteger(limits[1]);
      if (parsed === undefined) continue;
      last = Math.min(parsed, completions - 1);
    }
    const prev = result[result.length - 1];
    if (prev !== undefined && prev.last === first - 1) prev.last = last;
    else result.push({ first, last });
  }
  return result;
}

function parseInteger(s: string | undefined): number | undefined {
  return s !== undefined && /^[+-]?\d+$/.test(s) ? Number(s) : undefined;
}

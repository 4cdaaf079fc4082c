// Two pieces of Go runtime behaviour that upstream's list ordering depends on, so the results match
// element for element:
// - a slice shares its backing array: when the library deletes from the live list in place and then
//   appends to it, a caller still holding the old slice sees the shifted and appended elements (the
//   `$setElementOrder` code orders server-only elements against exactly that view);
// - sort.SliceStable's algorithm (insertion sort on blocks of 20, then SymMerge), because the
//   library sorts with a comparison that is not a strict weak order, where any other stable sort
//   would give a different order.

import type { JsonValue } from '../../api/object.js';

/** A Go slice over a JavaScript array it shares until an append outgrows it. */
export class GoSlice {
  private backing: JsonValue[];
  private len: number;

  /** A slice over all of `array`, which later in-place changes write through to. */
  constructor(array: JsonValue[]) {
    this.backing = array;
    this.len = array.length;
  }

  /** The number of elements. */
  get length(): number {
    return this.len;
  }

  /** Element i (0 ≤ i < length). */
  at(i: number): JsonValue {
    return this.backing[i] as JsonValue;
  }

  /** Sets element i (0 ≤ i < length). */
  set(i: number, v: JsonValue): void {
    this.backing[i] = v;
  }

  /** `s = append(s[:i], s[i+1:]...)`: shifts the tail left in place, leaving the last slot stale. */
  removeAt(i: number): void {
    for (let k = i; k < this.len - 1; k++) this.backing[k] = this.backing[k + 1] as JsonValue;
    this.len--;
  }

  /** `s = append(s, v)`: writes into the shared array while it has room, else copies. */
  append(v: JsonValue): void {
    if (this.len < this.backing.length) this.backing[this.len] = v;
    else this.backing = [...this.backing.slice(0, this.len), v];
    this.len++;
  }

  /** A fresh array of the elements. */
  toArray(): JsonValue[] {
    return this.backing.slice(0, this.len);
  }
}

type Less = (i: number, j: number) => boolean;

function swap<T>(a: T[], i: number, j: number): void {
  const t = a[i] as T;
  a[i] = a[j] as T;
  a[j] = t;
}

function insertionSort<T>(a: T[], less: Less, lo: number, hi: number): void {
  for (let i = lo + 1; i < hi; i++) {
    for (let j = i; j > lo && less(j, j - 1); j--) swap(a, j, j - 1);
  }
}

function swapRange<T>(a: T[], x: number, y: number, n: number): void {
  for (let i = 0; i < n; i++) swap(a, x + i, y + i);
}

function rotate<T>(a: T[], lo: number, m: number, hi: number): void {
  let i = m - lo;
  let j = hi - m;
  while (i !== j) {
    if (i > j) {
      swapRange(a, m - i, m, j);
      i -= j;
    } else {
      swapRange(a, m - i, m + j - i, i);
      j -= i;
    }
  }
  swapRange(a, m - i, m, i);
}

function symMerge<T>(a: T[], less: Less, lo: number, m: number, hi: number): void {
  if (m - lo === 1) {
    let i = m;
    let j = hi;
    while (i < j) {
      const h = (i + j) >>> 1;
      if (less(h, lo)) i = h + 1;
      else j = h;
    }
    for (let k = lo; k < i - 1; k++) swap(a, k, k + 1);
    return;
  }
  if (hi - m === 1) {
    let i = lo;
    let j = m;
    while (i < j) {
      const h = (i + j) >>> 1;
      if (!less(m, h)) i = h + 1;
      else j = h;
    }
    for (let k = m; k > i; k--) swap(a, k, k - 1);
    return;
  }
  const mid = (lo + hi) >>> 1;
  const n = mid + m;
  let start: number;
  let r: number;
  if (m > mid) {
    start = n - hi;
    r = mid;
  } else {
    start = lo;
    r = m;
  }
  const p = n - 1;
  while (start < r) {
    const c = (start + r) >>> 1;
    if (!less(p - c, c)) start = c + 1;
    else r = c;
  }
  const end = n - start;
  if (start < m && m < end) rotate(a, start, m, end);
  if (lo < start && start < mid) symMerge(a, less, lo, start, mid);
  if (mid < end && end < hi) symMerge(a, less, mid, end, hi);
}

/**
 * Sorts `a` in place exactly as Go's sort.SliceStable does, calling `less` with indices into the
 * array as it is at that moment (the same calls in the same order, so any comparison gives Go's
 * result).
 */
export function goSliceStable<T>(a: T[], less: Less): void {
  const n = a.length;
  let blockSize = 20;
  let lo = 0;
  let hi = blockSize;
  while (hi <= n) {
    insertionSort(a, less, lo, hi);
    lo = hi;
    hi += blockSize;
  }
  insertionSort(a, less, lo, n);
  while (blockSize < n) {
    lo = 0;
    hi = 2 * blockSize;
    while (hi <= n) {
      symMerge(a, less, lo, lo + blockSize, hi);
      lo = hi;
      hi += 2 * blockSize;
    }
    const m = lo + blockSize;
    if (m < n) symMerge(a, less, lo, m, n);
    blockSize *= 2;
  }
}

// The order of a merged list, as upstream computes it (the "preserve order in strategic merge patch"
// design): the elements named by the patch (or its `$setElementOrder` list) are sorted by that
// order, the server-only elements by the live order, and the two are interleaved by their live
// positions, patch elements first where the live list cannot tell. The library's comparisons are
// not strict weak orders, so the sort must be Go's (see smp-go-slice.ts) to give its result.

import type { JsonValue } from '../../api/object.js';
import { errNoListOfLists, goPanic, patchFailure, StrategicMergePatchError } from './smp-error.js';
import { directiveMarker, hasDirectiveMarker } from './smp-directives.js';
import { goSliceStable } from './smp-go-slice.js';
import {
  badArgTypeMessage,
  goEqual,
  goFormat,
  goKindOf,
  isJsonMap,
  type GoKind,
  type JsonMap,
} from './smp-go-values.js';

/** The value of `key` in `m`, or null (Go's nil) when absent. */
export function fieldOf(m: JsonMap, key: string): JsonValue {
  return Object.hasOwn(m, key) ? (m[key] as JsonValue) : null;
}

/** upstream's ErrNoMergeKey. */
export function noMergeKey(m: JsonMap, key: string): StrategicMergePatchError {
  return patchFailure(`map: ${goFormat(m)} does not contain declared merge key: ${key}`);
}

/** `v` as a map, or upstream's ErrBadArgType. */
export function asMap(v: JsonValue): JsonMap {
  if (!isJsonMap(v)) throw patchFailure(badArgTypeMessage('map', v));
  return v;
}

/**
 * The one Go type of the elements of all `lists` (upstream's sliceElementType): lists of lists
 * are a 422, mixed types and no elements at all are errors.
 */
export function sliceElementKind(...lists: readonly JsonValue[][]): GoKind {
  let kind: GoKind | undefined;
  for (const list of lists) {
    for (const v of list) {
      const k = goKindOf(v);
      if (kind === undefined) {
        // Go asks the nil type of a null element for its kind, and panics.
        if (k === 'nil') throw goPanic();
        if (k === 'slice') throw new StrategicMergePatchError('unprocessable', errNoListOfLists);
        kind = k;
      } else if (k !== kind) {
        throw patchFailure(`list element types are not identical: ${goFormat(lists as JsonValue[][])}`);
      }
    }
  }
  if (kind === undefined) throw patchFailure('no elements in any of the given slices');
  return kind;
}

/** The index of the first map in `list` whose `key` equals `value`, or -1; every element up to it must be a map. */
export function indexByMergeKey(list: readonly JsonValue[], key: string, value: JsonValue): number {
  for (let i = 0; i < list.length; i++) {
    const v = list[i] as JsonValue;
    if (!isJsonMap(v)) throw patchFailure(`value for key ${i} is not a map`);
    if (Object.hasOwn(v, key) && goEqual(v[key] as JsonValue, value)) return i;
  }
  return -1;
}

/** upstream's mergeKeyValueEqual: two elements are the same element (by merge key, or by value). */
export function sameElement(left: JsonValue, right: JsonValue, mergeKey: string): boolean {
  if (mergeKey === '') return goEqual(left, right);
  const l = asMap(left);
  const r = asMap(right);
  if (!Object.hasOwn(l, mergeKey)) throw noMergeKey(l, mergeKey);
  if (!Object.hasOwn(r, mergeKey)) throw noMergeKey(r, mergeKey);
  return goEqual(l[mergeKey] as JsonValue, r[mergeKey] as JsonValue);
}

// A Go map key for a scalar; Go cannot use a JSON object or list as one.
function hashKey(v: JsonValue): string {
  if (typeof v === 'object' && v !== null) throw goPanic();
  return `${goKindOf(v)}:${String(v)}`;
}

/** Splits `merged` into the elements `by` names and the others (each keeping its order). */
export function partitionByPresence(
  merged: readonly JsonValue[],
  by: readonly JsonValue[],
  mergeKey: string,
): [JsonValue[], JsonValue[]] {
  const present: JsonValue[] = [];
  const others: JsonValue[] = [];
  if (mergeKey === '') {
    const names = new Set(by.map(hashKey));
    for (const v of merged) (names.has(hashKey(v)) ? present : others).push(v);
    return [present, others];
  }
  for (const v of merged) {
    const m = asMap(v);
    if (!Object.hasOwn(m, mergeKey)) throw noMergeKey(m, mergeKey);
    (indexByMergeKey(by, mergeKey, m[mergeKey] as JsonValue) >= 0 ? present : others).push(v);
  }
  return [present, others];
}

// upstream's index(): position of `v` in `list`, maps compared by merge key (a missing key is nil
// and equals another missing key), anything else by value.
function indexIn(list: readonly JsonValue[], v: JsonValue, mergeKey: string, kind: GoKind): number {
  const valueOf = (x: JsonValue): JsonValue =>
    kind !== 'map' ? x : isJsonMap(x) ? fieldOf(x, mergeKey) : null;
  const wanted = valueOf(v);
  for (let i = 0; i < list.length; i++) if (goEqual(wanted, valueOf(list[i] as JsonValue))) return i;
  return -1;
}

function requireMergeKeys(mergeKey: string, ...lists: readonly JsonValue[][]): void {
  for (const list of lists) {
    for (const v of list) {
      const m = asMap(v);
      if (!Object.hasOwn(m, mergeKey)) throw noMergeKey(m, mergeKey);
    }
  }
}

/** Splits maps into those without and those with `$patch: delete` (upstream's extractToDeleteItems). */
export function splitDeletions(list: readonly JsonValue[]): [JsonValue[], JsonValue[]] {
  const kept: JsonValue[] = [];
  const deleted: JsonValue[] = [];
  for (const v of list) (fieldOf(asMap(v), directiveMarker) === 'delete' ? deleted : kept).push(v);
  return [kept, deleted];
}

// upstream's normalizeSliceOrder: sorts `toSort` by `order` with the library's comparison (an
// element missing from `order` sorts before anything), deletions last.
function sortByOrder(
  toSort: JsonValue[],
  order: readonly JsonValue[],
  mergeKey: string,
  kind: GoKind,
): JsonValue[] {
  let items = toSort;
  let deletions: JsonValue[] = [];
  if (kind === 'map') {
    requireMergeKeys(mergeKey, items, order as JsonValue[]);
    [items, deletions] = splitDeletions(items);
  }
  goSliceStable(items, (i, j) => {
    const ii = indexIn(order, items[i] as JsonValue, mergeKey, kind);
    if (ii >= 0) {
      const ij = indexIn(order, items[j] as JsonValue, mergeKey, kind);
      if (ij >= 0) return ii < ij;
    }
    return true;
  });
  return [...items, ...deletions];
}

// upstream's mergeSortedSlice: inserts each server-only element before the first patch element
// that the live list places after it; unknown live positions let the patch element go first.
function interleave(
  serverOnly: readonly JsonValue[],
  patchItems: readonly JsonValue[],
  serverOrder: readonly JsonValue[],
  mergeKey: string,
  kind: GoKind,
): JsonValue[] {
  const out: JsonValue[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length || j < patchItems.length) {
    if (i >= serverOnly.length) out.push(patchItems[j++] as JsonValue);
    else if (j >= patchItems.length) out.push(serverOnly[i++] as JsonValue);
    else {
      const li = indexIn(serverOrder, serverOnly[i] as JsonValue, mergeKey, kind);
      const ri = indexIn(serverOrder, patchItems[j] as JsonValue, mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(serverOnly[i++] as JsonValue);
      else out.push(patchItems[j++] as JsonValue);
    }
  }
  return out;
}

/**
 * The final order of a merged list (upstream's normalizeElementOrder): `patchItems` sorted by
 * `patchOrder`, `serverOnly` by `serverOrder`, then interleaved by their positions in `serverOrder`.
 */
export function orderMergedList(
  patchItems: JsonValue[],
  serverOnly: JsonValue[],
  patchOrder: readonly JsonValue[],
  serverOrder: readonly JsonValue[],
  mergeKey: string,
  kind: GoKind,
): JsonValue[] {
  const patchSorted = sortByOrder(patchItems, patchOrder, mergeKey, kind);
  const serverSorted = sortByOrder(serverOnly, serverOrder, mergeKey, kind);
  return interleave(serverSorted, patchSorted, serverOrder, mergeKey, kind);
}

/**
 * upstream's validatePatchWithSetOrderList: the patch list's elements (deletions and directive
 * elements aside) must appear in the `$setElementOrder` list in the same relative order.
 */
export function checkPatchAgainstOrder(
  patchList: readonly JsonValue[],
  order: readonly JsonValue[],
  mergeKey: string,
): void {
  if (order.length === 0 || patchList.length === 0) return;
  const items = mergeKey === '' ? patchList : splitDeletions(patchList)[0];
  let p = 0;
  let o = 0;
  while (p < items.length && o < order.length) {
    if (hasDirectiveMarker(items[p])) {
      p++;
      continue;
    }
    if (sameElement(items[p] as JsonValue, order[o] as JsonValue, mergeKey)) p++;
    o++;
  }
  if (p < items.length && o >= order.length) {
    throw patchFailure(
      `The order in patch list:\n${goFormat(patchList as JsonValue[])}\n doesn't match $setElementOrder list:\n${goFormat(order as JsonValue[])}\n`,
    );
  }
}

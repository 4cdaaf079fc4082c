// Strategic merge patch (`application/strategic-merge-patch+json`) as the apiserver applies it
// (k8s.io/apimachinery strategicpatch, StrategicMergeMapPatch with the options the server uses:
// parallel lists merged, unmatched nulls ignored). JSON merge patch, except that each field's
// schema decides how its lists merge:
// - strategy "merge" with a merge key: elements are matched by the key and merged recursively,
//   unmatched patch elements are added, live-only elements stay;
// - strategy "merge" without a key (finalizers, podCIDRs): the union of both lists;
// - any other list, and any list under strategy "replace", is replaced by the patch's.
// Directives: `$patch` (replace/delete a map; delete/replace as list elements), `$retainKeys`,
// `$setElementOrder/<list>`, `$deleteFromPrimitiveList/<list>`.
//
// Upstream quirks kept on purpose, because kubectl and existing patches meet them: values copied
// from the patch as they are (a new field, a new list element, a replaced list or map) keep their
// nulls and directive keys other than `$patch` (the typed decode after patching drops those; here
// unknown-field pruning does); `$patch: delete` on a map leaves an empty map; `$patch: merge` is
// refused; list order follows the library's algorithm exactly, including Go slice aliasing.

import type { JsonObject, JsonValue } from '../../api/object.js';
import { badPatch, goPanic, patchFailure } from './smp-error.js';
import {
  applyRetainKeys,
  deleteFromPrimitiveListPrefix,
  directiveMarker,
  discardNullValues,
  mapDirectiveResult,
  parallelListField,
  removeDirectives,
  setElementOrderPrefix,
  unknownPatchTypeMessage,
} from './smp-directives.js';
import { GoSlice } from './smp-go-slice.js';
import { badArgTypeMessage, goKindOf, goTypeName, isJsonMap, type JsonMap } from './smp-go-values.js';
import {
  checkPatchAgainstOrder,
  indexByMergeKey,
  noMergeKey,
  orderMergedList,
  partitionByPresence,
  sliceElementKind,
} from './smp-order.js';
import type { PatchMeta, PatchSchema } from './smp-schema.js';

/**
 * Applies a decoded strategic merge patch to `original` under `schema` (see patchSchemaOf) and
 * returns the result; neither input is changed. A null patch changes nothing. Throws
 * StrategicMergePatchError with upstream's message (strategicMergePatchErrorToStatus gives the
 * Status upstream's apiserver answers with).
 */
export function applyStrategicMergePatch(
  original: JsonObject,
  patch: JsonObject | null,
  schema: PatchSchema,
): JsonObject {
  const target = cloneJson(original) as JsonMap;
  if (patch === null) return target;
  return mergeMap(target, cloneJson(patch) as JsonMap, schema);
}

/**
 * The apiserver's decoding of a strategic merge patch body (already JSON-parsed): a JSON object,
 * or null for no change; anything else is a 400 with Go's unmarshalling message.
 */
export function decodeStrategicMergePatch(body: unknown): JsonObject | null {
  if (body === null || isJsonMap(body as JsonValue)) return body as JsonObject | null;
  throw badPatch(`json: cannot unmarshal ${goJsonKind(body)} into Go value of type map[string]interface {}`);
}

function goJsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  return typeof v === 'boolean' ? 'bool' : typeof v;
}

// Copies JSON, keeping a "__proto__" member as data rather than letting it set a prototype.
function cloneJson(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(cloneJson);
  if (!isJsonMap(v)) return v;
  const out: JsonMap = {};
  for (const [k, e] of Object.entries(v)) setField(out, k, cloneJson(e));
  return out;
}

function setField(m: JsonMap, key: string, v: JsonValue): void {
  if (key === '__proto__')
    Object.defineProperty(m, key, { value: v, writable: true, enumerable: true, configurable: true });
  else m[key] = v;
}

// Sets `key` to a value taken from the patch as it is, or removes it when that value is a directive.
function takePatchValue(m: JsonMap, key: string, v: JsonValue): void {
  const kept = removeDirectives(v);
  if (kept === undefined) delete m[key];
  else setField(m, key, kept);
}

// The strategy other than retainKeys (upstream's extractRetainKeysPatchStrategy).
function listStrategy(meta: PatchMeta): string {
  const s = meta.strategies;
  if (s.length === 0) return '';
  if (s.length === 1) return s[0] === 'retainKeys' ? '' : (s[0] as string);
  if (s.length === 2 && s[0] === 'retainKeys') return s[1] as string;
  if (s.length === 2 && s[1] === 'retainKeys') return s[0] as string;
  throw patchFailure(`unexpected patch strategy: [${s.join(' ')}]`);
}

/** Merges `patch` into `original` (both owned, changed in place); upstream's mergeMap. */
function mergeMap(original: JsonMap, patch: JsonMap, schema: PatchSchema): JsonMap {
  if (Object.hasOwn(patch, directiveMarker)) return mapDirectiveResult(patch);
  applyRetainKeys(original, patch);
  mergeOrderedLists(original, patch, schema);
  for (const key of Object.keys(patch)) {
    const patchValue = patch[key] as JsonValue;
    const isDeleteList = key.startsWith(deleteFromPrimitiveListPrefix);
    const k = isDeleteList ? parallelListField(key, deleteFromPrimitiveListPrefix) : key;
    if (patchValue === null) {
      delete original[k];
      continue;
    }
    if (!Object.hasOwn(original, k) || goKindOf(original[k] as JsonValue) !== goKindOf(patchValue)) {
      // A deletion list for a list that is not there (or is not a list) has nothing to delete.
      if (isDeleteList) continue;
      discardNullValues(patchValue);
      takePatchValue(original, k, patchValue);
      continue;
    }
    const current = original[k] as JsonValue;
    if (isJsonMap(current)) {
      const { schema: sub, meta } = schema.lookupStruct(k);
      const strategy = listStrategy(meta);
      setField(
        original,
        k,
        strategy === 'replace' ? patchValue : mergeMap(current, patchValue as JsonMap, sub),
      );
    } else if (Array.isArray(current)) {
      const { schema: sub, meta } = schema.lookupSlice(k);
      const strategy = listStrategy(meta);
      setField(
        original,
        k,
        mergeListField(current, patchValue as JsonValue[], sub, strategy, meta.mergeKey, isDeleteList),
      );
    } else {
      takePatchValue(original, k, patchValue);
    }
  }
  return original;
}

// upstream's mergeSliceHandler: merge lists (and deletion lists, whatever the strategy) merge,
// every other list is replaced by the patch's as it is.
function mergeListField(
  original: JsonValue[],
  patch: JsonValue[],
  schema: PatchSchema,
  strategy: string,
  mergeKey: string,
  isDeleteList: boolean,
): JsonValue[] {
  if (strategy !== 'merge' && !isDeleteList) return patch;
  return mergeList(original, patch, schema, mergeKey, isDeleteList);
}

/**
 * Merges a patch list into `original` (upstream's mergeSlice). `original` is changed in place the
 * way Go's slice operations change their backing array, which the `$setElementOrder` handling sees.
 */
function mergeList(
  original: JsonValue[],
  patch: JsonValue[],
  schema: PatchSchema,
  mergeKey: string,
  isDeleteList: boolean,
): JsonValue[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementKind(original, patch);
  let merged: JsonValue[];
  let serverOrder: readonly JsonValue[] = original;
  let patchItems = patch;
  if (kind !== 'map') {
    if (isDeleteList) return deleteValues(original, patch);
    merged = dedupScalars([...original, ...patch]);
  } else {
    if (mergeKey === '') throw patchFailure(`cannot merge lists without merge key for ${schema.name()}`);
    const live = new GoSlice(original);
    const { list, rest } = applyListDirectives(live, patch, mergeKey);
    patchItems = rest;
    serverOrder = list.toArray();
    merged = mergeElements(list, rest, mergeKey, schema).toArray();
  }
  const [inPatch, serverOnly] = partitionByPresence(merged, patchItems, mergeKey);
  return orderMergedList(inPatch, serverOnly, patchItems, serverOrder, mergeKey, kind);
}

// upstream's mergeSliceWithSpecialElements: deletes the elements named by `$patch: delete`
// elements (in place), and with a `$patch: replace` element makes the other patch elements the
// whole list.
function applyListDirectives(
  live: GoSlice,
  patch: readonly JsonValue[],
  mergeKey: string,
): { list: GoSlice; rest: JsonValue[] } {
  const rest: JsonValue[] = [];
  let replace = false;
  for (const v of patch) {
    const m = v as JsonMap;
    if (!Object.hasOwn(m, directiveMarker)) {
      rest.push(v);
      continue;
    }
    const directive = m[directiveMarker] as JsonValue;
    if (directive === 'delete') {
      if (!Object.hasOwn(m, mergeKey)) throw noMergeKey(m, mergeKey);
      const value = m[mergeKey] as JsonValue;
      for (let i = indexByMergeKey(live.toArray(), mergeKey, value); i >= 0;) {
        live.removeAt(i);
        i = indexByMergeKey(live.toArray(), mergeKey, value);
      }
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw patchFailure('merging lists cannot yet be specified in the patch');
    } else {
      throw patchFailure(unknownPatchTypeMessage(directive, m));
    }
  }
  return replace ? { list: new GoSlice(rest), rest: [] } : { list: live, rest };
}

// upstream's mergeSliceWithoutSpecialElements: merges each patch element into the live element
// with its key, or appends it as it is.
function mergeElements(
  list: GoSlice,
  patch: readonly JsonValue[],
  mergeKey: string,
  schema: PatchSchema,
): GoSlice {
  for (const v of patch) {
    const m = v as JsonMap;
    if (!Object.hasOwn(m, mergeKey)) throw noMergeKey(m, mergeKey);
    const i = indexByMergeKey(list.toArray(), mergeKey, m[mergeKey] as JsonValue);
    if (i >= 0) list.set(i, mergeMap(list.at(i) as JsonMap, m, schema));
    else list.append(v);
  }
  return list;
}

// upstream's deleteFromSlice: the values of `current` not named in `toDelete`.
function deleteValues(current: readonly JsonValue[], toDelete: readonly JsonValue[]): JsonValue[] {
  const key = (v: JsonValue): string => {
    if (typeof v === 'object' && v !== null) throw goPanic();
    return `${goKindOf(v)}:${String(v)}`;
  };
  const names = new Set(toDelete.map(key));
  return current.filter((v) => !names.has(key(v)));
}

// upstream's deduplicateScalars, in place and with its element moves (the last element fills the
// slot of each duplicate); the order is settled afterwards.
function dedupScalars(s: JsonValue[]): JsonValue[] {
  let last = s.length - 1;
  for (let i = 0; i < last; i++) {
    for (let j = i + 1; j <= last; j++) {
      if (goEqualScalar(s[i] as JsonValue, s[j] as JsonValue)) {
        s[j] = s[last] as JsonValue;
        s.length = last;
        last--;
        j--;
      }
    }
  }
  return s;
}

function goEqualScalar(a: JsonValue, b: JsonValue): boolean {
  return goKindOf(a) === goKindOf(b) && a === b;
}

/**
 * upstream's mergePatchIntoOriginal: merges each list that has a `$setElementOrder/<list>` and puts
 * it in that order, live-only elements interleaved by their live positions; removes the directive
 * and the list from `patch`.
 */
function mergeOrderedLists(original: JsonMap, patch: JsonMap, schema: PatchSchema): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(setElementOrderPrefix)) continue;
    const order = patch[key] as JsonValue;
    delete patch[key];
    if (!Array.isArray(order)) throw patchFailure(badArgTypeMessage('slice', order));
    const field = parallelListField(key, setElementOrderPrefix);
    const liveList = listAt(original, field);
    const patchList = listAt(patch, field);
    const { schema: sub, meta } = schema.lookupSlice(field);
    const strategy = listStrategy(meta);
    checkPatchAgainstOrder(patchList ?? [], order, meta.mergeKey);
    let merged: JsonValue[];
    if (liveList !== undefined && patchList === undefined) merged = liveList;
    else if (liveList === undefined && patchList !== undefined)
      merged = removeDirectives(patchList) as JsonValue[];
    else if (liveList !== undefined && patchList !== undefined) {
      merged = mergeListField(liveList, patchList, sub, strategy, meta.mergeKey, false);
    } else continue;
    const [inOrder, serverOnly] = partitionByPresence(merged, order, meta.mergeKey);
    // The live list as Go sees it now: deletions and appends above may have rewritten it in place.
    const kind = sliceElementKind(liveList ?? [], patchList ?? []);
    setField(
      original,
      field,
      orderMergedList(inOrder, serverOnly, order, liveList ?? [], meta.mergeKey, kind),
    );
    delete patch[field];
  }
}

// The list at `field`, undefined when absent; a present non-list is upstream's ErrBadArgType.
function listAt(m: JsonMap, field: string): JsonValue[] | undefined {
  if (!Object.hasOwn(m, field)) return undefined;
  const v = m[field] as JsonValue;
  if (!Array.isArray(v)) throw patchFailure(`expected a []interface {}, but received a ${goTypeName(v)}`);
  return v;
}

// The strategic merge patch directives that are not about list order: `$patch` in a map,
// `$retainKeys`, the prefixes of the parallel lists, and the clean-up of directives and nulls in
// values that are taken from the patch as they are.

import type { JsonValue } from '../../api/object.js';
import {
  badPatch,
  errBadPatchFormatForPrimitiveList,
  errBadPatchFormatForRetainKeys,
  errBadPatchFormatForSetElementOrderList,
  goPanic,
  patchFailure,
} from './smp-error.js';
import { goFormat, isJsonMap, type JsonMap } from './smp-go-values.js';

/** The key of the `$patch` directive (replace, delete; merge in a list only to be refused). */
export const directiveMarker = '$patch';
/** The key of the list of fields a map keeps (`retainKeys` strategy). */
export const retainKeysDirective = '$retainKeys';
/** Prefix of the parallel list naming values to remove from a primitive merge list. */
export const deleteFromPrimitiveListPrefix = '$deleteFromPrimitiveList';
/** Prefix of the parallel list giving a merge list's final order. */
export const setElementOrderPrefix = '$setElementOrder';

/**
 * The field a parallel-list key ("$setElementOrder/containers") is about; a key with the prefix but
 * not "<prefix>/<field>" is a 400 as upstream's.
 */
export function parallelListField(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw badPatch(
      prefix === deleteFromPrimitiveListPrefix
        ? errBadPatchFormatForPrimitiveList
        : errBadPatchFormatForSetElementOrderList,
    );
  }
  return key.slice(slash + 1);
}

/** True when `v` is a map carrying a `$patch` directive. */
export function hasDirectiveMarker(v: JsonValue | undefined): boolean {
  return isJsonMap(v) && Object.hasOwn(v, directiveMarker);
}

/**
 * A value taken from the patch as it is, without the maps that carry `$patch` (in place, like
 * upstream); undefined when `v` itself is such a map, i.e. the field is to be left out. Other
 * directive keys and nulls stay, as upstream leaves them.
 */
export function removeDirectives(v: JsonValue): JsonValue | undefined {
  if (Array.isArray(v)) {
    const out: JsonValue[] = [];
    for (const e of v) {
      const kept = removeDirectives(e);
      if (kept !== undefined) out.push(kept);
    }
    return out;
  }
  if (!isJsonMap(v)) return v;
  if (Object.hasOwn(v, directiveMarker)) return undefined;
  for (const [k, e] of Object.entries(v)) {
    const kept = removeDirectives(e);
    if (kept === undefined) delete v[k];
    else v[k] = kept;
  }
  return v;
}

/** Drops null members of every map inside `v`, in place (nulls in lists stay). */
export function discardNullValues(v: JsonValue): void {
  if (Array.isArray(v)) {
    for (const e of v) discardNullValues(e);
  } else if (isJsonMap(v)) {
    for (const [k, e] of Object.entries(v)) {
      if (e === null) delete v[k];
      else discardNullValues(e);
    }
  }
}

/**
 * A map patch carrying `$patch`: "replace" yields the patch itself (directive removed, nothing else
 * processed), "delete" an empty map; any other value is upstream's "unknown patch type" error.
 */
export function mapDirectiveResult(patch: JsonMap): JsonMap {
  const directive = patch[directiveMarker] ?? null;
  if (directive === 'replace') {
    delete patch[directiveMarker];
    return patch;
  }
  if (directive === 'delete') return {};
  throw patchFailure(unknownPatchTypeMessage(directive, patch));
}

/** upstream's ErrBadPatchType: "unknown patch type: <%s of the value> in map: <%v of the map>". */
export function unknownPatchTypeMessage(directive: JsonValue, map: JsonMap): string {
  return `unknown patch type: ${goFormat(directive, 's')} in map: ${goFormat(map)}`;
}

/**
 * Applies a `$retainKeys` directive of `patch` to `original` (both in place): every field of the
 * patch that is not null must be listed, and every field of the original not listed is cleared.
 * Upstream applies it wherever it appears, whatever the field's declared strategy.
 */
export function applyRetainKeys(original: JsonMap, patch: JsonMap): void {
  if (!Object.hasOwn(patch, retainKeysDirective)) return;
  const list = patch[retainKeysDirective] ?? null;
  delete patch[retainKeysDirective];
  if (!Array.isArray(list)) throw badPatch(errBadPatchFormatForRetainKeys);
  // Go keeps the names in a map keyed by the values; a JSON object or list cannot be such a key.
  if (list.some((e) => typeof e === 'object' && e !== null)) throw goPanic();
  const retained = new Set(list.filter((e): e is string => typeof e === 'string'));
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(deleteFromPrimitiveListPrefix) || k.startsWith(setElementOrderPrefix)) {
      continue;
    }
    if (!retained.has(k)) throw badPatch(errBadPatchFormatForRetainKeys);
  }
  for (const k of Object.keys(original)) if (!retained.has(k)) delete original[k];
}

// JSON merge patch (RFC 7386, `application/merge-patch+json`) as the apiserver applies it through
// evanphx/json-patch v4: objects merge recursively, null deletes a key, anything else replaces.
// Where the library differs from the RFC text we follow the library, because that is what kubectl
// sees: a null or scalar patch is rejected ("Invalid JSON Patch"), and nulls inside a newly
// inserted value are pruned from its objects (also inside arrays) except when an existing object
// is replaced by a non-object.

import { isPlainObject, type JsonValue } from '../../api/object.js';
import { PatchError } from './patch-error.js';

type JsonMap = { [key: string]: JsonValue };

function clone<T extends JsonValue>(v: T): T {
  return structuredClone(v);
}

// A copy without the null members of objects, recursively through objects and arrays (array
// nulls stay).
function pruneNulls(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map((e) => (e === null ? null : pruneNulls(e)));
  if (isPlainObject(v)) {
    const out: JsonMap = {};
    for (const [k, e] of Object.entries(v as JsonMap)) if (e !== null) out[k] = pruneNulls(e);
    return out;
  }
  return v;
}

function merge(current: JsonValue, patch: JsonValue): JsonValue {
  if (!isPlainObject(current)) return pruneNulls(patch);
  if (!isPlainObject(patch)) return clone(patch);
  mergeInto(current as JsonMap, patch as JsonMap);
  return current;
}

function mergeInto(doc: JsonMap, patch: JsonMap): void {
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      delete doc[k];
      continue;
    }
    const current = Object.hasOwn(doc, k) ? doc[k] : undefined;
    doc[k] = current === undefined || current === null ? pruneNulls(v) : merge(current, v);
  }
}

/**
 * Applies a merge patch to `target` without mutating either — unless `consumeTarget`, when the
 * caller hands over a private copy it will not use again and the patch merges into it in place: an
 * object patch merges into an object target (or becomes the result, nulls pruned, when the target
 * is not an object); an array patch becomes the result. A null or scalar patch throws PatchError
 * 'bad-merge-patch' ("Invalid JSON Patch", a 400 upstream).
 */
export function applyMergePatch(target: JsonValue, patch: JsonValue, consumeTarget = false): JsonValue {
  if (patch === null || typeof patch !== 'object')
    throw new PatchError('bad-merge-patch', 'Invalid JSON Patch');
  if (Array.isArray(patch)) return pruneNulls(patch);
  if (!isPlainObject(target)) return pruneNulls(patch);
  const out = (consumeTarget ? target : clone(target)) as JsonMap;
  mergeInto(out, patch as JsonMap);
  return out;
}

/** How the request asked unknown or duplicate fields to be treated (the fieldValidation parameter). */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** The Go JSON type name of a decoded value, as encoding/json's errors spell it. */
export function goJsonTypeName(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'bool';
    default:
      return 'object';
  }
}

/**
 * The apiserver's check of a merge patch body before applying it: with Strict or Warn validation
 * (Warn is the default) the body must decode as a JSON object (or null), else PatchError 'decode'
 * ("error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}").
 */
export function checkMergePatchBody(body: unknown, fieldValidation: FieldValidation = 'Warn'): void {
  if (fieldValidation === 'Ignore' || body === null || isPlainObject(body)) return;
  throw new PatchError(
    'decode',
    `error decoding patch: json: cannot unmarshal ${goJsonTypeName(body)} into Go value of type map[string]interface {}`,
  );
}

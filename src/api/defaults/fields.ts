import { isPlainObject } from '../object.js';

// Defaulting runs before validation, so any field may hold the wrong JSON type. Go would reject
// such a body while decoding it; here the defaulters step around the odd value and leave it for
// validation to report, which is why every descent goes through these guards.

/** The value when it is a JSON object (what Go decodes into a struct), otherwise undefined. */
export function struct<T extends object>(value: T | null | undefined): T | undefined {
  return isPlainObject(value) ? value : undefined;
}

/** The JSON-object elements of a list (empty for anything that is not a list). */
export function structs<T extends object>(list: readonly T[] | null | undefined): T[] {
  if (!Array.isArray(list)) return [];
  return (list as unknown[]).filter((item): item is T => isPlainObject(item));
}

/**
 * The object in `owner[key]`, created as `{}` when the field is unset: Go always holds a value for
 * a non-pointer struct field and serializes it even when empty, and defaulters fill nil pointers
 * the same way. Undefined when the field holds something that is not an object.
 */
export function ensureStruct<T extends object, K extends keyof T>(
  owner: T,
  key: K,
): NonNullable<T[K]> | undefined {
  const current = owner[key];
  if (current === undefined || current === null) {
    const created = {} as NonNullable<T[K]>;
    owner[key] = created;
    return created;
  }
  return isPlainObject(current) ? (current as NonNullable<T[K]>) : undefined;
}

/** True for a map with at least one key (Go's `len(m) > 0`). */
export function hasEntries(value: unknown): value is Record<string, unknown> {
  return isPlainObject(value) && Object.keys(value).length > 0;
}

/** True for a list with at least one element (Go's `len(s) > 0`). */
export function hasItems(value: unknown): value is unknown[] {
  return Array.isArray(value) && value.length > 0;
}

/** Views a decoded API object as its kubernetes-types shape (the caller has checked it is an object). */
export function view<T>(object: object): T {
  return object as unknown as T;
}

/**
 * Marks a nested ObjectMeta (pod templates, claim templates) the way upstream 1.32 serializes it:
 * its zero creationTimestamp is a struct, so Go writes `creationTimestamp: null`.
 */
export function markNestedMeta(owner: { metadata?: object }): void {
  const meta = ensureStruct(owner, 'metadata') as Record<string, unknown> | undefined;
  if (meta && meta['creationTimestamp'] === undefined) meta['creationTimestamp'] = null;
}

// Which part of a schema handles a value (upstream's deduceAtom + handleAtom): the part matching the
// value's JSON type when the schema allows it, else the schema's first part in map, scalar, list order.
import { deducedType, type ApplyType, type MapType } from './apply-type.js';
import { isMap } from './json-value.js';
import { ApplyTypeError } from './list-items.js';

/** The part of a schema that handles a value. */
export type Handler = 'scalar' | 'list' | 'map';

/** The handler for `value` (undefined = absent) under type `t`; throws when the type has no part. */
export function handlerFor(t: ApplyType, value: unknown): Handler {
  if (value !== undefined && value !== null) {
    if (Array.isArray(value)) {
      if (t.list !== undefined) return 'list';
    } else if (isMap(value)) {
      if (t.map !== undefined) return 'map';
    } else if (t.scalar) return 'scalar';
  }
  if (t.map !== undefined) return 'map';
  if (t.scalar) return 'scalar';
  if (t.list !== undefined) return 'list';
  throw new ApplyTypeError('schema error: invalid atom');
}

/** The type of field `name` of a map: declared, else the map's element type, else deduced. */
export function fieldType(m: MapType, name: string): ApplyType {
  // Undeclared fields are reported by validate() for applied objects; elsewhere be lenient.
  return m.field(name) ?? m.element() ?? deducedType;
}

/** A value as a list, or undefined when it is not one (null, absent or another type). */
export function asList(v: unknown): readonly unknown[] | undefined {
  return Array.isArray(v) ? v : undefined;
}

/** A value as a map, or undefined when it is not one. */
export function asMap(v: unknown): Record<string, unknown> | undefined {
  return isMap(v) ? v : undefined;
}

/** True for an absent list/map or one without elements (upstream's "emptyPromoteToLeaf"). */
export function isEmptyCollection(v: readonly unknown[] | Record<string, unknown> | undefined): boolean {
  if (v === undefined) return true;
  if (Array.isArray(v)) return v.length === 0;
  return Object.values(v).every((x) => x === undefined);
}

/** The keys present in either map: the left map's order, then keys only the right one has. */
export function zipKeys(
  lhs: Record<string, unknown> | undefined,
  rhs: Record<string, unknown> | undefined,
): string[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const m of [lhs, rhs]) {
    if (m === undefined) continue;
    for (const [k, v] of Object.entries(m)) {
      if (v === undefined || seen.has(k)) continue;
      seen.add(k);
      keys.push(k);
    }
  }
  return keys;
}

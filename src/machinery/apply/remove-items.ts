// Upstream's TypedValue.RemoveItems: a copy of a value without the given paths. A member path
// removes the field or element with everything below it; a child path only descends.
import type { ApplyType } from './apply-type.js';
import { fieldType, handlerFor } from './atoms.js';
import { isMap } from './json-value.js';
import { listItemElement } from './list-items.js';
import type { PathSet } from './path-set.js';

/** `value` without the paths in `remove`; the root stays an object when it was one. */
export function removeItems(value: unknown, remove: PathSet, t: ApplyType): unknown {
  const out = visit(value, remove, t);
  return out === undefined && isMap(value) ? {} : out;
}

/** Returns undefined where upstream's walker leaves no output (the value then becomes null). */
function visit(value: unknown, remove: PathSet, t: ApplyType): unknown {
  const h = handlerFor(t, value);
  if (h === 'scalar') return value;
  if (h === 'list') {
    const list = t.list!;
    if (!Array.isArray(value) || value.length === 0 || list.atomic) return undefined;
    const out: unknown[] = [];
    for (const item of value) {
      const pe = listItemElement(list, item);
      if ('error' in pe) {
        out.push(item);
        continue;
      }
      if (remove.hasMember(pe)) continue;
      const sub = remove.child(pe);
      out.push(sub !== undefined && !sub.isEmpty() ? orNull(visit(item, sub, list.element())) : item);
    }
    return out.length > 0 ? out : undefined;
  }
  const m = t.map!;
  if (!isMap(value) || m.atomic) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const pe = { field: k };
    if (remove.hasMember(pe)) continue;
    const sub = remove.child(pe);
    out[k] = sub !== undefined && !sub.isEmpty() ? orNull(visit(v, sub, fieldType(m, k))) : v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function orNull(v: unknown): unknown {
  return v === undefined ? null : v;
}

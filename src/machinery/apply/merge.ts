// Upstream's TypedValue.Merge (ruleKeepRHS): the applied configuration laid over the live object.
// Scalars and atomic lists/maps take the applied value; granular maps merge per field; granular
// lists merge per element, the applied order winning for shared elements and live-only elements
// staying near their old neighbours.
import type { ApplyType } from './apply-type.js';
import { asList, asMap, fieldType, handlerFor, isEmptyCollection, zipKeys, type Handler } from './atoms.js';
import { ApplyTypeError, nameItems, type NamedItem } from './list-items.js';
import { pathElementToString } from './path-element.js';

/** lhs with rhs merged over it (undefined = absent); throws ApplyTypeError on bad list items. */
export function mergeTyped(lhs: unknown, rhs: unknown, t: ApplyType): unknown {
  return visit(lhs, rhs, t);
}

function visit(lhs: unknown, rhs: unknown, t: ApplyType): unknown {
  const hl = handlerFor(t, lhs);
  const hr = handlerFor(t, rhs);
  if (rhs === undefined) return handle(hl, lhs, rhs, t);
  if (lhs !== undefined && hl !== hr) handle(hl, lhs, rhs, t);
  return handle(hr, lhs, rhs, t);
}

function keepRhs(lhs: unknown, rhs: unknown): unknown {
  return rhs !== undefined ? rhs : lhs;
}

function handle(h: Handler, lhs: unknown, rhs: unknown, t: ApplyType): unknown {
  if (h === 'scalar') return keepRhs(lhs, rhs);
  if (h === 'map') {
    const m = t.map!;
    const l = asMap(lhs);
    const r = asMap(rhs);
    if (m.atomic || (isEmptyCollection(l) && isEmptyCollection(r))) return keepRhs(lhs, rhs);
    const out: Record<string, unknown> = {};
    for (const k of zipKeys(l, r)) {
      const v = visit(l?.[k], r?.[k], fieldType(m, k));
      if (v !== undefined) out[k] = v;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  const list = t.list!;
  const l = asList(lhs);
  const r = asList(rhs);
  if (list.atomic || (isEmptyCollection(l) && isEmptyCollection(r))) return keepRhs(lhs, rhs);
  const out = mergeItems(l ?? [], r ?? [], t);
  return out.length > 0 ? out : undefined;
}

function mergeItems(lhs: readonly unknown[], rhs: readonly unknown[], t: ApplyType): unknown[] {
  const list = t.list!;
  const element = list.element();
  const right = nameItems(list, rhs);
  const rightById = new Map<string, unknown>();
  for (const { pe, id, item } of right) {
    if (rightById.has(id)) throw new ApplyTypeError(`duplicate entries for key ${pathElementToString(pe)}`);
    rightById.set(id, item);
  }
  const left = nameItems(list, lhs);
  // Live objects may carry duplicated keys: such an element merges as an explicit null.
  const leftById = new Map<string, unknown>();
  for (const { id, item } of left) leftById.set(id, leftById.has(id) ? null : item);

  const shared = right.filter((r) => leftById.has(r.id)).map((r) => r.id);
  let next = 0;
  let nextShared: string | undefined = shared[next++];
  const merged = new Set<string>();
  const out: unknown[] = [];
  const emit = (v: unknown): void => {
    if (v !== undefined) out.push(v);
  };
  let li = 0;
  let ri = 0;
  while (li < left.length || ri < right.length) {
    const lItem: NamedItem | undefined = left[li];
    const rItem: NamedItem | undefined = right[ri];
    if (lItem !== undefined && rItem !== undefined) {
      if (lItem.id === rItem.id) {
        merged.add(lItem.id);
        emit(visit(leftById.get(lItem.id), rightById.get(lItem.id), element));
        li++;
        ri++;
        nextShared = shared[next++];
        continue;
      }
      // A shared element out of the applied order waits until the applied list reaches it.
      if (rightById.has(lItem.id) && nextShared !== undefined && nextShared !== lItem.id) {
        li++;
        continue;
      }
    }
    if (lItem !== undefined) {
      if (!rightById.has(lItem.id)) {
        emit(visit(lItem.item, undefined, element));
        li++;
        continue;
      }
      if (merged.has(lItem.id)) li++;
    }
    if (rItem !== undefined) {
      merged.add(rItem.id);
      emit(visit(leftById.get(rItem.id), rightById.get(rItem.id), element));
      ri++;
      if (nextShared === rItem.id) nextShared = shared[next++];
    }
  }
  return out;
}

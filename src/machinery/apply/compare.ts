// Upstream's TypedValue.Compare: which paths an edit added, modified or removed. Scalars and atomic
// lists/maps compare as leaves; a granular map field or list element that appears or disappears is
// itself added or removed, together with everything below it.
import type { ApplyType } from './apply-type.js';
import { asList, asMap, fieldType, handlerFor, isEmptyCollection, zipKeys, type Handler } from './atoms.js';
import { valuesEqual } from './json-value.js';
import { nameItems } from './list-items.js';
import type { PathElement } from './path-element.js';
import { PathSet } from './path-set.js';

/** The paths an edit from lhs to rhs added, modified and removed. */
export interface Comparison {
  readonly added: PathSet;
  readonly modified: PathSet;
  readonly removed: PathSet;
}

/** Compares two values of one type (undefined = absent); throws ApplyTypeError on bad list items. */
export function compareTyped(lhs: unknown, rhs: unknown, t: ApplyType): Comparison {
  const c: Comparison = { added: new PathSet(), modified: new PathSet(), removed: new PathSet() };
  visit(c, [], lhs, rhs, t);
  return c;
}

/** The comparison without the paths `filter` drops (upstream's Comparison.FilterFields). */
export function filterComparison(c: Comparison, filter: (s: PathSet) => PathSet): Comparison {
  return { added: filter(c.added), modified: filter(c.modified), removed: filter(c.removed) };
}

function visit(c: Comparison, path: PathElement[], lhs: unknown, rhs: unknown, t: ApplyType): void {
  const hl = handlerFor(t, lhs);
  const hr = handlerFor(t, rhs);
  let leaf: boolean;
  if (rhs === undefined) leaf = handle(c, hl, path, lhs, rhs, t);
  else if (lhs === undefined || hl === hr) leaf = handle(c, hr, path, lhs, rhs, t);
  else {
    // Mismatched types: both readings contribute, as upstream walks both atoms.
    handle(c, hl, path, lhs, rhs, t);
    leaf = handle(c, hr, path, lhs, rhs, t);
  }
  if (!leaf) {
    if (lhs === undefined) c.added.insert(path);
    else if (rhs === undefined) c.removed.insert(path);
  }
}

function compareLeaf(c: Comparison, path: PathElement[], lhs: unknown, rhs: unknown): true {
  if (lhs === undefined) c.added.insert(path);
  else if (rhs === undefined) c.removed.insert(path);
  else if (!valuesEqual(lhs, rhs)) c.modified.insert(path);
  return true;
}

/** Returns true when the value was compared as a leaf. */
function handle(
  c: Comparison,
  h: Handler,
  path: PathElement[],
  lhs: unknown,
  rhs: unknown,
  t: ApplyType,
): boolean {
  if (h === 'scalar') return compareLeaf(c, path, lhs, rhs);
  if (h === 'map') {
    const m = t.map!;
    const l = asMap(lhs);
    const r = asMap(rhs);
    if (m.atomic || (isEmptyCollection(l) && isEmptyCollection(r))) return compareLeaf(c, path, lhs, rhs);
    for (const k of zipKeys(l, r)) visit(c, [...path, { field: k }], l?.[k], r?.[k], fieldType(m, k));
    return false;
  }
  const list = t.list!;
  const l = asList(lhs);
  const r = asList(rhs);
  if (list.atomic || (isEmptyCollection(l) && isEmptyCollection(r))) return compareLeaf(c, path, lhs, rhs);
  compareItems(c, path, l ?? [], r ?? [], t);
  return false;
}

function compareItems(
  c: Comparison,
  path: PathElement[],
  lhs: readonly unknown[],
  rhs: readonly unknown[],
  t: ApplyType,
): void {
  const list = t.list!;
  const order: { pe: PathElement; id: string }[] = [];
  const left = new Map<string, unknown[]>();
  const right = new Map<string, unknown[]>();
  for (const { pe, id, item } of nameItems(list, lhs)) {
    const seen = left.get(id);
    if (seen === undefined) {
      left.set(id, [item]);
      order.push({ pe, id });
    } else seen.push(item);
  }
  for (const { pe, id, item } of nameItems(list, rhs)) {
    const seen = right.get(id);
    if (seen === undefined) {
      right.set(id, [item]);
      if (!left.has(id)) order.push({ pe, id });
    } else seen.push(item);
  }
  const element = list.element();
  for (const { pe, id } of order) {
    const ls = left.get(id) ?? [];
    const rs = right.get(id) ?? [];
    const at = [...path, pe];
    // Duplicated keys (allowed in live objects) compare as whole groups, as upstream does.
    if (ls.length <= 1 && rs.length <= 1) visit(c, at, ls[0], rs[0], element);
    else if (ls.length >= 2 && rs.length >= 2) {
      if (ls.length !== rs.length || ls.some((x, i) => !valuesEqual(x, rs[i]))) c.modified.insert(at);
    } else if (ls.length >= 2) {
      if (rs.length !== 0) visit(c, at, undefined, rs[0], element);
      c.removed.insert(at);
    } else {
      if (ls.length !== 0) visit(c, at, ls[0], undefined, element);
      c.added.insert(at);
    }
  }
}

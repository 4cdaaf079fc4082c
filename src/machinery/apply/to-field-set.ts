// Upstream's TypedValue.ToFieldSet: the paths a value sets. Scalars and atomic lists/maps are
// members; a granular list's elements are members (with their insides as children); a map's
// undeclared keys, and declared fields that are null or {}, are members; other declared struct fields
// only lead to their children. This is what an applier owns.
import type { ApplyType } from './apply-type.js';
import { asList, asMap, fieldType, handlerFor } from './atoms.js';
import { isMap } from './json-value.js';
import { listItemElement } from './list-items.js';
import { serializePathElement, type PathElement } from './path-element.js';
import { PathSet } from './path-set.js';

/** The set of paths a value sets. Elements whose key cannot be named are skipped. */
export function fieldSetOf(value: unknown, t: ApplyType): PathSet {
  const set = new PathSet();
  visit(set, [], value, t);
  return set;
}

function visit(set: PathSet, path: PathElement[], value: unknown, t: ApplyType): void {
  const h = handlerFor(t, value);
  if (h === 'scalar') {
    set.insert(path);
    return;
  }
  if (h === 'list') {
    const list = t.list!;
    if (list.atomic) {
      set.insert(path);
      return;
    }
    const items = asList(value);
    if (items !== undefined) visitItems(set, path, items, t);
    return;
  }
  const m = t.map!;
  if (m.atomic) {
    set.insert(path);
    return;
  }
  const map = asMap(value);
  if (map === undefined) return;
  for (const [k, v] of Object.entries(map)) {
    if (v === undefined) continue;
    const at = [...path, { field: k }];
    visit(set, at, v, fieldType(m, k));
    const declared = m.field(k) !== undefined;
    if (v === null || (isMap(v) && Object.values(v).every((x) => x === undefined)) || !declared)
      set.insert(at);
  }
}

function visitItems(set: PathSet, path: PathElement[], items: readonly unknown[], t: ApplyType): void {
  const list = t.list!;
  const element = list.element();
  const named: { pe: PathElement; id: string; item: unknown }[] = [];
  const seen = new Set<string>();
  const duplicated = new Set<string>();
  for (const item of items) {
    const pe = listItemElement(list, item);
    if ('error' in pe) continue;
    const id = serializePathElement(pe);
    // A duplicated element is owned whole: a member with nothing below it.
    if (seen.has(id)) {
      if (!duplicated.has(id)) set.insert([...path, pe]);
      duplicated.add(id);
    } else seen.add(id);
    named.push({ pe, id, item });
  }
  for (const { pe, id, item } of named) {
    if (duplicated.has(id)) continue;
    const at = [...path, pe];
    visit(set, at, item, element);
    set.insert(at);
  }
}

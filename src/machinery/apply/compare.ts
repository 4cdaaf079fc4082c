// Upstream's TypedValue.Compare: which paths an edit added, modified or removed. Scalars and atomic
// lists/maps compare as leaves; a granular map field or list element that appears or disappears is
// itself added or removed, together with everything below it.
// Every write of every object runs this over the whole object, so the walk keeps one path stack
// (PathSet.insert copies what it keeps) and allocates no per-node key lists.
import type { ApplyType, MapType } from './apply-type.js';
import { fieldType, handlerFor, type Handler } from './atoms.js';
import { isMap, valuesEqual } from './json-value.js';
import { ApplyTypeError, listItemElement } from './list-items.js';
import { serializePathElement, type PathElement } from './path-element.js';
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
  new Comparer(c).visit(lhs, rhs, t);
  return c;
}

/** The comparison without the paths `filter` drops (upstream's Comparison.FilterFields). */
export function filterComparison(c: Comparison, filter: (s: PathSet) => PathSet): Comparison {
  return { added: filter(c.added), modified: filter(c.modified), removed: filter(c.removed) };
}

type Fields = Record<string, unknown>;

// A map without a present field (absent and undefined alike) compares as an empty leaf.
function noFields(m: Fields | undefined): boolean {
  if (m === undefined) return true;
  for (const k of Object.keys(m)) if (m[k] !== undefined) return false;
  return true;
}

// Values whose JSON text (JSON.stringify's, which Go's agrees with up to escaping) names them.
function isJsonScalar(v: unknown): boolean {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/**
 * A list element's identity within its list, equal for two elements exactly when their serialized
 * path elements are: a list's key elements all carry the same key names, so the values decide, and
 * JSON text tells scalar values apart as Go's JSON does. Other values take the full form.
 */
function itemId(pe: PathElement): string {
  if ('key' in pe) {
    const values: unknown[] = [];
    for (const f of pe.key) {
      if (!isJsonScalar(f.value)) return serializePathElement(pe);
      values.push(f.value);
    }
    return JSON.stringify(values);
  }
  if ('value' in pe && isJsonScalar(pe.value)) return JSON.stringify([pe.value]);
  return serializePathElement(pe);
}

class Comparer {
  private readonly path: PathElement[] = [];

  constructor(private readonly c: Comparison) {}

  visit(lhs: unknown, rhs: unknown, t: ApplyType): void {
    // One value on both sides changed nothing below it: writes share untouched parts of the stored
    // object (a status write keeps its spec), and those need no walk.
    if (lhs === rhs && lhs !== undefined) return;
    const hl = handlerFor(t, lhs);
    const hr = handlerFor(t, rhs);
    let leaf: boolean;
    if (rhs === undefined) leaf = this.handle(hl, lhs, rhs, t);
    else if (lhs === undefined || hl === hr) leaf = this.handle(hr, lhs, rhs, t);
    else {
      // Mismatched types: both readings contribute, as upstream walks both atoms.
      this.handle(hl, lhs, rhs, t);
      leaf = this.handle(hr, lhs, rhs, t);
    }
    if (!leaf) {
      if (lhs === undefined) this.c.added.insert(this.path);
      else if (rhs === undefined) this.c.removed.insert(this.path);
    }
  }

  private leaf(lhs: unknown, rhs: unknown): true {
    if (lhs === undefined) this.c.added.insert(this.path);
    else if (rhs === undefined) this.c.removed.insert(this.path);
    else if (!valuesEqual(lhs, rhs)) this.c.modified.insert(this.path);
    return true;
  }

  /** Returns true when the value was compared as a leaf. */
  private handle(h: Handler, lhs: unknown, rhs: unknown, t: ApplyType): boolean {
    if (h === 'scalar') return this.leaf(lhs, rhs);
    if (h === 'map') {
      const m = t.map!;
      const l = isMap(lhs) ? lhs : undefined;
      const r = isMap(rhs) ? rhs : undefined;
      if (m.atomic || (noFields(l) && noFields(r))) return this.leaf(lhs, rhs);
      // The keys present in either map: the left map's order, then those only the right one has.
      if (l !== undefined) {
        for (const k of Object.keys(l)) {
          const lv = l[k];
          if (lv !== undefined) this.field(k, lv, r?.[k], m);
        }
      }
      if (r !== undefined) {
        for (const k of Object.keys(r)) {
          const rv = r[k];
          if (rv === undefined || (l !== undefined && Object.hasOwn(l, k) && l[k] !== undefined)) continue;
          this.field(k, l?.[k], rv, m);
        }
      }
      return false;
    }
    const list = t.list!;
    const l = Array.isArray(lhs) ? lhs : undefined;
    const r = Array.isArray(rhs) ? rhs : undefined;
    if (list.atomic || ((l === undefined || l.length === 0) && (r === undefined || r.length === 0)))
      return this.leaf(lhs, rhs);
    this.items(l ?? [], r ?? [], t);
    return false;
  }

  private field(k: string, lv: unknown, rv: unknown, m: MapType): void {
    const ft = fieldType(m, k);
    this.path.push({ field: k });
    this.visit(lv, rv, ft);
    this.path.pop();
  }

  private items(lhs: readonly unknown[], rhs: readonly unknown[], t: ApplyType): void {
    const list = t.list!;
    const order: { pe: PathElement; id: string }[] = [];
    const left = new Map<string, unknown[]>();
    const right = new Map<string, unknown[]>();
    const name = (items: readonly unknown[], into: Map<string, unknown[]>, isRight: boolean): void => {
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        const pe = listItemElement(list, item);
        if ('error' in pe) throw new ApplyTypeError(`element ${i}: ${pe.error}`);
        const id = itemId(pe);
        const seen = into.get(id);
        if (seen !== undefined) seen.push(item);
        else {
          into.set(id, [item]);
          if (!isRight || !left.has(id)) order.push({ pe, id });
        }
      }
    };
    name(lhs, left, false);
    name(rhs, right, true);
    const element = list.element();
    for (const { pe, id } of order) {
      const ls = left.get(id) ?? [];
      const rs = right.get(id) ?? [];
      this.path.push(pe);
      // Duplicated keys (allowed in live objects) compare as whole groups, as upstream does.
      if (ls.length <= 1 && rs.length <= 1) this.visit(ls[0], rs[0], element);
      else if (ls.length >= 2 && rs.length >= 2) {
        if (ls.length !== rs.length || ls.some((x, i) => !valuesEqual(x, rs[i])))
          this.c.modified.insert(this.path);
      } else if (ls.length >= 2) {
        if (rs.length !== 0) this.visit(undefined, rs[0], element);
        this.c.removed.insert(this.path);
      } else {
        if (ls.length !== 0) this.visit(ls[0], undefined, element);
        this.c.added.insert(this.path);
      }
      this.path.pop();
    }
  }
}

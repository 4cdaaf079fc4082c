// A set of field paths stored as a trie, the way structured-merge-diff's fieldpath.Set is: at each
// level the path elements that are members themselves, and the children that lead deeper. Both are
// kept sorted in upstream's element order, which fixes the FieldsV1 key order and the order in which
// conflicts are reported.
import { comparePathElements, type Path, type PathElement } from './path-element.js';

interface Child {
  readonly pe: PathElement;
  readonly set: PathSet;
}

function search<T>(items: readonly T[], pe: PathElement, elementOf: (t: T) => PathElement): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (comparePathElements(elementOf(items[mid]!), pe) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const self = (pe: PathElement): PathElement => pe;
const childElement = (c: Child): PathElement => c.pe;

/**
 * A set of paths. Operations return new sets that may share subtrees with their inputs, so
 * `insert` (which mutates) is only for sets being built.
 */
export class PathSet {
  private readonly memberList: PathElement[] = [];
  private readonly childList: Child[] = [];
  /** The FieldsV1 this set was decoded from or encoded to, kept by fields-v1.ts (sets never change). */
  encoding: object | undefined = undefined;

  /** A set holding the given paths. */
  static of(...paths: Path[]): PathSet {
    const s = new PathSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  /** The elements at this level that are members (sorted). */
  get members(): readonly PathElement[] {
    return this.memberList;
  }

  /** The subtrees below this level (sorted by element). */
  get children(): readonly Child[] {
    return this.childList;
  }

  /** Adds a path (the empty path is ignored, as upstream's Insert does). */
  insert(path: Path): void {
    if (path.length === 0) return;
    let parent = path.length > 1 ? this.descend(path[0]!) : this;
    for (let i = 1; i < path.length - 1; i++) parent = parent.descend(path[i]!);
    parent.addMember(path[path.length - 1]!);
  }

  private addMember(pe: PathElement): void {
    const i = search(this.memberList, pe, self);
    const at = this.memberList[i];
    if (at === undefined || comparePathElements(at, pe) !== 0) this.memberList.splice(i, 0, pe);
  }

  private descend(pe: PathElement): PathSet {
    const i = search(this.childList, pe, childElement);
    const at = this.childList[i];
    if (at !== undefined && comparePathElements(at.pe, pe) === 0) return at.set;
    const set = new PathSet();
    this.childList.splice(i, 0, { pe, set });
    return set;
  }

  /** True when pe is a member at this level. */
  hasMember(pe: PathElement): boolean {
    const at = this.memberList[search(this.memberList, pe, self)];
    return at !== undefined && comparePathElements(at, pe) === 0;
  }

  /** The subtree under pe, if there is one. */
  child(pe: PathElement): PathSet | undefined {
    const at = this.childList[search(this.childList, pe, childElement)];
    return at !== undefined && comparePathElements(at.pe, pe) === 0 ? at.set : undefined;
  }

  /** True when the path is a member of the set. */
  has(path: Path): boolean {
    if (path.length === 0) return false;
    const parent = path.slice(0, -1).reduce<PathSet | undefined>((s, pe) => s?.child(pe), this);
    return parent !== undefined && parent.hasMember(path[path.length - 1]!);
  }

  /** The subtree under pe, or an empty set. */
  withPrefix(pe: PathElement): PathSet {
    return this.child(pe) ?? new PathSet();
  }

  /** True when no path is a member, at any depth. */
  isEmpty(): boolean {
    return this.memberList.length === 0 && this.childList.every((c) => c.set.isEmpty());
  }

  /** Every member path, members of a level before its children (upstream's Iterate order). */
  paths(): Path[] {
    const out: Path[] = [];
    const walk = (s: PathSet, prefix: PathElement[]): void => {
      for (const m of s.memberList) out.push([...prefix, m]);
      for (const c of s.childList) walk(c.set, [...prefix, c.pe]);
    };
    walk(this, []);
    return out;
  }

  /**
   * Paths in either set. When one set already holds the other, the result is that set itself, so
   * ownership a write only re-touches (a lease's renewTime, a counter in a status) keeps its
   * identity and its remembered FieldsV1 encoding.
   */
  union(other: PathSet): PathSet {
    return merge(this, other).set;
  }

  /** Paths in both sets. */
  intersection(other: PathSet): PathSet {
    const out = new PathSet();
    out.memberList.push(...this.memberList.filter((m) => other.hasMember(m)));
    for (const c of this.childList) {
      const o = other.child(c.pe);
      if (o === undefined) continue;
      const both = c.set.intersection(o);
      if (!both.isEmpty()) out.childList.push({ pe: c.pe, set: both });
    }
    return out;
  }

  /**
   * Paths of this set not in other (exact paths: a member of other does not remove a subtree).
   * When nothing is removed the result is this set itself, so unchanged ownership keeps its
   * identity (and its remembered FieldsV1 encoding).
   */
  difference(other: PathSet): PathSet {
    return this.without(other, false);
  }

  /** Like difference, but a member of other also removes everything below it (prefix exclusion). */
  recursiveDifference(other: PathSet): PathSet {
    return this.without(other, true);
  }

  private without(other: PathSet, recursive: boolean): PathSet {
    const out = new PathSet();
    let changed = false;
    for (const m of this.memberList) {
      if (other.hasMember(m)) changed = true;
      else out.memberList.push(m);
    }
    for (const c of this.childList) {
      if (recursive && other.hasMember(c.pe)) {
        changed = true;
        continue;
      }
      const o = other.child(c.pe);
      const rest = o === undefined ? c.set : c.set.without(o, recursive);
      if (rest === c.set) out.childList.push(c);
      else {
        changed = true;
        if (!rest.isEmpty()) out.childList.push({ pe: c.pe, set: rest });
      }
    }
    return changed ? out : this;
  }

  /** True when both sets hold the same paths in the same trie shape. */
  equals(other: PathSet): boolean {
    if (this.memberList.length !== other.memberList.length) return false;
    if (this.childList.length !== other.childList.length) return false;
    if (this.memberList.some((m, i) => comparePathElements(m, other.memberList[i]!) !== 0)) return false;
    return this.childList.every((c, i) => {
      const o = other.childList[i]!;
      return comparePathElements(c.pe, o.pe) === 0 && c.set.equals(o.set);
    });
  }

  /** Builds a set from sorted members and children (for codecs and schema-aware rewrites). */
  static build(members: readonly PathElement[], children: readonly Child[]): PathSet {
    const s = new PathSet();
    s.memberList.push(...members);
    s.childList.push(...children);
    return s;
  }
}

/** A union, and whether each side already held all of it (the result is then that side). */
interface Merged {
  readonly set: PathSet;
  readonly inA: boolean;
  readonly inB: boolean;
}

function merge(a: PathSet, b: PathSet): Merged {
  const members = unionSorted(a.members, b.members);
  let inA = members.length === a.members.length;
  let inB = members.length === b.members.length;
  const children: Child[] = [];
  const ac = a.children;
  const bc = b.children;
  let i = 0;
  let j = 0;
  while (i < ac.length || j < bc.length) {
    const c =
      i < ac.length && j < bc.length ? comparePathElements(ac[i]!.pe, bc[j]!.pe) : i < ac.length ? -1 : 1;
    if (c < 0) {
      children.push(ac[i++]!);
      inB = false;
    } else if (c > 0) {
      children.push(bc[j++]!);
      inA = false;
    } else {
      const mine = ac[i++]!;
      const theirs = bc[j++]!;
      const both = merge(mine.set, theirs.set);
      inA &&= both.inA;
      inB &&= both.inB;
      children.push(both.inA ? mine : both.inB ? theirs : { pe: mine.pe, set: both.set });
    }
  }
  const set = inA ? a : inB ? b : PathSet.build(members, children);
  return { set, inA, inB };
}

function unionSorted(a: readonly PathElement[], b: readonly PathElement[]): PathElement[] {
  const out: PathElement[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const c = i < a.length && j < b.length ? comparePathElements(a[i]!, b[j]!) : i < a.length ? -1 : 1;
    if (c < 0) out.push(a[i++]!);
    else if (c > 0) out.push(b[j++]!);
    else {
      out.push(a[i++]!);
      j++;
    }
  }
  return out;
}

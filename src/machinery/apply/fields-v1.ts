// The FieldsV1 encoding of a PathSet (metav1.FieldsV1): a JSON trie whose keys are serialized path
// elements. A key mapping to {} is a member; a key mapping to children is only a prefix unless the
// children include "." — upstream writes "." after the children, and we keep that key order.
import {
  comparePathElements,
  parsePathElement,
  serializePathElement,
  type PathElement,
} from './path-element.js';
import { PathSet } from './path-set.js';

/** A FieldsV1 value: nested objects whose keys are `f:`/`k:`/`v:`/`i:` elements or ".". */
export type FieldsV1 = { [key: string]: FieldsV1 };

/** Thrown when a FieldsV1 value cannot be decoded. */
export class FieldsV1Error extends Error {}

// The FieldsV1 each set was decoded from or encoded to (PathSet.encoding). Sets are immutable and
// set operations return an unchanged set itself, so the ownership a write leaves alone (most of an
// object's managers on most writes) is written back without encoding it again. The values are
// shared, never modified: whoever needs to change FieldsV1 builds a new value.
//
// And the other way, for the values made or read most recently: the set each of this server's
// FieldsV1 values stands for. The stored object a write leaves is the live object of the next write
// to it (the watch cache keeps the written object itself), and an object's writes come close
// together (a pod's binding and status updates follow its creation within a second or two), so
// the next write finds its managers' sets here instead of reading them back. Bounded: keeping the
// set of every cached object's managers would cost more memory than the watch cache itself.
const recentDecodings = new Map<FieldsV1, PathSet>();
const recentCapacity = 8192;

function remember(fields: FieldsV1, set: PathSet): void {
  set.encoding = fields;
  if (recentDecodings.size >= recentCapacity) recentDecodings.delete(recentDecodings.keys().next().value!);
  recentDecodings.set(fields, set);
}

/** Encodes a set as FieldsV1, in upstream's key order. */
export function toFieldsV1(set: PathSet): FieldsV1 {
  let fields = set.encoding as FieldsV1 | undefined;
  if (fields === undefined) {
    fields = emit(set, false);
    remember(fields, set);
  }
  return fields;
}

function emit(set: PathSet, includeSelf: boolean): FieldsV1 {
  const out: FieldsV1 = {};
  const members = set.members;
  const children = set.children;
  let mi = 0;
  let ci = 0;
  while (mi < members.length || ci < children.length) {
    const m = members[mi];
    const c = children[ci];
    const order =
      m !== undefined && c !== undefined ? comparePathElements(m, c.pe) : m !== undefined ? -1 : 1;
    if (order < 0) {
      out[serializePathElement(m!)] = {};
      mi++;
    } else if (order > 0) {
      out[serializePathElement(c!.pe)] = emit(c!.set, false);
      ci++;
    } else {
      out[serializePathElement(c!.pe)] = emit(c!.set, true);
      mi++;
      ci++;
    }
  }
  // Every pass of the loop above wrote a key.
  if (includeSelf && (members.length > 0 || children.length > 0)) out['.'] = {};
  return out;
}

/**
 * Decodes FieldsV1 (unknown element kinds are dropped, as upstream does); throws FieldsV1Error.
 * `stored`: the value is this server's own encoding, read back from storage, so it can stand for
 * the set's encoding as it is (a client's FieldsV1 may be in another key order: it is re-encoded).
 */
export function fromFieldsV1(value: unknown, stored = false): PathSet {
  if (value === undefined || value === null) return new PathSet();
  if (stored) {
    const known = recentDecodings.get(value as FieldsV1);
    if (known !== undefined) return known;
  }
  const set = read(value).children ?? new PathSet();
  if (stored && typeof value === 'object') remember(value as FieldsV1, set);
  return set;
}

interface Read {
  readonly children: PathSet | undefined;
  readonly isMember: boolean;
}

// Most nodes are leaves ({}); they share one answer.
const leaf: Read = { children: undefined, isMember: true };

function read(value: unknown): Read {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new FieldsV1Error('fieldsV1: expected an object');
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  if (keys.length === 0) return leaf;
  const members: PathElement[] = [];
  const children: { pe: PathElement; set: PathSet }[] = [];
  let isMember = false;
  for (const key of keys) {
    if (key === '.') {
      isMember = true;
      continue;
    }
    let pe: PathElement | undefined;
    try {
      pe = parsePathElement(key);
    } catch (err) {
      throw new FieldsV1Error(
        `parsing key as path element: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    if (pe === undefined) continue;
    const inner = read(object[key]);
    if (inner.isMember) members.push(pe);
    if (inner.children !== undefined) children.push({ pe, set: inner.children });
  }
  // A key with nothing recognisable below it is a member ({} or only ".").
  if (members.length === 0 && children.length === 0) return leaf;
  members.sort(comparePathElements);
  children.sort((a, b) => comparePathElements(a.pe, b.pe));
  return { children: PathSet.build(dedupe(members), mergeChildren(children)), isMember };
}

function dedupe(members: PathElement[]): PathElement[] {
  return members.filter((m, i) => i === 0 || comparePathElements(members[i - 1]!, m) !== 0);
}

// The children are read()'s own objects: merging may change them.
function mergeChildren(children: { pe: PathElement; set: PathSet }[]): { pe: PathElement; set: PathSet }[] {
  const out: { pe: PathElement; set: PathSet }[] = [];
  for (const c of children) {
    const last = out[out.length - 1];
    if (last !== undefined && comparePathElements(last.pe, c.pe) === 0) last.set = last.set.union(c.set);
    else out.push(c);
  }
  return out;
}

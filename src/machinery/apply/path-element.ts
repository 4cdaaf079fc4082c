// One step of a field path, as structured-merge-diff names it: a struct/map field, the key of an
// element of a list-type=map list, the value of an element of a set, or an index into an atomic
// list. The serialized form (`f:`, `k:`, `v:`, `i:`) is the key syntax of FieldsV1.
import { BoundedMemo } from '../../base/bounded-memo.js';
import { compareStrings, compareValues, goJson, valueToString } from './json-value.js';

/** One key field of a list-map element; key fields are kept sorted by name. */
export interface KeyField {
  readonly name: string;
  readonly value: unknown;
}

/** A path element: exactly one of field, key, value or index. */
export type PathElement =
  | { readonly field: string }
  | { readonly key: readonly KeyField[] }
  | { readonly value: unknown }
  | { readonly index: number };

/** A path from an object's root. */
export type Path = readonly PathElement[];

/** A field (struct field or map key) element. */
export function fieldElement(name: string): PathElement {
  return { field: name };
}

/** A list-map element key; the fields are sorted by name as upstream's KeyByFields does. */
export function keyElement(fields: readonly KeyField[]): PathElement {
  return { key: [...fields].sort((a, b) => compareStrings(a.name, b.name)) };
}

function kindOf(pe: PathElement): number {
  if ('field' in pe) return 0;
  if ('key' in pe) return 1;
  if ('value' in pe) return 2;
  return 3;
}

function compareKeys(a: readonly KeyField[], b: readonly KeyField[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    const c = compareStrings(x.name, y.name) || compareValues(x.value, y.value);
    if (c !== 0) return c;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** Upstream's PathElement order: fields, then keys, then values, then indexes. */
export function comparePathElements(a: PathElement, b: PathElement): number {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  if ('field' in a && 'field' in b) return compareStrings(a.field, b.field);
  if ('key' in a && 'key' in b) return compareKeys(a.key, b.key);
  if ('value' in a && 'value' in b) return compareValues(a.value, b.value);
  if ('index' in a && 'index' in b) return a.index < b.index ? -1 : a.index > b.index ? 1 : 0;
  return 0;
}

// Encoding managedFields serializes every element of every entry on every write, and the same
// strings come back each time: field keys by field name, and the keys of elements named by one
// string key field (`k:{"type":"Ready"}`, the common case) by that field's name and value.
// Handing out one string instance also spares V8 re-interning it as a property name.
const fieldKeys = new BoundedMemo<string>(10_000);
const singleKeys = new Map<string, BoundedMemo<string>>();

/** The FieldsV1 key of an element: `f:name`, `k:{"a":1}`, `v:"x"` or `i:3`. */
export function serializePathElement(pe: PathElement): string {
  // Field names are written raw; keys and values are Go JSON (key fields already sorted).
  if ('field' in pe) return fieldKeys.get(pe.field, fieldKey);
  if ('key' in pe) {
    const only = pe.key.length === 1 ? pe.key[0]! : undefined;
    if (only === undefined || typeof only.value !== 'string') return `k:{${pe.key.map(keyField).join(',')}}`;
    let byValue = singleKeys.get(only.name);
    if (byValue === undefined) {
      // Key names come from schemas: few.
      if (singleKeys.size >= 1000) singleKeys.clear();
      byValue = new BoundedMemo<string>(10_000);
      singleKeys.set(only.name, byValue);
    }
    return byValue.get(only.value, () => `k:{${keyField(only)}}`);
  }
  if ('value' in pe) return `v:${goJson(pe.value)}`;
  return `i:${pe.index}`;
}

function fieldKey(name: string): string {
  return `f:${name}`;
}

function keyField(f: KeyField): string {
  return `${goJson(f.name)}:${goJson(f.value)}`;
}

/** Thrown for a FieldsV1 key that is not a path element. */
export class PathElementSyntaxError extends Error {}

/**
 * Parses a FieldsV1 key. Returns undefined for an unknown element type (upstream drops those, so a
 * newer writer's kinds survive an older reader); throws PathElementSyntaxError for malformed keys.
 */
export function parsePathElement(s: string): PathElement | undefined {
  return parsedKeys.get(s, parseKey);
}

// Decoding managedFields parses every key of every entry on every write, and the keys recur
// (elements are immutable, so one parse can serve them all).
const parsedKeys = new BoundedMemo<PathElement | undefined>(10_000);

function parseKey(s: string): PathElement | undefined {
  if (s.length < 2) throw new PathElementSyntaxError('key must be 2 characters long:');
  if (s[1] !== ':') throw new PathElementSyntaxError(`missing colon: ${s}`);
  const rest = s.slice(2);
  switch (s[0]) {
    case 'f':
      return { field: rest };
    case 'v':
      return { value: parseJson(rest) };
    case 'k': {
      const obj = parseJson(rest);
      if (typeof obj !== 'object' || obj === null || Array.isArray(obj))
        throw new PathElementSyntaxError(`key is not a JSON object: ${s}`);
      return keyElement(Object.entries(obj).map(([name, value]) => ({ name, value: value as unknown })));
    }
    case 'i': {
      if (!/^[+-]?\d+$/.test(rest)) throw new PathElementSyntaxError(`invalid index: ${s}`);
      return { index: Number(rest) };
    }
    default:
      return undefined;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new PathElementSyntaxError(err instanceof Error ? err.message : String(err));
  }
}

/** The human form upstream prints in conflicts: `.name`, `[name="web"]`, `[=value]`, `[3]`. */
export function pathElementToString(pe: PathElement): string {
  if ('field' in pe) return `.${pe.field}`;
  if ('key' in pe) return `[${pe.key.map((f) => `${f.name}=${valueToString(f.value)}`).join(',')}]`;
  if ('value' in pe) return `[=${valueToString(pe.value)}]`;
  return `[${pe.index}]`;
}

/** A whole path in upstream's human form, e.g. `.spec.containers[name="web"].image`. */
export function pathToString(path: Path): string {
  return path.map(pathElementToString).join('');
}

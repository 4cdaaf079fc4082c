// JSON values as structured-merge-diff sees them: an absent field (undefined) differs from an explicit
// null, integers and floats compare numerically, and there is one total order across all types
// (numbers < strings < booleans < lists < maps < null) so that sets of values sort the way upstream's do.
import { goMarshal } from '../../api/conversion/go-json.js';
import { goQuote } from '../../api/validation/go-quote.js';
import { isPlainObject } from '../../api/object.js';

/** A JSON object whose fields are read as structured-merge-diff reads a map. */
export type JsonMap = Record<string, unknown>;

/** True for a JSON object (a map or struct value). */
export function isMap(v: unknown): v is JsonMap {
  return isPlainObject(v);
}

/** The fields of a map that are present: undefined stands for "absent" in JS objects. */
export function presentKeys(m: JsonMap): string[] {
  return Object.keys(m).filter((k) => m[k] !== undefined);
}

/** Go compares strings bytewise in UTF-8, which is code point order (UTF-16 order differs past U+FFFF). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    // A surrogate stands for a code point above U+FFFF: it sorts after every BMP character.
    if (xs !== ys) return xs ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

function rank(v: unknown): number {
  if (typeof v === 'number') return 0;
  if (typeof v === 'string') return 1;
  if (typeof v === 'boolean') return 2;
  if (Array.isArray(v)) return 3;
  if (isMap(v)) return 4;
  return 5;
}

/** Upstream's value.Compare: a total order over JSON values (-1, 0 or 1). */
export function compareValues(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareValues(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
  }
  if (isMap(a) && isMap(b)) return compareMaps(a, b);
  return 0;
}

function compareMaps(a: JsonMap, b: JsonMap): number {
  const la = presentKeys(a);
  const lb = presentKeys(b);
  if (la.length === 0 && lb.length === 0) return 0;
  // Zip both key sets in lexical order; the first difference decides, as MapCompare does.
  const keys = [...new Set([...la, ...lb])].sort(compareStrings);
  let i = 0;
  for (const k of keys) {
    let c: number;
    if (i === la.length) c = -1;
    else if (i === lb.length) c = 1;
    else if (a[k] === undefined) c = 1;
    else if (b[k] === undefined) c = -1;
    else c = compareValues(a[k], b[k]);
    i++;
    if (c !== 0) return c;
  }
  return 0;
}

/** Upstream's value.Equals: structural equality where 1 and 1.0 are the same number. */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => valuesEqual(x, b[i]));
  }
  if (isMap(a)) {
    if (!isMap(b)) return false;
    const ka = presentKeys(a);
    if (ka.length !== presentKeys(b).length) return false;
    return ka.every((k) => b[k] !== undefined && valuesEqual(a[k], b[k]));
  }
  return false;
}

/** Go's json.Marshal of an unstructured value: map keys sorted, HTML characters escaped. */
export function goJson(v: unknown): string {
  return goMarshal(sortedKeys(v));
}

function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (!isMap(v)) return v;
  const out: JsonMap = {};
  for (const k of presentKeys(v).sort(compareStrings)) out[k] = sortedKeys(v[k]);
  return out;
}

/** Go's %v of a float64: shortest 'g', exponent form below 1e-4 and from 1e6, two-digit exponents. */
function goFloat(n: number): string {
  const exp = n === 0 ? 0 : Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= 6) {
    const [mant = '', e = '0'] = n.toExponential().split('e');
    const sign = e.startsWith('-') ? '-' : '+';
    return `${mant}e${sign}${e.replace(/^[+-]/, '').padStart(2, '0')}`;
  }
  return String(n);
}

/** Upstream's value.ToString, used when a path is printed (conflict messages, errors). */
export function valueToString(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goFloat(v);
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(valueToString).join(',')}]`;
  if (isMap(v))
    return presentKeys(v)
      .sort(compareStrings)
      .map((k) => `${k}=${valueToString(v[k])}`)
      .join('');
  return '{{undefined}}';
}

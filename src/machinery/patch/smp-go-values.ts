// How upstream's Go code sees decoded JSON values, where that shows: Go's fmt (%v, %s) output inside
// error messages, reflect type names, and interface equality. The apiserver decodes patches with
// integers kept as int64 and everything else as float64, so an integral number prints as an
// integer and any other as Go's shortest %g.

import { isPlainObject, type JsonValue } from '../../api/object.js';
import { goPanic } from './smp-error.js';

/** A decoded JSON object, as the patch code walks it (Go's map[string]interface{}). */
export type JsonMap = { [key: string]: JsonValue };

/** True for a JSON object (a Go map[string]interface{}). */
export function isJsonMap(v: JsonValue | undefined): v is JsonMap {
  return isPlainObject(v);
}

/** The Go type of a decoded JSON value, coarse enough for type comparisons. */
export type GoKind = 'map' | 'slice' | 'string' | 'bool' | 'int64' | 'float64' | 'nil';

/** The Go dynamic type of a decoded JSON value. */
export function goKindOf(v: JsonValue): GoKind {
  if (v === null) return 'nil';
  if (Array.isArray(v)) return 'slice';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return isInt64(v) ? 'int64' : 'float64';
    default:
      return 'map';
  }
}

function isInt64(n: number): boolean {
  return Number.isInteger(n) && Math.abs(n) < 2 ** 63;
}

const goTypeNames: Record<GoKind, string> = {
  map: 'map[string]interface {}',
  slice: '[]interface {}',
  string: 'string',
  bool: 'bool',
  int64: 'int64',
  float64: 'float64',
  // reflect.TypeOf(nil) is a nil Type, which %s prints as a bad verb.
  nil: '%!s(<nil>)',
};

/** reflect.TypeOf(v) printed with %s, as upstream's ErrBadArgType shows it. */
export function goTypeName(v: JsonValue): string {
  return goTypeNames[goKindOf(v)];
}

/** upstream's ErrBadArgType: "expected a <expected>, but received a <type of actual>". */
export function badArgTypeMessage(expected: 'map' | 'slice', actual: JsonValue): string {
  return `expected a ${goTypeNames[expected]}, but received a ${goTypeName(actual)}`;
}

function goFloat(n: number): string {
  // strconv 'g' with the shortest digits switches to an exponent below 1e-4 and from 1e6 (or 1e21
  // for values JavaScript prints plainly, which only integers reach and those print as int64).
  const [mantissa, exp] = n.toExponential().split('e') as [string, string];
  const e = Number(exp);
  if (e < -4 || e >= 6) return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return String(n);
}

function goNumber(n: number): string {
  if (isInt64(n)) return BigInt(n).toString();
  if (Number.isNaN(n)) return 'NaN';
  return goFloat(n);
}

/** Go's fmt output of a decoded JSON value for the %v or %s verb (maps print with sorted keys). */
export function goFormat(v: JsonValue, verb: 'v' | 's' = 'v'): string {
  if (Array.isArray(v)) return `[${v.map((e) => goFormat(e, verb)).join(' ')}]`;
  if (isJsonMap(v)) {
    const keys = Object.keys(v).sort();
    return `map[${keys.map((k) => `${k}:${goFormat(v[k] ?? null, verb)}`).join(' ')}]`;
  }
  if (typeof v === 'string') return v;
  const text = v === null ? '<nil>' : typeof v === 'boolean' ? String(v) : goNumber(v);
  if (verb === 'v') return text;
  return v === null ? '%!s(<nil>)' : `%!s(${goKindOf(v)}=${text})`;
}

/**
 * Go's `==` on two interface{} values: different dynamic types are unequal, scalars compare by
 * value, and two maps or two slices make Go panic (they are not comparable).
 */
export function goEqual(a: JsonValue, b: JsonValue): boolean {
  const ka = goKindOf(a);
  if (ka !== goKindOf(b)) return false;
  if (ka === 'map' || ka === 'slice') throw goPanic();
  return a === b;
}

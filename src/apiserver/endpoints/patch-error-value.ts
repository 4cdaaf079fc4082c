import { isPlainObject } from '../../api/object.js';

// The value upstream shows in a rejected patch's `patch: Invalid value: "..."` cause: the patch
// itself as Go prints a decoded map (strategic merge patch), or the patched object's JSON (merge
// and JSON patch).

/** `fmt.Sprintf("%+v", v)` of a value decoded from JSON into interface{}: `map[a:1 b:[x y]]`. */
export function goPrintedValue(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goPrintedValue).join(' ')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort();
    return `map[${keys.map((k) => `${k}:${goPrintedValue(value[k])}`).join(' ')}]`;
  }
  if (typeof value === 'number') return goFloatOrInt(value);
  return String(value);
}

// Integers print as int64 (the decoder keeps them); other numbers as Go's %v of a float64 (%g).
function goFloatOrInt(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return BigInt(n).toString();
  const exp = Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= 6) {
    const [mantissa, e = '0'] = n.toExponential().split('e');
    const sign = e.startsWith('-') ? '-' : '+';
    const digits = e.replace(/^[-+]/, '').padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  return String(n);
}

/** Compact JSON with object keys sorted, as Go marshals a decoded map. */
export function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${sortedJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

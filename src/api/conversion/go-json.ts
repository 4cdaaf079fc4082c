import { formatRfc3339, parseRfc3339 } from '../../base/rfc3339.js';
import { normalizeQuantity } from '../defaults/quantity.js';
import { isPlainObject } from '../object.js';

// The HPA round-trip annotations are Go's encoding/json output of Go structs, and upstream reads
// them back with json.Unmarshal. Both sides have quirks a plain JSON.parse/stringify lacks: field
// names match case-insensitively, JSON null leaves the zero value, a wrong type anywhere is an
// error (and upstream then ignores the whole annotation), and Marshal escapes HTML characters.

/** A Go type as encoding/json sees it: just the shapes the HPA annotations use. */
export type GoType =
  | 'string'
  | 'int32'
  | 'quantity'
  | 'time'
  | 'stringMap'
  | { readonly ptr: GoType }
  | { readonly slice: GoType }
  | { readonly struct: Readonly<Record<string, GoType>> };

/** A decoded Go value: nil pointers, slices and maps are undefined, a zero metav1.Time is null. */
export type GoValue = string | number | null | undefined | GoValue[] | { [field: string]: GoValue };

class GoJsonError extends Error {}

function fail(what: string): never {
  throw new GoJsonError(`cannot unmarshal into Go ${what}`);
}

/** The zero value json.Unmarshal leaves for a field the document does not set. */
function zero(type: GoType): GoValue {
  if (type === 'string') return '';
  if (type === 'int32') return 0;
  if (type === 'quantity') return '0';
  if (type === 'time') return null;
  if (type === 'stringMap' || 'ptr' in type || 'slice' in type) return undefined;
  return Object.fromEntries(Object.entries(type.struct).map(([name, field]) => [name, zero(field)]));
}

/** Go picks the exact field name first and falls back to a case-insensitive match. */
function fieldFor(names: readonly string[], key: string): string | undefined {
  if (names.includes(key)) return key;
  const folded = key.toLowerCase();
  return names.find((name) => name.toLowerCase() === folded);
}

function decode(value: unknown, type: GoType): GoValue {
  if (value === null) return zero(type);
  if (type === 'string') return typeof value === 'string' ? value : fail('string');
  if (type === 'int32') {
    const ok = typeof value === 'number' && Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31;
    return ok ? value : fail('int32');
  }
  if (type === 'quantity') {
    // resource.Quantity takes a JSON string or a bare number and writes itself back canonical.
    if ((typeof value !== 'string' || value.trim() === '') && typeof value !== 'number') fail('Quantity');
    return String(normalizeQuantity(value));
  }
  if (type === 'time') {
    if (typeof value !== 'string') fail('metav1.Time');
    try {
      return formatRfc3339(parseRfc3339(value));
    } catch {
      return fail('metav1.Time');
    }
  }
  if (type === 'stringMap') {
    if (!isPlainObject(value)) fail('map[string]string');
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v, 'string')]));
  }
  if ('ptr' in type) return decode(value, type.ptr);
  if ('slice' in type)
    return Array.isArray(value) ? value.map((item) => decode(item, type.slice)) : fail('slice');
  if (!isPlainObject(value)) fail('struct');
  const out = zero(type) as Record<string, GoValue>;
  const names = Object.keys(type.struct);
  for (const [key, item] of Object.entries(value)) {
    const name = fieldFor(names, key);
    const field = name === undefined ? undefined : type.struct[name];
    if (name !== undefined && field !== undefined) out[name] = decode(item, field);
  }
  return out;
}

/**
 * json.Unmarshal of annotation text into a value of Go type `type`, whose decoded TypeScript shape
 * the caller names as T (undefined stands for nil); undefined when the text is absent or Unmarshal
 * would return an error, the cases in which upstream ignores the annotation.
 */
export function goUnmarshal<T>(text: string | undefined, type: GoType): { value: T | undefined } | undefined {
  if (text === undefined) return undefined;
  try {
    return { value: decode(JSON.parse(text), type) as T | undefined };
  } catch {
    return undefined;
  }
}

/** A metav1.Time as Go writes it (UTC, whole seconds); text that is no time passes unchanged. */
export function goTime(text: string): string {
  try {
    return formatRfc3339(parseRfc3339(text));
  } catch {
    return text;
  }
}

const htmlEscapes: Readonly<Record<string, string>> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * json.Marshal of a value already laid out in Go field order (undefined fields are omitted, the
 * way omitempty drops nil pointers): compact, with Go's escaping of <, >, & and U+2028/U+2029.
 */
export function goMarshal(value: unknown): string {
  // These characters only ever occur inside JSON strings, so replacing them textually is safe.
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => htmlEscapes[ch] ?? ch);
}

// Validation reads decoded request bodies, whose shape is only as good as the client made it.
// These accessors give typed views without trusting the shape: a wrong type reads as absent, the
// way Go's decoder would have left the zero value (or rejected the body before validation).

/** A JSON object, or any object-shaped part of one. */
export type Json = Record<string, unknown>;

/** The value when it is a plain object, else undefined. */
export function obj(v: unknown): Json | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
}

/** The value when it is an array, else an empty array (Go's nil slice). */
export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** The objects of an array; non-object entries read as empty objects so indexes stay aligned. */
export function objs(v: unknown): Json[] {
  return arr(v).map((e) => obj(e) ?? {});
}

/** The value when it is a string, else '' (Go's zero string). */
export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** The value when it is a string, else undefined (a Go *string). */
export function optStr(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The value when it is a number, else 0 (Go's zero int). */
export function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

/** The value when it is a number, else undefined (a Go *int32). */
export function optNum(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

/** The value when it is a boolean, else undefined (a Go *bool). */
export function optBool(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

/** A string map (labels, selectors, data); non-string values are kept as their text. */
export function strMap(v: unknown): Record<string, string> | undefined {
  const o = obj(v);
  if (!o) return undefined;
  const out: Record<string, string> = {};
  for (const [k, e] of Object.entries(o)) out[k] = typeof e === 'string' ? e : String(e);
  return out;
}

/** The strings of an array (non-strings read as ''). */
export function strs(v: unknown): string[] {
  return arr(v).map((e) => str(e));
}

/** True when the value is present (Go: a non-nil pointer, map or slice). */
export function isSet(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/** Go's len() of a map or slice value. */
export function len(v: unknown): number {
  if (Array.isArray(v)) return v.length;
  const o = obj(v);
  return o ? Object.keys(o).length : 0;
}

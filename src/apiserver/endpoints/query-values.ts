// Query parameters decoded into options objects (PodLogOptions, PodExecOptions, ...) the way
// upstream's parameter codec converts url.Values: the first value counts, and a value that does
// not convert is a 400 carrying Go's conversion error.

import { badRequest } from '../../machinery/errors/index.js';

/** Go's Convert_Slice_string_To_bool: absent is false, "0" and "false" (any case) are false, anything else true. */
export function queryBool(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  if (value === null) return false;
  return value !== '0' && value.toLowerCase() !== 'false';
}

const int64Max = 2n ** 63n - 1n;
const int64Min = -(2n ** 63n);

/**
 * An int64 parameter (Convert_Slice_string_To_Pointer_int64): undefined when absent, else the
 * number; a 400 `strconv.ParseInt: parsing "x": invalid syntax` (or `value out of range`) otherwise.
 */
export function queryInt64(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  if (!/^[+-]?\d+$/.test(value)) throw badRequest(`strconv.ParseInt: parsing "${value}": invalid syntax`);
  const n = BigInt(value);
  if (n > int64Max || n < int64Min) {
    throw badRequest(`strconv.ParseInt: parsing "${value}": value out of range`);
  }
  return Number(n);
}

/** Every value of a repeated parameter (Convert_Slice_string_To_Slice_string). */
export function queryStrings(query: URLSearchParams, name: string): string[] {
  return query.getAll(name);
}

/** The first value of a string parameter, "" when absent. */
export function queryString(query: URLSearchParams, name: string): string {
  return query.get(name) ?? '';
}

/** Go's zero time.Time, 0001-01-01T00:00:00Z. */
function goZeroTime(): Date {
  const zero = new Date(0);
  zero.setUTCFullYear(1, 0, 1);
  return zero;
}

// time.RFC3339 as Go parses it: fractional seconds are accepted although the layout has none.
const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A metav1.Time parameter (UnmarshalQueryParameter): undefined when absent; "" and "null" are the
 * zero time; otherwise RFC 3339, else a 400 with Go's parse error.
 */
export function queryTime(query: URLSearchParams, name: string): Date | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  if (value === '' || value === 'null') return goZeroTime();
  const m = rfc3339.exec(value);
  const parsed = m === null ? Number.NaN : Date.parse(value);
  if (Number.isNaN(parsed)) {
    throw badRequest(
      `parsing time "${value}" as "2006-01-02T15:04:05Z07:00": cannot parse "${value}" as "2006"`,
    );
  }
  return new Date(parsed);
}

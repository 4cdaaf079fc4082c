// Field-level validation errors (upstream's field.Error) and their exact rendering. The rendering
// is user-visible twice: in the Invalid Status message and in each `causes[].message`, which
// kubectl prints line by line, so it follows upstream's ErrorBody (Kubernetes 1.32) to the letter.

import type { FieldPath } from './field-path.js';
import { goQuote } from './go-quote.js';

/** The kind of a field error; equal to the cause type it becomes in a Status. */
export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid';

const typeText: Readonly<Record<FieldErrorType, string>> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

const goReprKey: unique symbol = Symbol('goRepr');

/** A bad value whose Go rendering the caller already knows (e.g. `[]string(nil)`). */
export interface GoRepr {
  readonly [goReprKey]: string;
}

/** Wraps text to be shown verbatim as a field error's bad value (for Go-specific renderings). */
export function goRepr(text: string): GoRepr {
  return { [goReprKey]: text };
}

const omitted: unique symbol = Symbol('omitted');

/** One field validation error; render it with fieldErrorMessage / fieldErrorBody. */
export interface FieldError {
  readonly type: FieldErrorType;
  /** The rendered field path, e.g. "spec.containers[0].name". */
  readonly field: string;
  /** The offending value (undefined/null render as upstream's "null"). */
  readonly badValue: unknown;
  readonly detail: string;
}

/** A path argument: a FieldPath or an already rendered path string. */
export type PathLike = FieldPath | string;

function pathText(p: PathLike): string {
  return typeof p === 'string' ? p : p.toString();
}

function make(type: FieldErrorType, field: PathLike, badValue: unknown, detail: string): FieldError {
  return { type, field: pathText(field), badValue, detail };
}

/** Go's %v of a float64: shortest digits, exponent form below 1e-4 or from 1e6 on. */
function goFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  const [mant = '0', expText = '0'] = Math.abs(x).toExponential().split('e');
  const digits = mant.replace('.', '');
  const exp = Number(expText);
  const sign = x < 0 ? '-' : '';
  if (exp < -4 || exp >= 6) {
    const rest = digits.slice(1);
    const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : String(Math.abs(exp));
    return `${sign}${digits[0]}${rest ? `.${rest}` : ''}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const frac = digits.slice(exp + 1);
  return `${sign}${intPart}${frac ? `.${frac}` : ''}`;
}

function goNumber(n: number): string {
  // JSON cannot tell an int field from a float one; integral values print as Go ints would.
  return Number.isInteger(n) ? String(n) : goFloat(n);
}

/**
 * Renders a bad value as upstream's ErrorBody does for Go values: strings quoted with %q, numbers
 * and booleans bare, nil as "null" (quoted, as upstream); string lists and string maps in Go's %#v
 * form; other composites as JSON (upstream would print Go struct syntax we cannot reproduce).
 */
function renderValue(v: unknown): string {
  if (v === null || v === undefined) return goQuote('null');
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'object' && goReprKey in v) return (v as GoRepr)[goReprKey];
  if (Array.isArray(v) && v.every((e) => typeof e === 'string')) {
    return `[]string{${v.map((e) => goQuote(e)).join(', ')}}`;
  }
  if (typeof v === 'object' && !Array.isArray(v)) {
    const entries = Object.entries(v);
    if (entries.every(([, e]) => typeof e === 'string')) {
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `map[string]string{${entries.map(([k, e]) => `${goQuote(k)}:${goQuote(e as string)}`).join(', ')}}`;
    }
  }
  return JSON.stringify(v);
}

/** The message without the field: `Invalid value: -1: must be greater than or equal to 0`. */
export function fieldErrorBody(e: FieldError): string {
  let s: string;
  switch (e.type) {
    case 'FieldValueRequired':
    case 'FieldValueForbidden':
    case 'FieldValueTooLong':
    case 'InternalError':
      s = typeText[e.type];
      break;
    default:
      s = e.badValue === omitted ? typeText[e.type] : `${typeText[e.type]}: ${renderValue(e.badValue)}`;
  }
  if (e.detail !== '') s += `: ${e.detail}`;
  return s;
}

/** The full message: `<field>: <body>`, as upstream's field.Error.Error(). */
export function fieldErrorMessage(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

/**
 * Joins errors as upstream's ErrorList.ToAggregate().Error(): duplicates (by message) dropped, a
 * single message bare, several as "[a, b]"; '' for an empty list.
 */
export function aggregateFieldErrors(errors: readonly FieldError[]): string {
  const seen = new Set<string>();
  for (const e of errors) seen.add(fieldErrorMessage(e));
  const messages = [...seen];
  if (messages.length === 0) return '';
  if (messages.length === 1) return messages[0] as string;
  return `[${messages.join(', ')}]`;
}

/** A value that must be set is missing: `Required value[: detail]`. */
export function fieldRequired(field: PathLike, detail = ''): FieldError {
  return make('FieldValueRequired', field, '', detail);
}

/** A malformed value: `Invalid value: <value>[: detail]`. */
export function fieldInvalid(field: PathLike, value: unknown, detail = ''): FieldError {
  return make('FieldValueInvalid', field, value, detail);
}

/** A value outside an enumeration: `Unsupported value: "x": supported values: "a", "b"`. */
export function fieldNotSupported(
  field: PathLike,
  value: unknown,
  validValues: readonly (string | number | boolean)[] = [],
): FieldError {
  const detail =
    validValues.length > 0
      ? `supported values: ${validValues.map((v) => goQuote(String(v))).join(', ')}`
      : '';
  return make('FieldValueNotSupported', field, value, detail);
}

/** A value that must be unique is repeated: `Duplicate value: "x"`. */
export function fieldDuplicate(field: PathLike, value: unknown): FieldError {
  return make('FieldValueDuplicate', field, value, '');
}

/** A valid value not permitted here: `Forbidden: <detail>`. */
export function fieldForbidden(field: PathLike, detail: string): FieldError {
  return make('FieldValueForbidden', field, '', detail);
}

/**
 * A value over a length limit; the value is never shown: `Too long: may not be more than N bytes`
 * (or `Too long: value is too long` when maxLength is negative).
 */
export function fieldTooLong(field: PathLike, maxLength: number): FieldError {
  const detail = maxLength >= 0 ? `may not be more than ${maxLength} bytes` : 'value is too long';
  return make('FieldValueTooLong', field, '<value omitted>', detail);
}

/** A list with too many items: `Too many: <actual>: must have at most <max> items`. */
export function fieldTooMany(field: PathLike, actualQuantity: number, maxQuantity: number): FieldError {
  const detail = maxQuantity >= 0 ? `must have at most ${maxQuantity} items` : 'has too many items';
  return make('FieldValueTooMany', field, actualQuantity >= 0 ? actualQuantity : omitted, detail);
}

/** A referenced value does not exist: `Not found: <value>`. */
export function fieldNotFound(field: PathLike, value: unknown): FieldError {
  return make('FieldValueNotFound', field, value, '');
}

/** A server-side failure while validating a field: `Internal error: <message>`. */
export function fieldInternalError(field: PathLike, err: Error | string): FieldError {
  return make('InternalError', field, null, typeof err === 'string' ? err : err.message);
}

/** A value of the wrong JSON type: `Invalid value: <value>: <detail>`. */
export function fieldTypeInvalid(field: PathLike, value: unknown, detail: string): FieldError {
  return make('FieldValueTypeInvalid', field, value, detail);
}

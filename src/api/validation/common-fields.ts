// Field validators that upstream shares across every group (apimachinery's ValidateNonnegativeField,
// ValidateImmutableField, core's ValidateDNS1123Label, ValidatePortNumOrName, ...), as field errors.

import { deepEqual } from '../../base/deep-equal.js';
import { type FieldError, fieldInvalid, fieldTooMany } from './field-error.js';
import type { FieldPath } from './field-path.js';
import { goIntOrString } from './go-syntax.js';
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
} from './label-validation.js';
import { isValidPercent, isValidPortName, isValidPortNum } from './string-formats.js';

/** Upstream's message for values that must not be negative. */
export const isNegativeErrorMsg = 'must be greater than or equal to 0';
/** Upstream's message for a changed immutable field. */
export const fieldImmutableErrorMsg = 'field is immutable';
/** Upstream's message for values that must be positive. */
export const isNotPositiveErrorMsg = 'must be greater than zero';

/** `Invalid value: <n>: must be greater than or equal to 0` when n < 0. */
export function validateNonnegativeField(value: number, path: FieldPath): FieldError[] {
  return value < 0 ? [fieldInvalid(path, value, isNegativeErrorMsg)] : [];
}

/**
 * `Invalid value: <shown>: field is immutable` when next and prev differ. `shown` is the bad value
 * as upstream renders it (defaults to next).
 */
export function validateImmutableField(
  next: unknown,
  prev: unknown,
  path: FieldPath,
  shown: unknown = next,
): FieldError[] {
  return deepEqual(next ?? null, prev ?? null) ? [] : [fieldInvalid(path, shown, fieldImmutableErrorMsg)];
}

function messagesAt(path: FieldPath, value: string, msgs: readonly string[]): FieldError[] {
  return msgs.map((msg) => fieldInvalid(path, value, msg));
}

/** Upstream's ValidateDNS1123Label. */
export function validateDNS1123Label(value: string, path: FieldPath): FieldError[] {
  return messagesAt(path, value, isDNS1123Label(value));
}

/** Upstream's ValidateDNS1123Subdomain. */
export function validateDNS1123Subdomain(value: string, path: FieldPath): FieldError[] {
  return messagesAt(path, value, isDNS1123Subdomain(value));
}

/** Upstream's DNS-1035 label check (Service names, CRD names). */
export function validateDNS1035Label(value: string, path: FieldPath): FieldError[] {
  return messagesAt(path, value, isDNS1035Label(value));
}

/** Upstream's ValidateQualifiedName (and metav1's ValidateLabelName). */
export function validateQualifiedName(value: string, path: FieldPath): FieldError[] {
  return messagesAt(path, value, isQualifiedName(value));
}

/** metav1's ValidateLabels: every key a qualified name, every value a label value; errors at the map's path. */
export function validateLabelsMap(
  labels: Readonly<Record<string, string>> | undefined,
  path: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    errs.push(...validateQualifiedName(k, path));
    errs.push(...messagesAt(path, v, isValidLabelValue(v)));
  }
  return errs;
}

/** Upstream's ValidatePortNumOrName for an IntOrString port. */
export function validatePortNumOrName(port: unknown, path: FieldPath): FieldError[] {
  if (typeof port === 'number') return isValidPortNum(port).map((msg) => fieldInvalid(path, port, msg));
  if (typeof port === 'string') return isValidPortName(port).map((msg) => fieldInvalid(path, port, msg));
  return isValidPortNum(0).map((msg) => fieldInvalid(path, 0, msg));
}

/** The value of an int-or-percent: the number, or the percentage's number; 0 when neither. */
export function intOrPercentValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && isValidPercent(v).length === 0) return Number(v.slice(0, -1));
  return 0;
}

/** apps' ValidatePositiveIntOrPercent: a non-negative int or a valid percentage. */
export function validatePositiveIntOrPercent(v: unknown, path: FieldPath): FieldError[] {
  if (typeof v === 'string') return isValidPercent(v).map((msg) => fieldInvalid(path, goIntOrString(v), msg));
  if (typeof v === 'number') return validateNonnegativeField(v, path);
  return [];
}

/** apps' IsNotMoreThan100Percent. */
export function isNotMoreThan100Percent(v: unknown, path: FieldPath): FieldError[] {
  if (typeof v !== 'string' || isValidPercent(v).length > 0) return [];
  return Number(v.slice(0, -1)) <= 100
    ? []
    : [fieldInvalid(path, goIntOrString(v), 'must not be greater than 100%')];
}

/** `Invalid value: <detail>` with the value left out (upstream's field.OmitValueType bad value). */
export function fieldInvalidOmitted(path: FieldPath, detail: string): FieldError {
  // fieldTooMany with a negative count is the one constructor that carries the "omitted" marker.
  return { ...fieldTooMany(path, -1, -1), type: 'FieldValueInvalid', detail };
}

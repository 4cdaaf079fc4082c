// metav1.LabelSelector validation (metav1/validation.ValidateLabelSelector) and the selector
// semantics controllers' validation relies on: whether a selector parses, is empty, and matches a
// pod template's labels.

import { type FieldError, fieldForbidden, fieldInvalid, fieldRequired } from './field-error.js';
import type { FieldPath } from './field-path.js';
import { validateLabelsMap, validateQualifiedName } from './common-fields.js';
import { obj, objs, str, strMap, strs } from './json-access.js';
import { isQualifiedName, isValidLabelValue } from './label-validation.js';

/** Upstream's ValidateLabelSelectorRequirement. */
function validateRequirement(
  req: Record<string, unknown>,
  allowInvalidValues: boolean,
  path: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const op = str(req['operator']);
  const values = strs(req['values']);
  switch (op) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) {
        errs.push(
          fieldRequired(path.child('values'), "must be specified when `operator` is 'In' or 'NotIn'"),
        );
      }
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) {
        errs.push(
          fieldForbidden(
            path.child('values'),
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          ),
        );
      }
      break;
    default:
      errs.push(fieldInvalid(path.child('operator'), op, 'not a valid selector operator'));
  }
  errs.push(...validateQualifiedName(str(req['key']), path.child('key')));
  if (!allowInvalidValues) {
    values.forEach((v, i) => {
      for (const msg of isValidLabelValue(v)) errs.push(fieldInvalid(path.child('values').index(i), v, msg));
    });
  }
  return errs;
}

/** Upstream's ValidateLabelSelector; a missing selector is valid. */
export function validateLabelSelector(
  selector: unknown,
  path: FieldPath,
  allowInvalidValues = false,
): FieldError[] {
  const s = obj(selector);
  if (!s) return [];
  const errs = validateLabelsMap(strMap(s['matchLabels']), path.child('matchLabels'));
  objs(s['matchExpressions']).forEach((req, i) => {
    errs.push(...validateRequirement(req, allowInvalidValues, path.child('matchExpressions').index(i)));
  });
  return errs;
}

/** True when metav1.LabelSelectorAsSelector would accept the selector (a missing one converts too). */
export function selectorConverts(selector: unknown): boolean {
  const s = obj(selector);
  if (!s) return true;
  for (const [k, v] of Object.entries(strMap(s['matchLabels']) ?? {})) {
    if (isQualifiedName(k).length > 0 || isValidLabelValue(v).length > 0) return false;
  }
  for (const req of objs(s['matchExpressions'])) {
    const op = str(req['operator']);
    const values = strs(req['values']);
    if (isQualifiedName(str(req['key'])).length > 0) return false;
    if ((op === 'In' || op === 'NotIn') && values.length === 0) return false;
    if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) return false;
    if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(op)) return false;
    if (values.some((v) => isValidLabelValue(v).length > 0)) return false;
  }
  return true;
}

/** True for a present selector with no terms (it selects everything). */
export function selectorIsEmpty(selector: unknown): boolean {
  const s = obj(selector);
  if (!s) return false;
  return Object.keys(obj(s['matchLabels']) ?? {}).length === 0 && objs(s['matchExpressions']).length === 0;
}

/** Whether the selector matches the labels; a missing selector matches nothing (labels.Nothing()). */
export function selectorMatches(
  selector: unknown,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  const s = obj(selector);
  if (!s) return false;
  const set = labels ?? {};
  for (const [k, v] of Object.entries(strMap(s['matchLabels']) ?? {})) if (set[k] !== v) return false;
  for (const req of objs(s['matchExpressions'])) {
    const key = str(req['key']);
    const values = strs(req['values']);
    const has = Object.hasOwn(set, key);
    switch (str(req['operator'])) {
      case 'In':
        if (!has || !values.includes(set[key] ?? '')) return false;
        break;
      case 'NotIn':
        if (has && values.includes(set[key] ?? '')) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** Whether a map selector (Service, ReplicationController) matches; an empty one matches everything. */
export function mapSelectorMatches(
  selector: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  return Object.entries(selector).every(([k, v]) => (labels ?? {})[k] === v);
}

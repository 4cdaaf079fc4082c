// One term of a label selector (upstream's labels.Requirement): a key, an operator and values.
// Validation, matching and the string form follow k8s.io/apimachinery/pkg/labels exactly.

import {
  aggregateFieldErrors,
  fieldInvalid,
  fieldNotSupported,
  goRepr,
  type FieldError,
} from '../../api/validation/field-error.js';
import { fieldPath, type FieldPath } from '../../api/validation/field-path.js';
import { goQuote } from '../../api/validation/go-quote.js';
import { LabelSelectorError } from './label-selector-error.js';
import { isQualifiedName, isValidLabelValue } from '../../api/validation/label-validation.js';

/** Selector operators, spelled as upstream's selection.Operator values. */
export type Operator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

/** The binary operators in upstream's order (used in the parser's "expected: ..." message). */
export const BINARY_OPERATORS: readonly Operator[] = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];
const VALID_OPERATORS: readonly Operator[] = [...BINARY_OPERATORS, 'exists', '!'];

/** A label map as it sits in metadata.labels. */
export type Labels = Readonly<Record<string, string>>;

/** Go's strconv.ParseInt(s, 10, 64), or undefined when Go would fail. */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const v = BigInt(s);
  return v < -(1n << 63n) || v > (1n << 63n) - 1n ? undefined : v;
}

function goStringSlice(values: readonly string[], nilWhenEmpty: boolean): ReturnType<typeof goRepr> {
  if (values.length === 0 && nilWhenEmpty) return goRepr('[]string(nil)');
  return goRepr(`[]string{${values.map((v) => goQuote(v)).join(', ')}}`);
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One selector term; construct through newRequirement to validate, or directly when trusted. */
export class Requirement {
  constructor(
    readonly key: string,
    readonly operator: Operator,
    readonly values: readonly string[] = [],
  ) {}

  /** True when `labels` satisfy this term (`!=`/`notin` also match a missing key, as upstream). */
  matches(labels: Labels | undefined): boolean {
    const has = labels !== undefined && Object.hasOwn(labels, this.key);
    const value = has ? (labels[this.key] as string) : '';
    switch (this.operator) {
      case 'in':
      case '=':
      case '==':
        return has && this.values.includes(value);
      case 'notin':
      case '!=':
        return !has || !this.values.includes(value);
      case 'exists':
        return has;
      case '!':
        return !has;
      case 'gt':
      case 'lt': {
        if (!has || this.values.length !== 1) return false;
        const actual = parseInt64(value);
        const bound = parseInt64(this.values[0] as string);
        if (actual === undefined || bound === undefined) return false;
        return this.operator === 'gt' ? actual > bound : actual < bound;
      }
    }
  }

  /** The canonical text: `!k`, `k`, `k=v`, `k in (a,b)` (values sorted), `k>1`, as upstream. */
  toString(): string {
    let s = this.operator === '!' ? '!' : '';
    s += this.key;
    switch (this.operator) {
      case 'exists':
      case '!':
        return s;
      case '=':
      case '==':
      case '!=':
        s += this.operator;
        break;
      case 'in':
      case 'notin':
        s += ` ${this.operator} `;
        break;
      case 'gt':
        s += '>';
        break;
      case 'lt':
        s += '<';
        break;
    }
    const values = this.values.length === 1 ? this.values : [...this.values].sort(byteOrder);
    const joined = values.join(',');
    return this.operator === 'in' || this.operator === 'notin' ? `${s}(${joined})` : s + joined;
  }
}

/**
 * Upstream's NewRequirement checks: the key's syntax, the value count for the operator, integer
 * values for gt/lt, each value's syntax. `path` prefixes the reported fields ("key", "values[0]").
 */
export function validateRequirement(
  key: string,
  operator: string,
  values: readonly string[],
  path?: FieldPath,
  options: { nilValuesWhenEmpty?: boolean } = {},
): FieldError[] {
  const errs: FieldError[] = [];
  const keyPath = path ? path.child('key') : fieldPath('key');
  const keyProblems = isQualifiedName(key);
  if (keyProblems.length > 0) errs.push(fieldInvalid(keyPath, key, keyProblems.join('; ')));
  const valuesPath = path ? path.child('values') : fieldPath('values');
  const shown = goStringSlice(values, options.nilValuesWhenEmpty ?? false);
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) {
        errs.push(fieldInvalid(valuesPath, shown, "for 'in', 'notin' operators, values set can't be empty"));
      }
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) {
        errs.push(fieldInvalid(valuesPath, shown, 'exact-match compatibility requires one single value'));
      }
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) {
        errs.push(fieldInvalid(valuesPath, shown, 'values set must be empty for exists and does not exist'));
      }
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) {
        errs.push(fieldInvalid(valuesPath, shown, "for 'Gt', 'Lt' operators, exactly one value is required"));
      }
      values.forEach((v, i) => {
        if (parseInt64(v) === undefined) {
          errs.push(
            fieldInvalid(valuesPath.index(i), v, "for 'Gt', 'Lt' operators, the value must be an integer"),
          );
        }
      });
      break;
    default:
      errs.push(
        fieldNotSupported(path ? path.child('operator') : fieldPath('operator'), operator, VALID_OPERATORS),
      );
  }
  values.forEach((v, i) => {
    const problems = isValidLabelValue(v);
    if (problems.length > 0) errs.push(fieldInvalid(valuesPath.index(i).key(key), v, problems.join('; ')));
  });
  return errs;
}

/** A validated Requirement; throws LabelSelectorError with upstream's aggregated message. */
export function newRequirement(
  key: string,
  operator: Operator,
  values: readonly string[] = [],
  path?: FieldPath,
  options: { nilValuesWhenEmpty?: boolean } = {},
): Requirement {
  const errs = validateRequirement(key, operator, values, path, options);
  if (errs.length > 0) throw new LabelSelectorError(aggregateFieldErrors(errs), errs);
  return new Requirement(key, operator, [...values]);
}

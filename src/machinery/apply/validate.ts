// Upstream converts an applied object to a typed value before merging, and that conversion rejects
// what the merge could not handle: list-map elements without their keys, duplicated keys, fields
// the schema does not declare. Messages and paths are upstream's ValidationErrors.
import type { ApplyType } from './apply-type.js';
import { handlerFor } from './atoms.js';
import { isMap } from './json-value.js';
import { listItemElement } from './list-items.js';
import { pathElementToString, serializePathElement } from './path-element.js';

/** One problem found in an applied object. */
export interface ValidationError {
  /** Upstream's path form, e.g. `.spec.template.spec.containers`. */
  readonly path: string;
  readonly message: string;
}

/** The problems that keep a value from being typed under `t` (empty when it is fine). */
export function validateTyped(value: unknown, t: ApplyType): ValidationError[] {
  const errors: ValidationError[] = [];
  visit(value, t, '', errors);
  return errors;
}

/** upstream's ValidationErrors.Error(): one error inline, several as an indented list. */
export function validationMessage(errors: readonly ValidationError[]): string {
  const one = (e: ValidationError): string => (e.path === '' ? e.message : `${e.path}: ${e.message}`);
  if (errors.length === 1) return one(errors[0]!);
  return ['errors:', ...errors.map((e) => `  ${one(e)}`)].join('\n');
}

function visit(value: unknown, t: ApplyType, path: string, errors: ValidationError[]): void {
  if (value === undefined || value === null) return;
  const h = handlerFor(t, value);
  if (h === 'list' && Array.isArray(value)) {
    const list = t.list!;
    if (list.atomic) {
      value.forEach((item, i) => visit(item, list.element(), `${path}[${i}]`, errors));
      return;
    }
    const seen = new Set<string>();
    for (let i = 0; i < value.length; i++) {
      const pe = listItemElement(list, value[i]);
      if ('error' in pe) {
        // Without the element's name nothing below it can be reported; upstream stops here.
        errors.push({ path, message: `element ${i}: ${pe.error}` });
        return;
      }
      const id = serializePathElement(pe);
      if (seen.has(id))
        errors.push({ path, message: `duplicate entries for key ${pathElementToString(pe)}` });
      seen.add(id);
      visit(value[i], list.element(), path + pathElementToString(pe), errors);
    }
    return;
  }
  if (h === 'map' && isMap(value)) {
    const m = t.map!;
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      const ft = m.field(k) ?? m.element();
      if (ft === undefined) {
        errors.push({ path: `${path}.${k}`, message: 'field not declared in schema' });
        return;
      }
      visit(v, ft, `${path}.${k}`, errors);
    }
  }
}

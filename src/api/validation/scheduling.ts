// scheduling.k8s.io/v1 PriorityClasses (upstream's ValidatePriorityClass): reserved system names,
// the user-definable value range, and a value and preemption policy that never change.

import { type FieldError, fieldForbidden } from './field-error.js';
import { fieldPath } from './field-path.js';
import { validateImmutableField } from './common-fields.js';
import { validatePreemptionPolicy } from './core-pod-spec.js';
import { type Json, num, obj, optStr, str } from './json-access.js';

/** The highest value a user-defined PriorityClass may have. */
export const highestUserDefinablePriority = 1000000000;

const systemClasses: readonly { name: string; value: number }[] = [
  { name: 'system-node-critical', value: 2000001000 },
  { name: 'system-cluster-critical', value: 2000000000 },
];

/** Upstream's ValidatePriorityClass (metadata aside, but with its reserved-name rule). */
export function validatePriorityClass(pc: Json): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(obj(pc['metadata'])?.['name']);
  const value = num(pc['value']);
  if (name.startsWith('system-')) {
    const known = systemClasses.find((c) => c.name === name);
    let problem: string | undefined;
    if (!known) problem = `${name} is not a known system priority class`;
    else if (known.value !== value) problem = `value of ${name} PriorityClass must be ${known.value}`;
    else if (pc['globalDefault'] === true) problem = `globalDefault of ${name} PriorityClass must be false`;
    if (problem) {
      errs.push(
        fieldForbidden(
          fieldPath('metadata', 'name'),
          `priority class names with 'system-' prefix are reserved for system use only. error: ${problem}`,
        ),
      );
    }
  } else if (value > highestUserDefinablePriority) {
    errs.push(
      fieldForbidden(
        fieldPath('value'),
        `maximum allowed value of a user defined priority is ${highestUserDefinablePriority}`,
      ),
    );
  }
  const policy = optStr(pc['preemptionPolicy']);
  if (policy !== undefined) errs.push(...validatePreemptionPolicy(policy, fieldPath('preemptionPolicy')));
  return errs;
}

/** Upstream's ValidatePriorityClassUpdate (metadata aside). */
export function validatePriorityClassUpdate(pc: Json, old: Json): FieldError[] {
  const errs: FieldError[] = [];
  if (num(pc['value']) !== num(old['value']))
    errs.push(fieldForbidden(fieldPath('value'), 'may not be changed in an update.'));
  return [
    ...errs,
    ...validateImmutableField(pc['preemptionPolicy'], old['preemptionPolicy'], fieldPath('preemptionPolicy')),
  ];
}

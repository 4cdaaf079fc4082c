// policy/v1 PodDisruptionBudgets (upstream's ValidatePodDisruptionBudgetSpec).

import { type FieldError, fieldInvalid, fieldNotSupported } from './field-error.js';
import { fieldPath } from './field-path.js';
import { isNotMoreThan100Percent, validatePositiveIntOrPercent } from './common-fields.js';
import { type Json, obj, optStr } from './json-access.js';
import { validateLabelSelector } from './label-selector.js';

const evictionPolicies = ['AlwaysAllow', 'IfHealthyBudget'];

/** Upstream's ValidatePodDisruptionBudget (create and update; metadata aside). */
export function validatePodDisruptionBudget(pdb: Json): FieldError[] {
  const spec = obj(pdb['spec']) ?? {};
  const path = fieldPath('spec');
  const errs: FieldError[] = [];
  const min = spec['minAvailable'];
  const max = spec['maxUnavailable'];
  const set = (v: unknown): boolean => v !== undefined && v !== null;
  if (set(min) && set(max))
    errs.push(fieldInvalid(path, spec, 'minAvailable and maxUnavailable cannot be both set'));
  if (set(min))
    errs.push(
      ...validatePositiveIntOrPercent(min, path.child('minAvailable')),
      ...isNotMoreThan100Percent(min, path.child('minAvailable')),
    );
  if (set(max))
    errs.push(
      ...validatePositiveIntOrPercent(max, path.child('maxUnavailable')),
      ...isNotMoreThan100Percent(max, path.child('maxUnavailable')),
    );
  errs.push(...validateLabelSelector(spec['selector'], path.child('selector')));
  const policy = optStr(spec['unhealthyPodEvictionPolicy']);
  if (policy !== undefined && !evictionPolicies.includes(policy)) {
    errs.push(fieldNotSupported(path.child('unhealthyPodEvictionPolicy'), policy, evictionPolicies));
  }
  return errs;
}

// coordination.k8s.io/v1 Leases (upstream's ValidateLeaseSpec).

import { type FieldError, fieldForbidden, fieldInvalid } from './field-error.js';
import { fieldPath } from './field-path.js';
import { type Json, obj, optNum, optStr } from './json-access.js';

/** Upstream's ValidateLease (create and update; metadata aside). */
export function validateLease(lease: Json): FieldError[] {
  const spec = obj(lease['spec']) ?? {};
  const path = fieldPath('spec');
  const errs: FieldError[] = [];
  const duration = optNum(spec['leaseDurationSeconds']);
  if (duration !== undefined && duration <= 0)
    errs.push(fieldInvalid(path.child('leaseDurationSeconds'), duration, 'must be greater than 0'));
  const transitions = optNum(spec['leaseTransitions']);
  if (transitions !== undefined && transitions < 0) {
    errs.push(
      fieldInvalid(path.child('leaseTransitions'), transitions, 'must be greater than or equal to 0'),
    );
  }
  const preferred = optStr(spec['preferredHolder']);
  if (preferred && !optStr(spec['strategy']))
    errs.push(
      fieldForbidden(path.child('preferredHolder'), 'may only be specified if `strategy` is defined'),
    );
  return errs;
}

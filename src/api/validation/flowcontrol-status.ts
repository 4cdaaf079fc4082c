// The status of both flowcontrol kinds (upstream's ValidateFlowSchemaStatus and
// ValidatePriorityLevelConfigurationStatus, alike): conditions keyed by a type that is set and
// appears once.

import { type FieldError, fieldDuplicate, fieldRequired } from './field-error.js';
import type { FieldPath } from './field-path.js';
import { type Json, objs, str } from './json-access.js';

/** Errors in a flowcontrol status: each condition has a type, and no type appears twice. */
export function validateConditions(status: Json | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  objs(status?.['conditions']).forEach((condition, i) => {
    const type = str(condition['type']);
    const typePath = path.child('conditions').index(i).child('type');
    if (seen.has(type)) errs.push(fieldDuplicate(typePath, type));
    seen.add(type);
    if (type === '') errs.push(fieldRequired(typePath, 'must not be empty'));
  });
  return errs;
}

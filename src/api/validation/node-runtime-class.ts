// node.k8s.io/v1 RuntimeClasses (upstream's ValidateRuntimeClass): a DNS-label handler that never
// changes, overhead quantities and scheduling constraints.

import { deepEqual } from '../../base/deep-equal.js';
import { type FieldError, fieldDuplicate, fieldInvalid } from './field-error.js';
import { fieldPath } from './field-path.js';
import { validateImmutableField, validateLabelsMap } from './common-fields.js';
import { validateTolerations } from './core-scheduling-fields.js';
import { type Json, obj, objs, str, strMap } from './json-access.js';
import { isDNS1123Label } from './label-validation.js';
import { validateContainerResourceName } from './resource-names.js';
import { validateResourceRequirements } from './resource-requirements.js';

/** Upstream's ValidateRuntimeClass (metadata aside). */
export function validateRuntimeClass(rc: Json): FieldError[] {
  const handler = str(rc['handler']);
  const errs = isDNS1123Label(handler).map((msg) => fieldInvalid(fieldPath('handler'), handler, msg));
  const overhead = obj(rc['overhead']);
  if (overhead) {
    errs.push(
      ...validateResourceRequirements(
        { limits: obj(overhead['podFixed']) ?? {} },
        validateContainerResourceName,
        new Set(),
        fieldPath('overhead'),
      ),
    );
  }
  const scheduling = obj(rc['scheduling']);
  if (scheduling) {
    const sp = fieldPath('scheduling');
    if (obj(scheduling['nodeSelector']))
      errs.push(...validateLabelsMap(strMap(scheduling['nodeSelector']), sp.child('nodeSelector')));
    const tolerations = objs(scheduling['tolerations']);
    // Upstream nests the path twice here (scheduling.tolerations.tolerations[i]).
    errs.push(...validateTolerations(tolerations, sp.child('tolerations', 'tolerations')));
    const seen: Json[] = [];
    tolerations.forEach((t, i) => {
      const key = {
        key: str(t['key']),
        operator: str(t['operator']),
        value: str(t['value']),
        effect: str(t['effect']),
      };
      if (seen.some((s) => deepEqual(s, key))) errs.push(fieldDuplicate(sp.child('tolerations').index(i), t));
      else seen.push(key);
    });
  }
  return errs;
}

/** Upstream's ValidateRuntimeClassUpdate: the handler may not change. */
export function validateRuntimeClassUpdate(rc: Json, old: Json): FieldError[] {
  return [
    ...validateRuntimeClass(rc),
    ...validateImmutableField(rc['handler'], old['handler'], fieldPath('handler')),
  ];
}

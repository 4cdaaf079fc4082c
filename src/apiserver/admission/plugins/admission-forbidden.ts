import type { KubeObject } from '../../../api/object.js';
import { forbidden, type StatusError } from '../../../machinery/errors/index.js';
import type { AdmissionAttributes } from '../../endpoints/server-context.js';

/**
 * Upstream's admission.NewForbidden: `<resource> "<name>" is forbidden: <reason>`, the name being
 * the request's, else the object's name or generateName, else "Unknown".
 */
export function admissionForbidden(
  attrs: AdmissionAttributes,
  object: KubeObject | undefined,
  reason: string,
): StatusError {
  const name = attrs.name || object?.metadata?.name || object?.metadata?.generateName || 'Unknown';
  return forbidden(
    { group: attrs.resource.type.group, resource: attrs.resource.type.resource },
    name,
    reason,
  );
}

/** True when the call is a CREATE of the main resource group/resource (no subresource). */
export function isCreateOf(attrs: AdmissionAttributes, group: string, resource: string): boolean {
  return (
    attrs.operation === 'CREATE' &&
    attrs.subresource === '' &&
    attrs.resource.type.group === group &&
    attrs.resource.type.resource === resource
  );
}

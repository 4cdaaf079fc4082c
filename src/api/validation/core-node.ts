// Nodes (upstream's ValidateNode / ValidateNodeUpdate): taints, pod CIDRs, capacity quantities,
// and the spec fields that may only be set once.

import { type FieldError, fieldDuplicate, fieldForbidden, fieldInvalid } from './field-error.js';
import { fieldPath } from './field-path.js';
import { validateNodeTaints } from './core-scheduling-fields.js';
import { isDualStack, isValidCIDR } from './ip-address.js';
import { type Json, obj, objs, str, strs } from './json-access.js';
import { validateResourceQuantityValue } from './resource-requirements.js';

function validateNodeResources(node: Json): FieldError[] {
  const status = obj(node['status']) ?? {};
  const errs: FieldError[] = [];
  for (const field of ['capacity', 'allocatable'] as const) {
    for (const [k, v] of Object.entries(obj(status[field]) ?? {})) {
      errs.push(...validateResourceQuantityValue(k, v, fieldPath('status', field, k)));
    }
  }
  return errs;
}

function validateTaints(node: Json): FieldError[] {
  const taints = objs(obj(node['spec'])?.['taints']);
  // Upstream reports spec.taints under metadata.
  return taints.length ? validateNodeTaints(taints, fieldPath('metadata', 'taints')) : [];
}

/** Upstream's ValidateNode (metadata aside). */
export function validateNode(node: Json): FieldError[] {
  const errs = [...validateTaints(node), ...validateNodeResources(node)];
  const cidrs = strs(obj(node['spec'])?.['podCIDRs']);
  const path = fieldPath('spec', 'podCIDRs');
  cidrs.forEach((c, i) => errs.push(...isValidCIDR(path.index(i), c)));
  if (cidrs.length > 1) {
    const families = cidrs.map((c) => c.split('/')[0] ?? '');
    if (!isDualStack(families) || cidrs.length > 2)
      errs.push(fieldInvalid(path, cidrs, 'may specify no more than one CIDR for each IP family'));
    const seen = new Set<string>();
    cidrs.forEach((c, i) => {
      if (seen.has(c)) errs.push(fieldDuplicate(path.index(i), c));
      seen.add(c);
    });
  }
  return errs;
}

/** Upstream's ValidateNodeUpdate (metadata aside). */
export function validateNodeUpdate(node: Json, old: Json): FieldError[] {
  const errs = validateNodeResources(node);
  const seen = new Set<string>();
  objs(obj(node['status'])?.['addresses']).forEach((a, i) => {
    const key = `${str(a['type'])}/${str(a['address'])}`;
    if (seen.has(key)) errs.push(fieldDuplicate(fieldPath('status', 'addresses').index(i), a));
    seen.add(key);
  });
  const spec = obj(node['spec']) ?? {};
  const oldSpec = obj(old['spec']) ?? {};
  const oldCidrs = strs(oldSpec['podCIDRs']);
  const cidrs = strs(spec['podCIDRs']);
  if (oldCidrs.length > 0) {
    const message = 'node updates may not change podCIDR except from "" to valid';
    if (oldCidrs.length !== cidrs.length) errs.push(fieldForbidden(fieldPath('spec', 'podCIDRs'), message));
    else
      oldCidrs.forEach(
        (c, i) => c !== cidrs[i] && errs.push(fieldForbidden(fieldPath('spec', 'podCIDRs'), message)),
      );
  }
  const providerID = str(oldSpec['providerID']);
  if (providerID && providerID !== str(spec['providerID'])) {
    errs.push(
      fieldForbidden(
        fieldPath('spec', 'providerID'),
        'node updates may not change providerID except from "" to valid',
      ),
    );
  }
  errs.push(...validateTaints(node));
  if (str(spec['externalID']) !== str(oldSpec['externalID']))
    errs.push(fieldForbidden(fieldPath('spec', 'externalID'), 'may not be updated'));
  return errs;
}

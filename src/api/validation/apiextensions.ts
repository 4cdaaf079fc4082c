// apiextensions.k8s.io/v1 CustomResourceDefinitions: the basic rules of upstream's
// ValidateCustomResourceDefinition — name, group, scope, names, versions with exactly one storage
// version, v1's required structural schemas — and the fields an update may not change.

import { type FieldError, fieldInvalid, fieldNotSupported, fieldRequired } from './field-error.js';
import { type FieldPath, fieldPath } from './field-path.js';
import { validateImmutableField } from './common-fields.js';
import { type Json, obj, objs, str, strs } from './json-access.js';
import { isDNS1035Label, isDNS1123Subdomain } from './label-validation.js';

function validateNames(names: Json, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ['plural', 'singular'] as const) {
    const v = str(names[f]);
    const msgs = isDNS1035Label(v);
    if (v && msgs.length) errs.push(fieldInvalid(path.child(f), v, msgs.join(',')));
  }
  for (const f of ['kind', 'listKind'] as const) {
    const v = str(names[f]);
    const msgs = isDNS1035Label(v.toLowerCase());
    if (v && msgs.length)
      errs.push(
        fieldInvalid(path.child(f), v, `may have mixed case, but should otherwise match: ${msgs.join(',')}`),
      );
  }
  strs(names['shortNames']).forEach((s, i) => {
    const msgs = isDNS1035Label(s);
    if (msgs.length) errs.push(fieldInvalid(path.child('shortNames').index(i), s, msgs.join(',')));
  });
  const kind = str(names['kind']);
  if (kind && kind === str(names['listKind']))
    errs.push(fieldInvalid(path.child('listKind'), kind, 'kind and listKind may not be the same'));
  strs(names['categories']).forEach((c, i) => {
    const msgs = isDNS1035Label(c);
    if (msgs.length) errs.push(fieldInvalid(path.child('categories').index(i), c, msgs.join(',')));
  });
  return errs;
}

function validateVersion(version: Json, path: FieldPath): FieldError[] {
  const schema = obj(obj(version['schema'])?.['openAPIV3Schema']);
  const sp = path.child('schema', 'openAPIV3Schema');
  if (!schema) return [fieldRequired(sp, 'schemas are required')];
  const type = str(schema['type']);
  if (!type) return [fieldRequired(sp.child('type'), 'must not be empty at the root')];
  if (type !== 'object') return [fieldInvalid(sp.child('type'), type, 'must be object at the root')];
  return [];
}

function validateSpec(spec: Json): FieldError[] {
  const path = fieldPath('spec');
  const errs: FieldError[] = [];
  const group = str(spec['group']);
  if (!group) errs.push(fieldRequired(path.child('group')));
  else if (isDNS1123Subdomain(group).length)
    errs.push(fieldInvalid(path.child('group'), group, isDNS1123Subdomain(group).join(',')));
  else if (group.split('.').length < 2)
    errs.push(fieldInvalid(path.child('group'), group, 'should be a domain with at least one dot'));
  const scope = str(spec['scope']);
  if (!scope) errs.push(fieldRequired(path.child('scope')));
  else if (scope !== 'Cluster' && scope !== 'Namespaced')
    errs.push(fieldNotSupported(path.child('scope'), scope, ['Cluster', 'Namespaced']));
  const versions = objs(spec['versions']);
  let storage = 0;
  const seen = new Set<string>();
  let unique = true;
  versions.forEach((v, i) => {
    const name = str(v['name']);
    if (v['storage'] === true) storage++;
    if (seen.has(name)) unique = false;
    seen.add(name);
    const msgs = isDNS1035Label(name);
    if (msgs.length)
      errs.push(fieldInvalid(path.child('versions').index(i).child('name'), name, msgs.join(',')));
    errs.push(...validateVersion(v, path.child('versions').index(i)));
  });
  if (!unique) errs.push(fieldInvalid(path.child('versions'), versions, 'must contain unique version names'));
  if (storage !== 1)
    errs.push(
      fieldInvalid(
        path.child('versions'),
        versions,
        'must have exactly one version marked as storage version',
      ),
    );
  const names = obj(spec['names']) ?? {};
  for (const f of ['plural', 'singular', 'kind', 'listKind'] as const) {
    if (!str(names[f])) errs.push(fieldRequired(path.child('names', f)));
  }
  errs.push(...validateNames(names, path.child('names')));
  if (spec['preserveUnknownFields'] === true) {
    errs.push(
      fieldInvalid(
        path.child('preserveUnknownFields'),
        true,
        'cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead',
      ),
    );
  }
  const strategy = str(obj(spec['conversion'])?.['strategy']);
  if (strategy && strategy !== 'None' && strategy !== 'Webhook')
    errs.push(fieldNotSupported(path.child('conversion', 'strategy'), strategy, ['None', 'Webhook']));
  return errs;
}

/** A CustomResourceDefinition on create (metadata aside, but with its name = plural.group rule). */
export function validateCustomResourceDefinition(crd: Json): FieldError[] {
  const spec = obj(crd['spec']) ?? {};
  const errs: FieldError[] = [];
  const name = str(obj(crd['metadata'])?.['name']);
  const required = `${str(obj(spec['names'])?.['plural'])}.${str(spec['group'])}`;
  if (name && name !== required)
    errs.push(fieldInvalid(fieldPath('metadata', 'name'), name, 'must be spec.names.plural+"."+spec.group'));
  return [...errs, ...validateSpec(spec)];
}

/** A CustomResourceDefinition update: group and plural always, scope and kind once established, stay. */
export function validateCustomResourceDefinitionUpdate(crd: Json, old: Json): FieldError[] {
  const spec = obj(crd['spec']) ?? {};
  const oldSpec = obj(old['spec']) ?? {};
  const errs = validateCustomResourceDefinition(crd);
  const established = objs(obj(old['status'])?.['conditions']).some(
    (c) => str(c['type']) === 'Established' && str(c['status']) === 'True',
  );
  if (established) {
    errs.push(...validateImmutableField(spec['scope'], oldSpec['scope'], fieldPath('spec', 'scope')));
    errs.push(
      ...validateImmutableField(
        obj(spec['names'])?.['kind'],
        obj(oldSpec['names'])?.['kind'],
        fieldPath('spec', 'names', 'kind'),
      ),
    );
  }
  errs.push(...validateImmutableField(spec['group'], oldSpec['group'], fieldPath('spec', 'group')));
  errs.push(
    ...validateImmutableField(
      obj(spec['names'])?.['plural'],
      obj(oldSpec['names'])?.['plural'],
      fieldPath('spec', 'names', 'plural'),
    ),
  );
  return errs;
}

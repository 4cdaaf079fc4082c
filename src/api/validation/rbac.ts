// rbac.authorization.k8s.io/v1 (upstream's pkg/apis/rbac/validation): policy rules, role
// references and subjects; a binding's roleRef can never change.

import { deepEqual } from '../../base/deep-equal.js';
import { type FieldError, fieldInvalid, fieldNotSupported, fieldRequired } from './field-error.js';
import { type FieldPath, fieldPath } from './field-path.js';
import { goRoleRef } from './go-syntax.js';
import { type Json, arr, obj, objs, str, strs } from './json-access.js';
import { selectorConverts, validateLabelSelector } from './label-selector.js';
import { isDNS1123Subdomain, isValidPathSegmentName } from './label-validation.js';

const rbacGroup = 'rbac.authorization.k8s.io';

function validatePolicyRule(rule: Json, namespaced: boolean, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (arr(rule['verbs']).length === 0)
    errs.push(fieldRequired(path.child('verbs'), 'verbs must contain at least one value'));
  const urls = strs(rule['nonResourceURLs']);
  if (urls.length > 0) {
    if (namespaced)
      errs.push(
        fieldInvalid(
          path.child('nonResourceURLs'),
          urls,
          'namespaced rules cannot apply to non-resource URLs',
        ),
      );
    if (arr(rule['apiGroups']).length || arr(rule['resources']).length || arr(rule['resourceNames']).length) {
      errs.push(
        fieldInvalid(
          path.child('nonResourceURLs'),
          urls,
          'rules cannot apply to both regular resources and non-resource URLs',
        ),
      );
    }
    return errs;
  }
  if (arr(rule['apiGroups']).length === 0)
    errs.push(fieldRequired(path.child('apiGroups'), 'resource rules must supply at least one api group'));
  if (arr(rule['resources']).length === 0)
    errs.push(fieldRequired(path.child('resources'), 'resource rules must supply at least one resource'));
  if (arr(rule['resourceNames']).length > 0 && arr(rule['resources']).length > 1) {
    errs.push(
      fieldRequired(path.child('resourceNames'), 'resource names cannot apply to multiple resources'),
    );
  }
  return errs;
}

function validateRules(role: Json, namespaced: boolean): FieldError[] {
  return objs(role['rules']).flatMap((r, i) =>
    validatePolicyRule(r, namespaced, fieldPath('rules').index(i)),
  );
}

/** Upstream's ValidateRole (metadata aside). */
export function validateRole(role: Json): FieldError[] {
  return validateRules(role, true);
}

/** Upstream's ValidateClusterRole (metadata aside). */
export function validateClusterRole(role: Json): FieldError[] {
  const errs = validateRules(role, false);
  const aggregation = obj(role['aggregationRule']);
  if (aggregation) {
    const selectors = objs(aggregation['clusterRoleSelectors']);
    const p = fieldPath('aggregationRule', 'clusterRoleSelectors');
    if (selectors.length === 0)
      errs.push(fieldRequired(p, 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
    selectors.forEach((s, i) => {
      errs.push(...validateLabelSelector(s, p.index(i)));
      if (!selectorConverts(s)) errs.push(fieldInvalid(p.index(i), s, 'invalid label selector.'));
    });
  }
  return errs;
}

function validateSubject(subject: Json, namespaced: boolean, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(subject['name']);
  const group = str(subject['apiGroup']);
  if (!name) errs.push(fieldRequired(path.child('name')));
  switch (str(subject['kind'])) {
    case 'ServiceAccount':
      if (name)
        for (const msg of isDNS1123Subdomain(name)) errs.push(fieldInvalid(path.child('name'), name, msg));
      if (group) errs.push(fieldNotSupported(path.child('apiGroup'), group, ['']));
      if (!namespaced && !str(subject['namespace'])) errs.push(fieldRequired(path.child('namespace')));
      break;
    case 'User':
    case 'Group':
      if (!name)
        errs.push(
          fieldInvalid(
            path.child('name'),
            name,
            `${str(subject['kind']).toLowerCase()} name cannot be empty`,
          ),
        );
      if (group !== rbacGroup) errs.push(fieldNotSupported(path.child('apiGroup'), group, [rbacGroup]));
      break;
    default:
      errs.push(
        fieldNotSupported(path.child('kind'), str(subject['kind']), ['ServiceAccount', 'User', 'Group']),
      );
  }
  return errs;
}

function validateBinding(binding: Json, namespaced: boolean): FieldError[] {
  const ref = obj(binding['roleRef']) ?? {};
  const errs: FieldError[] = [];
  if (str(ref['apiGroup']) !== rbacGroup)
    errs.push(fieldNotSupported(fieldPath('roleRef', 'apiGroup'), str(ref['apiGroup']), [rbacGroup]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(str(ref['kind'])))
    errs.push(fieldNotSupported(fieldPath('roleRef', 'kind'), str(ref['kind']), kinds));
  const name = str(ref['name']);
  if (!name) errs.push(fieldRequired(fieldPath('roleRef', 'name')));
  else
    for (const msg of isValidPathSegmentName(name))
      errs.push(fieldInvalid(fieldPath('roleRef', 'name'), name, msg));
  objs(binding['subjects']).forEach((s, i) =>
    errs.push(...validateSubject(s, namespaced, fieldPath('subjects').index(i))),
  );
  return errs;
}

/** Upstream's ValidateRoleBinding (metadata aside). */
export function validateRoleBinding(binding: Json): FieldError[] {
  return validateBinding(binding, true);
}

/** Upstream's ValidateClusterRoleBinding (metadata aside). */
export function validateClusterRoleBinding(binding: Json): FieldError[] {
  return validateBinding(binding, false);
}

/** A binding update: valid, and the same roleRef as before. */
export function validateBindingUpdate(binding: Json, old: Json, namespaced: boolean): FieldError[] {
  const errs = validateBinding(binding, namespaced);
  const ref = obj(binding['roleRef']) ?? {};
  const pick = (r: Json): Json => ({
    apiGroup: str(r['apiGroup']),
    kind: str(r['kind']),
    name: str(r['name']),
  });
  if (!deepEqual(pick(ref), pick(obj(old['roleRef']) ?? {})))
    errs.push(fieldInvalid(fieldPath('roleRef'), goRoleRef(ref), 'cannot change roleRef'));
  return errs;
}

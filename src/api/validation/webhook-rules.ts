// The rules an admission webhook matches requests by (upstream's validateRuleWithOperations and
// validateRule in pkg/apis/admissionregistration/validation): operations, API groups, versions,
// resources with their subresources, and scope.

import { type FieldError, fieldInvalid, fieldNotSupported, fieldRequired, goRepr } from './field-error.js';
import type { FieldPath } from './field-path.js';
import { goQuote } from './go-quote.js';
import { type Json, arr, isSet, str, strs } from './json-access.js';

const operations = ['*', 'CONNECT', 'CREATE', 'DELETE', 'UPDATE'];
const scopes = ['*', 'Cluster', 'Namespaced'];

/** Go's %#v of an []OperationType, the bad value upstream shows for a mixed wildcard list. */
function goOperations(list: readonly string[]): ReturnType<typeof goRepr> {
  return goRepr(`[]admissionregistration.OperationType{${list.map((o) => goQuote(o)).join(', ')}}`);
}

/** Upstream's validateResources (subresources allowed): no empties, and wildcards that do not overlap. */
function validateResources(resources: readonly string[], path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (resources.length === 0) errs.push(fieldRequired(path));
  const withWildcardSub = new Set<string>();
  const subWithWildcardResource = new Set<string>();
  let doubleWildcard = false;
  let singleWildcard = false;
  let plainResource = false;
  resources.forEach((resSub, i) => {
    if (resSub === '') {
      errs.push(fieldRequired(path.index(i)));
      return;
    }
    if (resSub === '*/*') doubleWildcard = true;
    if (resSub === '*') singleWildcard = true;
    const slash = resSub.indexOf('/');
    if (slash < 0) {
      // Upstream keeps only the last plain entry's verdict here.
      plainResource = resSub !== '*';
      return;
    }
    const res = resSub.slice(0, slash);
    const sub = resSub.slice(slash + 1);
    if (withWildcardSub.has(res)) {
      errs.push(fieldInvalid(path.index(i), resSub, `if '${res}/*' is present, must not specify ${resSub}`));
    }
    if (subWithWildcardResource.has(sub)) {
      errs.push(fieldInvalid(path.index(i), resSub, `if '*/${sub}' is present, must not specify ${resSub}`));
    }
    if (sub === '*') withWildcardSub.add(res);
    if (res === '*') subWithWildcardResource.add(sub);
  });
  if (resources.length > 1 && doubleWildcard) {
    errs.push(fieldInvalid(path, resources, "if '*/*' is present, must not specify other resources"));
  }
  if (singleWildcard && plainResource) {
    errs.push(
      fieldInvalid(
        path,
        resources,
        "if '*' is present, must not specify other resources without subresources",
      ),
    );
  }
  return errs;
}

/** Upstream's validateRule with subresources allowed. */
function validateRule(rule: Json, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const groups = strs(rule['apiGroups']);
  const versions = strs(rule['apiVersions']);
  if (groups.length === 0) errs.push(fieldRequired(path.child('apiGroups')));
  if (groups.length > 1 && groups.includes('*')) {
    errs.push(
      fieldInvalid(path.child('apiGroups'), groups, "if '*' is present, must not specify other API groups"),
    );
  }
  // The group may be "" (the core group); a version may not.
  if (versions.length === 0) errs.push(fieldRequired(path.child('apiVersions')));
  if (versions.length > 1 && versions.includes('*')) {
    errs.push(
      fieldInvalid(
        path.child('apiVersions'),
        versions,
        "if '*' is present, must not specify other API versions",
      ),
    );
  }
  versions.forEach((v, i) => {
    if (v === '') errs.push(fieldRequired(path.child('apiVersions').index(i)));
  });
  errs.push(...validateResources(strs(rule['resources']), path.child('resources')));
  if (isSet(rule['scope']) && !scopes.includes(str(rule['scope']))) {
    errs.push(fieldNotSupported(path.child('scope'), str(rule['scope']), scopes));
  }
  return errs;
}

/** Upstream's validateRuleWithOperations for one entry of a webhook's rules. */
export function validateRuleWithOperations(rule: Json, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const ops = strs(rule['operations']);
  if (ops.length === 0) errs.push(fieldRequired(path.child('operations')));
  if (ops.length > 1 && ops.includes('*')) {
    errs.push(
      fieldInvalid(
        path.child('operations'),
        goOperations(ops),
        "if '*' is present, must not specify other operations",
      ),
    );
  }
  arr(rule['operations']).forEach((op, i) => {
    if (!operations.includes(str(op))) {
      errs.push(fieldNotSupported(path.child('operations').index(i), str(op), operations));
    }
  });
  return [...errs, ...validateRule(rule, path)];
}

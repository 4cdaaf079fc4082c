// LimitRanges and ResourceQuotas (upstream core validation): resource names, quantities, the
// min <= default request <= default <= max ordering, scopes and scope selectors.

import {
  type FieldError,
  fieldDuplicate,
  fieldForbidden,
  fieldInvalid,
  fieldRequired,
} from './field-error.js';
import { fieldPath } from './field-path.js';
import { fieldImmutableErrorMsg } from './common-fields.js';
import { goQuantity, goStrings } from './go-syntax.js';
import { type Json, obj, objs, str, strs } from './json-access.js';
import { isQualifiedName } from './label-validation.js';
import {
  validateContainerResourceName,
  validateResourceName,
  validateResourceQuotaResourceName,
  isOvercommitAllowed,
} from './resource-names.js';
import { compareQuantities, parseQuantity, quantityString, type QuantityValue } from './resource-quantity.js';
import { validateResourceQuantityValue } from './resource-requirements.js';

function validateLimitType(type: string, path: ReturnType<typeof fieldPath>): FieldError[] {
  const errs = isQualifiedName(type).map((msg) => fieldInvalid(path, type, msg));
  if (errs.length) return errs;
  if (!type.includes('/') && !['Pod', 'Container', 'PersistentVolumeClaim'].includes(type)) {
    return [fieldInvalid(path, type, 'must be a standard limit type or fully qualified')];
  }
  return [];
}

/** Upstream's ValidateLimitRange (metadata aside). */
export function validateLimitRange(lr: Json): FieldError[] {
  const errs: FieldError[] = [];
  const types = new Set<string>();
  objs(obj(lr['spec'])?.['limits']).forEach((limit, i) => {
    const p = fieldPath('spec', 'limits').index(i);
    const type = str(limit['type']);
    errs.push(...validateLimitType(type, p.child('type')));
    if (types.has(type)) errs.push(fieldDuplicate(p.child('type'), type));
    types.add(type);
    const nameRule =
      type === 'Pod' || type === 'Container' ? validateContainerResourceName : validateResourceName;
    const maps: Record<string, Map<string, unknown>> = {};
    const keys = new Set<string>();
    const collect = (field: string): void => {
      const m = new Map<string, unknown>();
      for (const [k, q] of Object.entries(obj(limit[field]) ?? {})) {
        errs.push(...nameRule(k, p.child(field).key(k)));
        keys.add(k);
        m.set(k, q);
      }
      maps[field] = m;
    };
    collect('max');
    collect('min');
    if (type === 'Pod') {
      for (const f of ['default', 'defaultRequest']) {
        if (Object.keys(obj(limit[f]) ?? {}).length > 0)
          errs.push(fieldForbidden(p.child(f), "may not be specified when `type` is 'Pod'"));
      }
      maps['default'] = new Map();
      maps['defaultRequest'] = new Map();
    } else {
      collect('default');
      collect('defaultRequest');
    }
    if (type === 'PersistentVolumeClaim' && !maps['min']?.has('storage') && !maps['max']?.has('storage')) {
      errs.push(
        fieldRequired(
          p.child('limits'),
          'either minimum or maximum storage value is required, but neither was provided',
        ),
      );
    }
    collect('maxLimitRequestRatio');
    for (const k of keys) {
      const get = (f: string): { q: QuantityValue; s: string } | undefined => {
        const raw = maps[f]?.get(k);
        const q = raw === undefined ? undefined : parseQuantity(raw);
        return q && { q, s: quantityString(raw) };
      };
      const min = get('min');
      const max = get('max');
      const def = get('default');
      const req = get('defaultRequest');
      const ratio = get('maxLimitRequestRatio');
      const gt = (a?: { q: QuantityValue }, b?: { q: QuantityValue }): boolean =>
        !!a && !!b && compareQuantities(a.q, b.q) > 0;
      if (gt(min, max))
        errs.push(
          fieldInvalid(
            p.child('min').key(k),
            goQuantity(min!.s),
            `min value ${min!.s} is greater than max value ${max!.s}`,
          ),
        );
      if (gt(min, req))
        errs.push(
          fieldInvalid(
            p.child('defaultRequest').key(k),
            goQuantity(req!.s),
            `min value ${min!.s} is greater than default request value ${req!.s}`,
          ),
        );
      if (gt(req, max))
        errs.push(
          fieldInvalid(
            p.child('defaultRequest').key(k),
            goQuantity(req!.s),
            `default request value ${req!.s} is greater than max value ${max!.s}`,
          ),
        );
      if (gt(req, def))
        errs.push(
          fieldInvalid(
            p.child('defaultRequest').key(k),
            goQuantity(req!.s),
            `default request value ${req!.s} is greater than default limit value ${def!.s}`,
          ),
        );
      if (gt(min, def))
        errs.push(
          fieldInvalid(
            p.child('default').key(k),
            goQuantity(min!.s),
            `min value ${min!.s} is greater than default value ${def!.s}`,
          ),
        );
      if (gt(def, max))
        errs.push(
          fieldInvalid(
            p.child('default').key(k),
            goQuantity(max!.s),
            `default value ${def!.s} is greater than max value ${max!.s}`,
          ),
        );
      if (ratio && compareQuantities(ratio.q, { n: 1n, scale: 0 }) < 0) {
        errs.push(
          fieldInvalid(
            p.child('maxLimitRequestRatio').key(k),
            goQuantity(ratio.s),
            `ratio ${ratio.s} is less than 1`,
          ),
        );
      }
      if (ratio && min && max && min.q.n !== 0n) {
        const limit = Number(max.q.n) / 10 ** max.q.scale / (Number(min.q.n) / 10 ** min.q.scale);
        if (Number(ratio.q.n) / 10 ** ratio.q.scale > limit) {
          errs.push(
            fieldInvalid(
              p.child('maxLimitRequestRatio').key(k),
              goQuantity(ratio.s),
              `ratio ${ratio.s} is greater than max/min = ${limit.toFixed(6)}`,
            ),
          );
        }
      }
      if (!isOvercommitAllowed(k) && def && req && compareQuantities(def.q, req.q) !== 0) {
        errs.push(
          fieldInvalid(
            p.child('defaultRequest').key(k),
            goQuantity(req.s),
            `default value ${def.s} must equal to defaultRequest value ${req.s} in ${k}`,
          ),
        );
      }
    }
  });
  return errs;
}

const standardScopes = [
  'Terminating',
  'NotTerminating',
  'BestEffort',
  'NotBestEffort',
  'PriorityClass',
  'CrossNamespacePodAffinity',
];
const podObjectCountResources = new Set(['pods']);
const podComputeResources = new Set([
  'cpu',
  'memory',
  'requests.cpu',
  'requests.memory',
  'limits.cpu',
  'limits.memory',
]);

// Whether a quota scope applies to a resource (upstream's IsResourceQuotaScopeValidForResource):
// BestEffort tracks only the pod count; the other pod scopes also the pods' cpu and memory.
function scopeValidFor(scope: string, resource: string): boolean {
  if (scope === 'BestEffort') return podObjectCountResources.has(resource);
  if (
    ['Terminating', 'NotTerminating', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity'].includes(
      scope,
    )
  ) {
    return podObjectCountResources.has(resource) || podComputeResources.has(resource);
  }
  return true;
}

function isStandardQuotaName(name: string): boolean {
  return !name.includes('/') && validateResourceQuotaResourceName(name, fieldPath('x')).length === 0;
}

/** Upstream's ValidateResourceQuotaSpec. */
function validateQuotaSpec(spec: Json): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(obj(spec['hard']) ?? {})) {
    const p = fieldPath('spec', 'hard').key(k);
    errs.push(...validateResourceQuotaResourceName(k, p), ...validateResourceQuantityValue(k, v, p));
  }
  const hard = Object.keys(obj(spec['hard']) ?? {}).sort();
  const scopes = strs(spec['scopes']);
  const scopesPath = fieldPath('spec', 'scopes');
  const conflicting = (set: Set<string>): boolean =>
    (set.has('BestEffort') && set.has('NotBestEffort')) ||
    (set.has('Terminating') && set.has('NotTerminating'));
  if (scopes.length > 0) {
    for (const scope of scopes) {
      if (!standardScopes.includes(scope)) errs.push(fieldInvalid(scopesPath, scopes, 'unsupported scope'));
      for (const k of hard) {
        if (isStandardQuotaName(k) && !scopeValidFor(scope, k))
          errs.push(fieldInvalid(scopesPath, scopes, 'unsupported scope applied to resource'));
      }
    }
    if (conflicting(new Set(scopes))) errs.push(fieldInvalid(scopesPath, scopes, 'conflicting scopes'));
  }
  const selector = obj(spec['scopeSelector']);
  if (selector) {
    const p = fieldPath('spec', 'scopeSelector', 'matchExpressions');
    const seen = new Set<string>();
    for (const req of objs(selector['matchExpressions'])) {
      const scope = str(req['scopeName']);
      const op = str(req['operator']);
      const values = strs(req['values']);
      if (!standardScopes.includes(scope))
        errs.push(fieldInvalid(p.child('scopeName'), scope, 'unsupported scope'));
      for (const k of hard) {
        if (isStandardQuotaName(k) && !scopeValidFor(scope, k))
          errs.push(fieldInvalid(p, selector, 'unsupported scope applied to resource'));
      }
      if (
        [
          'BestEffort',
          'NotBestEffort',
          'Terminating',
          'NotTerminating',
          'CrossNamespacePodAffinity',
        ].includes(scope) &&
        op !== 'Exists'
      ) {
        errs.push(
          fieldInvalid(
            p.child('operator'),
            op,
            "must be 'Exists' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity",
          ),
        );
      }
      if (op === 'In' || op === 'NotIn') {
        if (values.length === 0)
          errs.push(
            fieldRequired(
              p.child('values'),
              "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector",
            ),
          );
      } else if (op === 'Exists' || op === 'DoesNotExist') {
        if (values.length !== 0)
          errs.push(
            fieldInvalid(
              p.child('values'),
              values,
              "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector",
            ),
          );
      } else {
        errs.push(fieldInvalid(p.child('operator'), op, 'not a valid selector operator'));
      }
      seen.add(scope);
    }
    if (conflicting(seen)) errs.push(fieldInvalid(p, goStrings(spec['scopes']), 'conflicting scopes'));
  }
  return errs;
}

/** Upstream's ValidateResourceQuota (metadata aside; status included, as upstream checks it on create). */
export function validateResourceQuota(quota: Json): FieldError[] {
  const errs = validateQuotaSpec(obj(quota['spec']) ?? {});
  const status = obj(quota['status']) ?? {};
  for (const field of ['hard', 'used'] as const) {
    for (const [k, v] of Object.entries(obj(status[field]) ?? {})) {
      const p = fieldPath('status', field).key(k);
      errs.push(...validateResourceQuotaResourceName(k, p), ...validateResourceQuantityValue(k, v, p));
    }
  }
  return errs;
}

/** Upstream's ValidateResourceQuotaUpdate (metadata aside): scopes may not change. */
export function validateResourceQuotaUpdate(quota: Json, old: Json): FieldError[] {
  const errs = validateQuotaSpec(obj(quota['spec']) ?? {});
  const scopes = strs(obj(quota['spec'])?.['scopes']);
  const oldScopes = strs(obj(old['spec'])?.['scopes']);
  const same = new Set(scopes).size === new Set(oldScopes).size && scopes.every((s) => oldScopes.includes(s));
  if (!same)
    errs.push(
      fieldInvalid(
        fieldPath('spec', 'scopes'),
        goStrings(obj(quota['spec'])?.['scopes']),
        fieldImmutableErrorMsg,
      ),
    );
  return errs;
}

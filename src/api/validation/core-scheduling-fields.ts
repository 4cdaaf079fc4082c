// Scheduling-related pod spec fields (upstream core validation): tolerations, node selectors and
// affinity terms, topology spread constraints, taints.

import {
  type FieldError,
  fieldDuplicate,
  fieldForbidden,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
} from './field-error.js';
import type { FieldPath } from './field-path.js';
import { isNotPositiveErrorMsg, validateQualifiedName } from './common-fields.js';
import { goTaint } from './go-syntax.js';
import { type Json, num, obj, objs, optNum, optStr, str, strs } from './json-access.js';
import { isDNS1123Label, isDNS1123Subdomain, isValidLabelValue } from './label-validation.js';
import { validateLabelSelector } from './label-selector.js';

const taintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** Upstream's validateTaintEffect. */
export function validateTaintEffect(effect: string, allowEmpty: boolean, path: FieldPath): FieldError[] {
  if (!allowEmpty && effect === '') return [fieldRequired(path)];
  return taintEffects.includes(effect) ? [] : [fieldNotSupported(path, effect, taintEffects)];
}

/** Upstream's ValidateTolerations. */
export function validateTolerations(tolerations: readonly Json[], path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  tolerations.forEach((t, i) => {
    const p = path.index(i);
    const key = str(t['key']);
    const op = str(t['operator']);
    const value = str(t['value']);
    const effect = str(t['effect']);
    if (key) errs.push(...validateQualifiedName(key, p.child('key')));
    if (!key && op !== 'Exists') {
      errs.push(
        fieldInvalid(
          p.child('operator'),
          op,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    }
    if (t['tolerationSeconds'] !== undefined && t['tolerationSeconds'] !== null && effect !== 'NoExecute') {
      errs.push(
        fieldInvalid(p.child('effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"),
      );
    }
    if (op === 'Equal' || op === '') {
      const msgs = isValidLabelValue(value);
      if (msgs.length) errs.push(fieldInvalid(p.child('operator'), value, msgs.join(';')));
    } else if (op === 'Exists') {
      if (value)
        errs.push(
          fieldInvalid(p.child('operator'), value, "value must be empty when `operator` is 'Exists'"),
        );
    } else {
      errs.push(fieldNotSupported(p.child('operator'), op, ['Equal', 'Exists']));
    }
    if (effect) errs.push(...validateTaintEffect(effect, true, p.child('effect')));
  });
  return errs;
}

/** Upstream's validateNodeTaints. */
export function validateNodeTaints(taints: readonly Json[], path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const unique = new Map<string, Set<string>>();
  taints.forEach((t, i) => {
    const p = path.index(i);
    const key = str(t['key']);
    const effect = str(t['effect']);
    errs.push(...validateQualifiedName(key, p.child('key')));
    const msgs = isValidLabelValue(str(t['value']));
    if (msgs.length) errs.push(fieldInvalid(p.child('value'), str(t['value']), msgs.join(';')));
    errs.push(...validateTaintEffect(effect, false, p.child('effect')));
    const keys = unique.get(effect) ?? new Set<string>();
    if (keys.has(key)) {
      errs.push({ ...fieldDuplicate(p, goTaint(t)), detail: 'taints must be unique by key and effect pair' });
      return;
    }
    keys.add(key);
    unique.set(effect, keys);
  });
  return errs;
}

function validateNodeSelectorRequirement(
  rq: Json,
  allowInvalidValues: boolean,
  path: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const op = str(rq['operator']);
  const values = strs(rq['values']);
  if (op === 'In' || op === 'NotIn') {
    if (values.length === 0)
      errs.push(fieldRequired(path.child('values'), "must be specified when `operator` is 'In' or 'NotIn'"));
  } else if (op === 'Exists' || op === 'DoesNotExist') {
    if (values.length > 0) {
      errs.push(
        fieldForbidden(
          path.child('values'),
          "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
        ),
      );
    }
  } else if (op === 'Gt' || op === 'Lt') {
    if (values.length !== 1)
      errs.push(
        fieldRequired(path.child('values'), "must be specified single value when `operator` is 'Lt' or 'Gt'"),
      );
  } else {
    errs.push(fieldInvalid(path.child('operator'), op, 'not a valid selector operator'));
  }
  errs.push(...validateQualifiedName(str(rq['key']), path.child('key')));
  if (!allowInvalidValues) {
    values.forEach((v, i) => {
      for (const msg of isValidLabelValue(v)) errs.push(fieldInvalid(path.child('values').index(i), v, msg));
    });
  }
  return errs;
}

function validateNodeFieldSelectorRequirement(req: Json, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const op = str(req['operator']);
  const values = strs(req['values']);
  if (op === 'In' || op === 'NotIn') {
    if (values.length !== 1) {
      errs.push(
        fieldRequired(
          path.child('values'),
          "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
        ),
      );
    }
  } else {
    errs.push(fieldInvalid(path.child('operator'), op, 'not a valid selector operator'));
  }
  if (str(req['key']) !== 'metadata.name') {
    errs.push(fieldInvalid(path.child('key'), str(req['key']), 'not a valid field selector key'));
  } else {
    values.forEach((v, i) => {
      for (const msg of isDNS1123Subdomain(v)) errs.push(fieldInvalid(path.child('values').index(i), v, msg));
    });
  }
  return errs;
}

/** Upstream's ValidateNodeSelectorTerm. */
export function validateNodeSelectorTerm(
  term: Json,
  allowInvalidValues: boolean,
  path: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  objs(term['matchExpressions']).forEach((r, j) => {
    errs.push(
      ...validateNodeSelectorRequirement(r, allowInvalidValues, path.child('matchExpressions').index(j)),
    );
  });
  objs(term['matchFields']).forEach((r, j) =>
    errs.push(...validateNodeFieldSelectorRequirement(r, path.child('matchFields').index(j))),
  );
  return errs;
}

/** Upstream's ValidateNodeSelector. */
export function validateNodeSelector(selector: Json, path: FieldPath): FieldError[] {
  const terms = objs(selector['nodeSelectorTerms']);
  const termsPath = path.child('nodeSelectorTerms');
  if (terms.length === 0) return [fieldRequired(termsPath, 'must have at least one node selector term')];
  return terms.flatMap((t, i) => validateNodeSelectorTerm(t, false, termsPath.index(i)));
}

function validatePodAffinityTerm(term: Json, path: FieldPath): FieldError[] {
  const errs = [
    ...validateLabelSelector(term['labelSelector'], path.child('labelSelector')),
    ...validateLabelSelector(term['namespaceSelector'], path.child('namespaceSelector')),
  ];
  for (const ns of strs(term['namespaces'])) {
    for (const msg of isDNS1123Label(ns)) errs.push(fieldInvalid(path.child('namespace'), ns, msg));
  }
  const selector = obj(term['labelSelector']);
  for (const field of ['matchLabelKeys', 'mismatchLabelKeys'] as const) {
    const keys = strs(term[field]);
    if (keys.length === 0) continue;
    if (!selector)
      errs.push(fieldForbidden(path.child(field), 'must not be specified when labelSelector is not set'));
    else keys.forEach((k, i) => errs.push(...validateQualifiedName(k, path.child(field).index(i))));
  }
  const mismatch = new Set(strs(term['mismatchLabelKeys']));
  strs(term['matchLabelKeys']).forEach((k, i) => {
    if (mismatch.has(k))
      errs.push(
        fieldInvalid(
          path.child('matchLabelKeys').index(i),
          k,
          'exists in both matchLabelKeys and mismatchLabelKeys',
        ),
      );
  });
  const topologyKey = str(term['topologyKey']);
  if (!topologyKey) errs.push(fieldRequired(path.child('topologyKey'), 'can not be empty'));
  return [...errs, ...validateQualifiedName(topologyKey, path.child('topologyKey'))];
}

function validatePodAffinityTerms(terms: readonly Json[], weighted: boolean, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  terms.forEach((t, i) => {
    const p = path.index(i);
    if (weighted) {
      const w = num(t['weight']);
      if (w <= 0 || w > 100) errs.push(fieldInvalid(p.child('weight'), w, 'must be in the range 1-100'));
      errs.push(...validatePodAffinityTerm(obj(t['podAffinityTerm']) ?? {}, p.child('podAffinityTerm')));
    } else {
      errs.push(...validatePodAffinityTerm(t, p));
    }
  });
  return errs;
}

/** Upstream's validateAffinity. */
export function validateAffinity(affinity: Json, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const na = obj(affinity['nodeAffinity']);
  if (na) {
    const p = path.child('nodeAffinity');
    const required = obj(na['requiredDuringSchedulingIgnoredDuringExecution']);
    if (required)
      errs.push(...validateNodeSelector(required, p.child('requiredDuringSchedulingIgnoredDuringExecution')));
    objs(na['preferredDuringSchedulingIgnoredDuringExecution']).forEach((term, i) => {
      const tp = p.child('preferredDuringSchedulingIgnoredDuringExecution').index(i);
      const w = num(term['weight']);
      if (w <= 0 || w > 100) errs.push(fieldInvalid(tp.child('weight'), w, 'must be in the range 1-100'));
      errs.push(...validateNodeSelectorTerm(obj(term['preference']) ?? {}, true, tp.child('preference')));
    });
  }
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    const a = obj(affinity[kind]);
    if (!a) continue;
    const p = path.child(kind);
    errs.push(
      ...validatePodAffinityTerms(
        objs(a['requiredDuringSchedulingIgnoredDuringExecution']),
        false,
        p.child('requiredDuringSchedulingIgnoredDuringExecution'),
      ),
    );
    errs.push(
      ...validatePodAffinityTerms(
        objs(a['preferredDuringSchedulingIgnoredDuringExecution']),
        true,
        p.child('preferredDuringSchedulingIgnoredDuringExecution'),
      ),
    );
  }
  return errs;
}

/** Upstream's validateTopologySpreadConstraints. */
export function validateTopologySpreadConstraints(
  constraints: readonly Json[],
  path: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  constraints.forEach((c, i) => {
    const p = path.index(i);
    const maxSkew = num(c['maxSkew']);
    if (maxSkew <= 0) errs.push(fieldInvalid(p.child('maxSkew'), maxSkew, isNotPositiveErrorMsg));
    const key = str(c['topologyKey']);
    if (!key) errs.push(fieldRequired(p.child('topologyKey'), 'can not be empty'));
    const action = str(c['whenUnsatisfiable']);
    if (action !== 'DoNotSchedule' && action !== 'ScheduleAnyway') {
      errs.push(fieldNotSupported(p.child('whenUnsatisfiable'), action, ['DoNotSchedule', 'ScheduleAnyway']));
    }
    const repeat = constraints
      .slice(i + 1)
      .some((o) => str(o['topologyKey']) === key && str(o['whenUnsatisfiable']) === action);
    if (repeat) errs.push(fieldDuplicate(p.child('{topologyKey, whenUnsatisfiable}'), `{${key}, ${action}}`));
    const minDomains = optNum(c['minDomains']);
    if (minDomains !== undefined) {
      if (minDomains <= 0) errs.push(fieldInvalid(p.child('minDomains'), minDomains, isNotPositiveErrorMsg));
      if (action !== 'DoNotSchedule') {
        errs.push(
          fieldInvalid(
            p.child('minDomains'),
            minDomains,
            `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${action}`,
          ),
        );
      }
    }
    for (const policy of ['nodeAffinityPolicy', 'nodeTaintsPolicy'] as const) {
      const v = optStr(c[policy]);
      if (v !== undefined && v !== 'Honor' && v !== 'Ignore')
        errs.push(fieldNotSupported(p.child(policy), v, ['Honor', 'Ignore']));
    }
    const keys = strs(c['matchLabelKeys']);
    const selector = obj(c['labelSelector']);
    if (keys.length > 0) {
      const selectorKeys = new Set([
        ...Object.keys(obj(selector?.['matchLabels']) ?? {}),
        ...objs(selector?.['matchExpressions']).map((e) => str(e['key'])),
      ]);
      if (!selector)
        errs.push(
          fieldForbidden(p.child('matchLabelKeys'), 'must not be specified when labelSelector is not set'),
        );
      keys.forEach((k, j) => {
        errs.push(...validateQualifiedName(k, p.child('matchLabelKeys').index(j)));
        if (selectorKeys.has(k))
          errs.push(
            fieldInvalid(
              p.child('matchLabelKeys').index(j),
              k,
              'exists in both matchLabelKeys and labelSelector',
            ),
          );
      });
    }
    errs.push(...validateLabelSelector(c['labelSelector'], p.child('labelSelector')));
  });
  return errs;
}

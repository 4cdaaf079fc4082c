// HorizontalPodAutoscalers in their storage version, autoscaling/v2 (upstream's
// pkg/apis/autoscaling/validation): replica bounds, the scale target, metrics and behavior.

import {
  type FieldError,
  fieldForbidden,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
} from './field-error.js';
import { type FieldPath, fieldPath } from './field-path.js';
import { validateDNS1123Label } from './common-fields.js';
import { goQuantity } from './go-syntax.js';
import { type Json, num, obj, objs, optNum, optStr, str } from './json-access.js';
import { isValidPathSegmentName } from './label-validation.js';
import { validateContainerResourceName } from './resource-names.js';
import { parseQuantity, quantityString } from './resource-quantity.js';

function validateCrossVersionObjectReference(ref: Json, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ['kind', 'name'] as const) {
    const v = str(ref[f]);
    if (!v) errs.push(fieldRequired(path.child(f)));
    else for (const msg of isValidPathSegmentName(v)) errs.push(fieldInvalid(path.child(f), v, msg));
  }
  return errs;
}

function validateMetricIdentifier(id: Json, path: FieldPath): FieldError[] {
  const name = str(id['name']);
  if (!name) return [fieldRequired(path.child('name'), 'must specify a metric name')];
  return isValidPathSegmentName(name).map((msg) => fieldInvalid(path.child('name'), name, msg));
}

function validateMetricTarget(target: Json, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const type = str(target['type']);
  if (!type) errs.push(fieldRequired(path.child('type'), 'must specify a metric target type'));
  if (!['Utilization', 'Value', 'AverageValue'].includes(type)) {
    errs.push(fieldInvalid(path.child('type'), type, 'must be either Utilization, Value, or AverageValue'));
  }
  for (const f of ['value', 'averageValue'] as const) {
    if (target[f] === undefined || target[f] === null) continue;
    const q = parseQuantity(target[f]);
    if (!q || q.n <= 0n)
      errs.push(fieldInvalid(path.child(f), goQuantity(quantityString(target[f])), 'must be positive'));
  }
  const utilization = optNum(target['averageUtilization']);
  if (utilization !== undefined && utilization < 1)
    errs.push(fieldInvalid(path.child('averageUtilization'), utilization, 'must be greater than 0'));
  return errs;
}

function has(target: Json, f: string): boolean {
  return target[f] !== undefined && target[f] !== null;
}

function validateSource(kind: string, src: Json, path: FieldPath): FieldError[] {
  const target = obj(src['target']) ?? {};
  const tp = path.child('target');
  const errs: FieldError[] = [];
  switch (kind) {
    case 'object':
      errs.push(
        ...validateCrossVersionObjectReference(
          obj(src['describedObject']) ?? {},
          path.child('describedObject'),
        ),
      );
      errs.push(
        ...validateMetricIdentifier(obj(src['metric']) ?? {}, path.child('metric')),
        ...validateMetricTarget(target, tp),
      );
      if (!has(target, 'value') && !has(target, 'averageValue'))
        errs.push(fieldRequired(tp.child('averageValue'), 'must set either a target value or averageValue'));
      break;
    case 'external':
      errs.push(
        ...validateMetricIdentifier(obj(src['metric']) ?? {}, path.child('metric')),
        ...validateMetricTarget(target, tp),
      );
      if (!has(target, 'value') && !has(target, 'averageValue')) {
        errs.push(
          fieldRequired(
            tp.child('averageValue'),
            'must set either a target value for metric or a per-pod target',
          ),
        );
      }
      if (has(target, 'value') && has(target, 'averageValue')) {
        errs.push(
          fieldForbidden(
            tp.child('value'),
            'may not set both a target value for metric and a per-pod target',
          ),
        );
      }
      break;
    case 'pods':
      errs.push(
        ...validateMetricIdentifier(obj(src['metric']) ?? {}, path.child('metric')),
        ...validateMetricTarget(target, tp),
      );
      if (!has(target, 'averageValue'))
        errs.push(fieldRequired(tp.child('averageValue'), 'must specify a positive target averageValue'));
      break;
    case 'resource':
    case 'containerResource': {
      const name = str(src['name']);
      if (!name) errs.push(fieldRequired(path.child('name'), 'must specify a resource name'));
      else if (kind === 'containerResource')
        errs.push(...validateContainerResourceName(name, path.child('name')));
      if (kind === 'containerResource') {
        const container = str(src['container']);
        if (!container) errs.push(fieldRequired(path.child('container'), 'must specify a container'));
        else errs.push(...validateDNS1123Label(container, path.child('container')));
      }
      errs.push(...validateMetricTarget(target, tp));
      if (!has(target, 'averageUtilization') && !has(target, 'averageValue')) {
        errs.push(
          fieldRequired(
            tp.child('averageUtilization'),
            'must set either a target raw value or a target utilization',
          ),
        );
      }
      if (has(target, 'averageUtilization') && has(target, 'averageValue')) {
        errs.push(
          fieldForbidden(
            tp.child('averageValue'),
            'may not set both a target raw value and a target utilization',
          ),
        );
      }
      break;
    }
  }
  return errs;
}

const metricTypes: Readonly<Record<string, string>> = {
  Object: 'object',
  Pods: 'pods',
  Resource: 'resource',
  External: 'external',
  ContainerResource: 'containerResource',
};

function validateMetricSpec(metric: Json, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const type = str(metric['type']);
  const supported = Object.keys(metricTypes).sort();
  if (!type) errs.push(fieldRequired(path.child('type'), 'must specify a metric source type'));
  if (!(type in metricTypes)) errs.push(fieldNotSupported(path.child('type'), type, supported));
  const present: string[] = [];
  for (const kind of ['object', 'external', 'pods', 'resource', 'containerResource']) {
    const src = obj(metric[kind]);
    if (!src) continue;
    present.push(kind);
    if (present.length === 1) errs.push(...validateSource(kind, src, path.child(kind)));
  }
  const expected = metricTypes[type];
  if (expected === undefined) errs.push(fieldNotSupported(path.child('type'), type, supported));
  else if (!obj(metric[expected]))
    errs.push(fieldRequired(path.child(expected), 'must populate information for the given metric source'));
  if (present.length !== 1) {
    for (const kind of present.filter((k) => k !== expected))
      errs.push(fieldForbidden(path.child(kind), 'must populate the given metric source only'));
  }
  return errs;
}

function validateScalingRules(rules: Json | undefined, path: FieldPath): FieldError[] {
  if (!rules) return [];
  const errs: FieldError[] = [];
  const window = optNum(rules['stabilizationWindowSeconds']);
  const wp = path.child('stabilizationWindowSeconds');
  if (window !== undefined && window < 0)
    errs.push(fieldInvalid(wp, window, 'must be greater than or equal to zero'));
  if (window !== undefined && window > 3600)
    errs.push(fieldInvalid(wp, window, 'must be less than or equal to 3600'));
  const select = optStr(rules['selectPolicy']);
  if (select !== undefined && !['Disabled', 'Max', 'Min'].includes(select)) {
    errs.push(fieldNotSupported(path.child('selectPolicy'), select, ['Disabled', 'Max', 'Min']));
  }
  const policies = objs(rules['policies']);
  const pp = path.child('policies');
  if (policies.length === 0) errs.push(fieldRequired(pp, 'must specify at least one Policy'));
  policies.forEach((policy, i) => {
    const p = pp.index(i);
    const type = str(policy['type']);
    if (type !== 'Pods' && type !== 'Percent')
      errs.push(fieldNotSupported(p.child('type'), type, ['Percent', 'Pods']));
    if (num(policy['value']) <= 0)
      errs.push(fieldInvalid(p.child('value'), num(policy['value']), 'must be greater than zero'));
    const period = num(policy['periodSeconds']);
    if (period <= 0) errs.push(fieldInvalid(p.child('periodSeconds'), period, 'must be greater than zero'));
    if (period > 1800)
      errs.push(fieldInvalid(p.child('periodSeconds'), period, 'must be less than or equal to 1800'));
  });
  return errs;
}

function validateSpec(spec: Json, minReplicasLowerBound: number): FieldError[] {
  const path = fieldPath('spec');
  const errs: FieldError[] = [];
  const min = optNum(spec['minReplicas']);
  const max = num(spec['maxReplicas']);
  if (min !== undefined && min < minReplicasLowerBound) {
    errs.push(
      fieldInvalid(
        path.child('minReplicas'),
        min,
        `must be greater than or equal to ${minReplicasLowerBound}`,
      ),
    );
  }
  if (max < 1) errs.push(fieldInvalid(path.child('maxReplicas'), max, 'must be greater than 0'));
  if (min !== undefined && max < min)
    errs.push(fieldInvalid(path.child('maxReplicas'), max, 'must be greater than or equal to `minReplicas`'));
  errs.push(
    ...validateCrossVersionObjectReference(obj(spec['scaleTargetRef']) ?? {}, path.child('scaleTargetRef')),
  );
  const metrics = objs(spec['metrics']);
  metrics.forEach((m, i) => errs.push(...validateMetricSpec(m, path.child('metrics').index(i))));
  if (min === 0 && !metrics.some((m) => str(m['type']) === 'Object' || str(m['type']) === 'External')) {
    errs.push(
      fieldForbidden(
        path.child('metrics'),
        'must specify at least one Object or External metric to support scaling to zero replicas',
      ),
    );
  }
  const behavior = obj(spec['behavior']);
  if (behavior) {
    errs.push(...validateScalingRules(obj(behavior['scaleUp']), path.child('behavior', 'scaleUp')));
    errs.push(...validateScalingRules(obj(behavior['scaleDown']), path.child('behavior', 'scaleDown')));
  }
  return errs;
}

/** Upstream's ValidateHorizontalPodAutoscaler (metadata aside; HPAScaleToZero is off in 1.32). */
export function validateHorizontalPodAutoscaler(hpa: Json): FieldError[] {
  return validateSpec(obj(hpa['spec']) ?? {}, 1);
}

/** Upstream's ValidateHorizontalPodAutoscalerUpdate: minReplicas 0 stays allowed where it was stored. */
export function validateHorizontalPodAutoscalerUpdate(hpa: Json, old: Json): FieldError[] {
  return validateSpec(obj(hpa['spec']) ?? {}, optNum(obj(old['spec'])?.['minReplicas']) === 0 ? 0 : 1);
}

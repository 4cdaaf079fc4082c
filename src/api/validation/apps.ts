// apps/v1 (upstream's pkg/apis/apps/validation plus the selector immutability its strategies add):
// Deployments, ReplicaSets, StatefulSets, DaemonSets and ControllerRevisions.

import { deepEqual } from '../../base/deep-equal.js';
import {
  type FieldError,
  fieldForbidden,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
} from './field-error.js';
import { type FieldPath, fieldPath } from './field-path.js';
import {
  intOrPercentValue,
  isNotMoreThan100Percent,
  validateImmutableField,
  validateLabelsMap,
  validateNonnegativeField,
  validatePositiveIntOrPercent,
} from './common-fields.js';
import { validatePodSpecificAnnotations, validatePodTemplateSpec } from './core-pod.js';
import { goIntOrString, goLabelSelector, goLabels } from './go-syntax.js';
import { type Json, num, obj, optNum, str, strMap } from './json-access.js';
import {
  selectorConverts,
  selectorIsEmpty,
  selectorMatches,
  validateLabelSelector,
} from './label-selector.js';
import { validateAnnotations } from './object-meta.js';

/** The selector checks Deployments, ReplicaSets and StatefulSets share (required, valid, not empty). */
function validateSelector(spec: Json, kind: string, path: FieldPath): FieldError[] {
  const selector = spec['selector'];
  if (!obj(selector)) return [fieldRequired(path.child('selector'))];
  const errs = validateLabelSelector(selector, path.child('selector'));
  if (selectorIsEmpty(selector))
    errs.push(
      fieldInvalid(
        path.child('selector'),
        goLabelSelector(selector),
        `empty selector is invalid for ${kind}`,
      ),
    );
  return errs;
}

function templateLabels(template: Json): Record<string, string> | undefined {
  return strMap(obj(template['metadata'])?.['labels']);
}

/** Upstream's ValidatePodTemplateSpecForReplicaSet (Deployments and ReplicaSets). */
function validateTemplateForReplicaSet(
  template: Json,
  selector: unknown,
  kind: string,
  path: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const labels = templateLabels(template);
  if (!selectorIsEmpty(selector) && !selectorMatches(selector, labels)) {
    errs.push(
      fieldInvalid(
        path.child('metadata', 'labels'),
        goLabels(labels),
        '`selector` does not match template `labels`',
      ),
    );
  }
  errs.push(...validatePodTemplateSpec(template, path));
  const tspec = obj(template['spec']) ?? {};
  if (str(tspec['restartPolicy']) !== 'Always')
    errs.push(
      fieldNotSupported(path.child('spec', 'restartPolicy'), str(tspec['restartPolicy']), ['Always']),
    );
  if (tspec['activeDeadlineSeconds'] != null) {
    errs.push(
      fieldForbidden(
        path.child('spec', 'activeDeadlineSeconds'),
        `activeDeadlineSeconds in ${kind} is not Supported`,
      ),
    );
  }
  return errs;
}

function validateStrategy(strategy: Json, path: FieldPath): FieldError[] {
  const type = str(strategy['type']);
  const rolling = obj(strategy['rollingUpdate']);
  if (type === 'Recreate') {
    return rolling
      ? [
          fieldForbidden(
            path.child('rollingUpdate'),
            "may not be specified when strategy `type` is 'Recreate'",
          ),
        ]
      : [];
  }
  if (type === 'RollingUpdate') {
    if (!rolling)
      return [fieldRequired(path.child('rollingUpdate'), 'this should be defaulted and never be nil')];
    const p = path.child('rollingUpdate');
    const errs = [
      ...validatePositiveIntOrPercent(rolling['maxUnavailable'], p.child('maxUnavailable')),
      ...validatePositiveIntOrPercent(rolling['maxSurge'], p.child('maxSurge')),
    ];
    if (intOrPercentValue(rolling['maxUnavailable']) === 0 && intOrPercentValue(rolling['maxSurge']) === 0) {
      errs.push(
        fieldInvalid(
          p.child('maxUnavailable'),
          goIntOrString(rolling['maxUnavailable']),
          'may not be 0 when `maxSurge` is 0',
        ),
      );
    }
    return [...errs, ...isNotMoreThan100Percent(rolling['maxUnavailable'], p.child('maxUnavailable'))];
  }
  return [fieldNotSupported(path, strategy, ['Recreate', 'RollingUpdate'])];
}

/** Upstream's ValidateDeploymentSpec. */
export function validateDeployment(deployment: Json): FieldError[] {
  const spec = obj(deployment['spec']) ?? {};
  const path = fieldPath('spec');
  const errs = [
    ...validateNonnegativeField(num(spec['replicas']), path.child('replicas')),
    ...validateSelector(spec, 'deployment', path),
  ];
  if (!selectorConverts(spec['selector']))
    errs.push(
      fieldInvalid(path.child('selector'), goLabelSelector(spec['selector']), 'invalid label selector'),
    );
  else
    errs.push(
      ...validateTemplateForReplicaSet(
        obj(spec['template']) ?? {},
        spec['selector'],
        'ReplicaSet',
        path.child('template'),
      ),
    );
  errs.push(...validateStrategy(obj(spec['strategy']) ?? {}, path.child('strategy')));
  errs.push(...validateNonnegativeField(num(spec['minReadySeconds']), path.child('minReadySeconds')));
  const history = optNum(spec['revisionHistoryLimit']);
  if (history !== undefined)
    errs.push(...validateNonnegativeField(history, path.child('revisionHistoryLimit')));
  const rollback = obj(spec['rollbackTo']);
  if (rollback)
    errs.push(...validateNonnegativeField(num(rollback['revision']), path.child('rollback', 'version')));
  const deadline = optNum(spec['progressDeadlineSeconds']);
  if (deadline !== undefined) {
    errs.push(...validateNonnegativeField(deadline, path.child('progressDeadlineSeconds')));
    if (deadline <= num(spec['minReadySeconds']))
      errs.push(
        fieldInvalid(path.child('progressDeadlineSeconds'), deadline, 'must be greater than minReadySeconds'),
      );
  }
  return errs;
}

function selectorImmutable(object: Json, old: Json): FieldError[] {
  const next = obj(object['spec'])?.['selector'];
  return validateImmutableField(
    next,
    obj(old['spec'])?.['selector'],
    fieldPath('spec', 'selector'),
    goLabelSelector(next),
  );
}

/** A Deployment update: the spec rules, then apps/v1's immutable selector. */
export function validateDeploymentUpdate(deployment: Json, old: Json): FieldError[] {
  return [...validateDeployment(deployment), ...selectorImmutable(deployment, old)];
}

/** Upstream's ValidateReplicaSetSpec. */
export function validateReplicaSet(rs: Json): FieldError[] {
  const spec = obj(rs['spec']) ?? {};
  const path = fieldPath('spec');
  const errs = [
    ...validateNonnegativeField(num(spec['replicas']), path.child('replicas')),
    ...validateNonnegativeField(num(spec['minReadySeconds']), path.child('minReadySeconds')),
    ...validateSelector(spec, 'deployment', path),
  ];
  if (!selectorConverts(spec['selector']))
    errs.push(
      fieldInvalid(path.child('selector'), goLabelSelector(spec['selector']), 'invalid label selector'),
    );
  else
    errs.push(
      ...validateTemplateForReplicaSet(
        obj(spec['template']) ?? {},
        spec['selector'],
        'ReplicaSet',
        path.child('template'),
      ),
    );
  return errs;
}

/** A ReplicaSet update: the spec rules, then apps/v1's immutable selector. */
export function validateReplicaSetUpdate(rs: Json, old: Json): FieldError[] {
  return [...validateReplicaSet(rs), ...selectorImmutable(rs, old)];
}

function validateStatefulSetSpec(spec: Json, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const policy = str(spec['podManagementPolicy']);
  if (policy === '') errs.push(fieldRequired(path.child('podManagementPolicy')));
  else if (policy !== 'OrderedReady' && policy !== 'Parallel') {
    errs.push(
      fieldInvalid(path.child('podManagementPolicy'), policy, "must be 'OrderedReady' or 'Parallel'"),
    );
  }
  const strategy = obj(spec['updateStrategy']) ?? {};
  const rolling = obj(strategy['rollingUpdate']);
  const up = path.child('updateStrategy');
  switch (str(strategy['type'])) {
    case '':
      errs.push(fieldRequired(up));
      break;
    case 'OnDelete':
      if (rolling)
        errs.push(
          fieldInvalid(up.child('rollingUpdate'), rolling, "only allowed for updateStrategy 'RollingUpdate'"),
        );
      break;
    case 'RollingUpdate':
      if (rolling) {
        const rp = up.child('rollingUpdate');
        errs.push(...validateNonnegativeField(num(rolling['partition']), rp.child('partition')));
        const maxUnavailable = rolling['maxUnavailable'];
        if (maxUnavailable !== undefined && maxUnavailable !== null) {
          errs.push(...validatePositiveIntOrPercent(maxUnavailable, rp.child('maxUnavailable')));
          if (intOrPercentValue(maxUnavailable) === 0)
            errs.push(fieldInvalid(rp.child('maxUnavailable'), goIntOrString(maxUnavailable), 'cannot be 0'));
          errs.push(...isNotMoreThan100Percent(maxUnavailable, rp.child('maxUnavailable')));
        }
      }
      break;
    default:
      errs.push(fieldInvalid(up, strategy, "must be 'RollingUpdate' or 'OnDelete'"));
  }
  const retention = obj(spec['persistentVolumeClaimRetentionPolicy']);
  if (retention) {
    for (const f of ['whenDeleted', 'whenScaled'] as const) {
      const v = str(retention[f]);
      if (v !== 'Retain' && v !== 'Delete') {
        errs.push(
          fieldNotSupported(path.child('persistentVolumeClaimRetentionPolicy', f), v, ['Retain', 'Delete']),
        );
      }
    }
  }
  errs.push(...validateNonnegativeField(num(spec['replicas']), path.child('replicas')));
  errs.push(...validateNonnegativeField(num(spec['minReadySeconds']), path.child('minReadySeconds')));
  const ordinals = obj(spec['ordinals']);
  if (ordinals) errs.push(...validateNonnegativeField(num(ordinals['start']), path.child('ordinals.start')));
  errs.push(...validateSelector(spec, 'statefulset', path));
  const template = obj(spec['template']) ?? {};
  const tp = path.child('template');
  if (!selectorConverts(spec['selector'])) {
    errs.push(fieldInvalid(path.child('selector'), goLabelSelector(spec['selector']), ''));
  } else {
    // Upstream validates only the template's metadata here, not its pod spec.
    const labels = templateLabels(template);
    if (!selectorIsEmpty(spec['selector']) && !selectorMatches(spec['selector'], labels)) {
      errs.push(
        fieldInvalid(
          tp.child('metadata', 'labels'),
          goLabels(labels),
          '`selector` does not match template `labels`',
        ),
      );
    }
    const annotations = strMap(obj(template['metadata'])?.['annotations']) ?? {};
    errs.push(...validateLabelsMap(labels, tp.child('labels')));
    errs.push(...validateAnnotations(annotations, tp.child('annotations')));
    errs.push(
      ...validatePodSpecificAnnotations(annotations, obj(template['spec']) ?? {}, tp.child('annotations')),
    );
  }
  const tspec = obj(template['spec']) ?? {};
  if (str(tspec['restartPolicy']) !== 'Always')
    errs.push(fieldNotSupported(tp.child('spec', 'restartPolicy'), str(tspec['restartPolicy']), ['Always']));
  if (tspec['activeDeadlineSeconds'] != null) {
    errs.push(
      fieldForbidden(
        tp.child('spec', 'activeDeadlineSeconds'),
        'activeDeadlineSeconds in StatefulSet is not Supported',
      ),
    );
  }
  return errs;
}

/** Upstream's ValidateStatefulSetSpec. */
export function validateStatefulSet(sts: Json): FieldError[] {
  return validateStatefulSetSpec(obj(sts['spec']) ?? {}, fieldPath('spec'));
}

const statefulSetMutable = [
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
];

/** Upstream's ValidateStatefulSetUpdate: only a few spec fields may change. */
export function validateStatefulSetUpdate(sts: Json, old: Json): FieldError[] {
  const spec = obj(sts['spec']) ?? {};
  const oldSpec = obj(old['spec']) ?? {};
  const errs = validateStatefulSetSpec(spec, fieldPath('spec'));
  const strip = (s: Json): Json =>
    Object.fromEntries(Object.entries(s).filter(([k]) => !statefulSetMutable.includes(k)));
  if (!deepEqual(strip(spec), strip(oldSpec))) {
    errs.push(
      fieldForbidden(
        fieldPath('spec'),
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      ),
    );
  }
  return errs;
}

function validateDaemonSetStrategy(strategy: Json, path: FieldPath): FieldError[] {
  const type = str(strategy['type']);
  if (type === 'OnDelete') return [];
  if (type !== 'RollingUpdate') return [fieldNotSupported(path, strategy, ['RollingUpdate', 'OnDelete'])];
  const rolling = obj(strategy['rollingUpdate']);
  if (!rolling) return [fieldRequired(path.child('rollingUpdate'))];
  const p = path.child('rollingUpdate');
  const errs = [
    ...validatePositiveIntOrPercent(rolling['maxUnavailable'], p.child('maxUnavailable')),
    ...validatePositiveIntOrPercent(rolling['maxSurge'], p.child('maxSurge')),
    ...isNotMoreThan100Percent(rolling['maxUnavailable'], p.child('maxUnavailable')),
    ...isNotMoreThan100Percent(rolling['maxSurge'], p.child('maxSurge')),
  ];
  const hasUnavailable = intOrPercentValue(rolling['maxUnavailable']) !== 0;
  const hasSurge = intOrPercentValue(rolling['maxSurge']) !== 0;
  if (hasUnavailable && hasSurge)
    errs.push(
      fieldInvalid(
        p.child('maxSurge'),
        goIntOrString(rolling['maxSurge']),
        'may not be set when maxUnavailable is non-zero',
      ),
    );
  if (!hasUnavailable && !hasSurge)
    errs.push(fieldRequired(p.child('maxUnavailable'), 'cannot be 0 when maxSurge is 0'));
  return errs;
}

/** Upstream's ValidateDaemonSetSpec. */
export function validateDaemonSet(ds: Json): FieldError[] {
  const spec = obj(ds['spec']) ?? {};
  const path = fieldPath('spec');
  const template = obj(spec['template']) ?? {};
  const errs = validateLabelSelector(spec['selector'], path.child('selector'));
  const labels = templateLabels(template);
  if (
    selectorConverts(spec['selector']) &&
    !selectorMatches(spec['selector'], labels) &&
    !selectorIsEmpty(spec['selector'])
  ) {
    errs.push(
      fieldInvalid(
        path.child('template', 'metadata', 'labels'),
        goLabels(labels),
        '`selector` does not match template `labels`',
      ),
    );
  }
  if (selectorIsEmpty(spec['selector'])) {
    errs.push(
      fieldInvalid(
        path.child('selector'),
        goLabelSelector(spec['selector']),
        'empty selector is invalid for daemonset',
      ),
    );
  }
  errs.push(...validatePodTemplateSpec(template, path.child('template')));
  const tspec = obj(template['spec']) ?? {};
  if (str(tspec['restartPolicy']) !== 'Always')
    errs.push(
      fieldNotSupported(path.child('template', 'spec', 'restartPolicy'), str(tspec['restartPolicy']), [
        'Always',
      ]),
    );
  if (tspec['activeDeadlineSeconds'] != null) {
    errs.push(
      fieldForbidden(
        path.child('template', 'spec', 'activeDeadlineSeconds'),
        'activeDeadlineSeconds in DaemonSet is not Supported',
      ),
    );
  }
  errs.push(...validateNonnegativeField(num(spec['minReadySeconds']), path.child('minReadySeconds')));
  errs.push(...validateNonnegativeField(num(spec['templateGeneration']), path.child('templateGeneration')));
  errs.push(...validateDaemonSetStrategy(obj(spec['updateStrategy']) ?? {}, path.child('updateStrategy')));
  const history = optNum(spec['revisionHistoryLimit']);
  if (history !== undefined)
    errs.push(...validateNonnegativeField(history, path.child('revisionHistoryLimit')));
  return errs;
}

/** A DaemonSet update: the spec rules, then apps/v1's immutable selector. */
export function validateDaemonSetUpdate(ds: Json, old: Json): FieldError[] {
  return [...validateDaemonSet(ds), ...selectorImmutable(ds, old)];
}

/** Upstream's ValidateControllerRevision (metadata aside). */
export function validateControllerRevision(rev: Json): FieldError[] {
  const errs =
    rev['data'] === undefined || rev['data'] === null
      ? [fieldRequired(fieldPath('data'), 'data is mandatory')]
      : [];
  return [...errs, ...validateNonnegativeField(num(rev['revision']), fieldPath('revision'))];
}

/** Upstream's ValidateControllerRevisionUpdate: the data may not change. */
export function validateControllerRevisionUpdate(rev: Json, old: Json): FieldError[] {
  return [
    ...validateControllerRevision(rev),
    ...validateImmutableField(rev['data'], old['data'], fieldPath('data')),
  ];
}

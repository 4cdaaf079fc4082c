// batch/v1 (upstream's pkg/apis/batch/validation): Jobs and CronJobs.

import { deepEqual } from '../../base/deep-equal.js';
import {
  type FieldError,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
  fieldTooLong,
} from './field-error.js';
import { type FieldPath, fieldPath } from './field-path.js';
import { validateImmutableField, validateNonnegativeField } from './common-fields.js';
import { validatePodTemplateSpec } from './core-pod.js';
import { cronScheduleError, isKnownTimeZone } from './cron-schedule.js';
import { goLabelSelector, goLabels } from './go-syntax.js';
import { type Json, obj, optNum, optStr, str, strMap } from './json-access.js';
import { selectorConverts, selectorMatches, validateLabelSelector } from './label-selector.js';
import { isDNS1123Label } from './label-validation.js';
import { isDomainPrefixedPath } from './string-formats.js';
import { validateJobPolicies } from './batch-policies.js';

function validateJobSpecFields(spec: Json, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of [
    'parallelism',
    'completions',
    'activeDeadlineSeconds',
    'backoffLimit',
    'ttlSecondsAfterFinished',
    'backoffLimitPerIndex',
  ]) {
    const v = optNum(spec[f]);
    if (v !== undefined) errs.push(...validateNonnegativeField(v, path.child(f)));
  }
  const completions = optNum(spec['completions']);
  const parallelism = optNum(spec['parallelism']);
  const perIndex = optNum(spec['backoffLimitPerIndex']);
  const maxFailed = optNum(spec['maxFailedIndexes']);
  if (maxFailed !== undefined) {
    errs.push(...validateNonnegativeField(maxFailed, path.child('maxFailedIndexes')));
    if (perIndex === undefined)
      errs.push(fieldRequired(path.child('backoffLimitPerIndex'), 'when maxFailedIndexes is specified'));
  }
  const managedBy = optStr(spec['managedBy']);
  if (managedBy !== undefined) {
    errs.push(...isDomainPrefixedPath(path.child('managedBy'), managedBy));
    if (managedBy.length > 63)
      errs.push({ ...fieldTooLong(path.child('managedBy'), 63), detail: 'may not be longer than 63' });
  }
  const mode = optStr(spec['completionMode']);
  if (mode !== undefined) {
    if (mode !== 'NonIndexed' && mode !== 'Indexed')
      errs.push(fieldNotSupported(path.child('completionMode'), mode, ['NonIndexed', 'Indexed']));
    if (mode === 'Indexed') {
      if (completions === undefined)
        errs.push(fieldRequired(path.child('completions'), 'when completion mode is Indexed'));
      if (parallelism !== undefined && parallelism > 100000) {
        errs.push(
          fieldInvalid(
            path.child('parallelism'),
            parallelism,
            'must be less than or equal to 100000 when completion mode is Indexed',
          ),
        );
      }
      if (completions !== undefined && maxFailed !== undefined && maxFailed > completions) {
        errs.push(
          fieldInvalid(
            path.child('maxFailedIndexes'),
            maxFailed,
            'must be less than or equal to completions',
          ),
        );
      }
      if (maxFailed !== undefined && maxFailed > 100000)
        errs.push(
          fieldInvalid(path.child('maxFailedIndexes'), maxFailed, 'must be less than or equal to 100000'),
        );
      if (completions !== undefined && completions > 100000 && perIndex !== undefined) {
        const high = 'when completions are above 100000 and used with backoff limit per index';
        if (maxFailed === undefined)
          errs.push(
            fieldRequired(
              path.child('maxFailedIndexes'),
              'must be specified when completions is above 100000',
            ),
          );
        if (parallelism !== undefined && parallelism > 10000)
          errs.push(
            fieldInvalid(
              path.child('parallelism'),
              parallelism,
              `must be less than or equal to 10000 ${high}`,
            ),
          );
        if (maxFailed !== undefined && maxFailed > 10000)
          errs.push(
            fieldInvalid(
              path.child('maxFailedIndexes'),
              maxFailed,
              `must be less than or equal to 10000 ${high}`,
            ),
          );
      }
    }
  }
  if (mode === undefined || mode === 'NonIndexed') {
    if (perIndex !== undefined)
      errs.push(
        fieldInvalid(path.child('backoffLimitPerIndex'), perIndex, 'requires indexed completion mode'),
      );
    if (maxFailed !== undefined)
      errs.push(fieldInvalid(path.child('maxFailedIndexes'), maxFailed, 'requires indexed completion mode'));
  }
  errs.push(...validateJobPolicies(spec, path));
  const template = obj(spec['template']) ?? {};
  errs.push(...validatePodTemplateSpec(template, path.child('template')));
  const restart = str(obj(template['spec'])?.['restartPolicy']);
  const rp = path.child('template', 'spec', 'restartPolicy');
  if (restart === 'Always' || restart === '')
    errs.push(fieldRequired(rp, 'valid values: "OnFailure", "Never"'));
  else if (restart !== 'OnFailure' && restart !== 'Never')
    errs.push(fieldNotSupported(rp, restart, ['OnFailure', 'Never']));
  else if (obj(spec['podFailurePolicy']) && restart !== 'Never') {
    errs.push(fieldInvalid(rp, restart, 'only "Never" is supported when podFailurePolicy is specified'));
  }
  return errs;
}

// The selector upstream's Job strategy generates on create; a Job without one (and without a
// manual selector) has not had it generated yet, which is not the client's fault.
function awaitsGeneratedSelector(spec: Json): boolean {
  return spec['selector'] == null && spec['manualSelector'] !== true;
}

function validateJobSpec(spec: Json, path: FieldPath): FieldError[] {
  const errs = validateJobSpecFields(spec, path);
  if (awaitsGeneratedSelector(spec)) return errs;
  if (!obj(spec['selector'])) errs.push(fieldRequired(path.child('selector')));
  else errs.push(...validateLabelSelector(spec['selector'], path.child('selector')));
  const labels = strMap(obj(obj(spec['template'])?.['metadata'])?.['labels']);
  if (selectorConverts(spec['selector']) && !selectorMatches(spec['selector'], labels)) {
    errs.push(
      fieldInvalid(
        path.child('template', 'metadata', 'labels'),
        goLabels(labels),
        '`selector` does not match template `labels`',
      ),
    );
  }
  return errs;
}

function validateGeneratedSelector(job: Json): FieldError[] {
  const spec = obj(job['spec']) ?? {};
  if (spec['manualSelector'] === true || !obj(spec['selector'])) return [];
  const meta = obj(job['metadata']) ?? {};
  const uid = str(meta['uid']);
  const name = str(meta['name']);
  const errs: FieldError[] = [];
  if (!uid) errs.push(fieldRequired(fieldPath('metadata', 'uid')));
  const labels = strMap(obj(obj(spec['template'])?.['metadata'])?.['labels']);
  const tp = fieldPath('spec', 'template', 'metadata');
  const expected: Record<string, string> = {};
  for (const [key, value] of [
    ['controller-uid', uid],
    ['job-name', name],
    ['batch.kubernetes.io/controller-uid', uid],
    ['batch.kubernetes.io/job-name', name],
  ] as const) {
    const actual = labels?.[key];
    if (actual === undefined) errs.push(fieldRequired(tp.child('labels').key(key), `must be '${value}'`));
    else if (actual !== value)
      errs.push(fieldInvalid(tp.child('labels').key(key), goLabels(labels), `must be '${value}'`));
    expected[key] = value;
  }
  if (selectorConverts(spec['selector']) && !selectorMatches(spec['selector'], expected)) {
    errs.push(
      fieldInvalid(
        fieldPath('spec', 'selector'),
        goLabelSelector(spec['selector']),
        '`selector` not auto-generated',
      ),
    );
  }
  return errs;
}

/** Upstream's ValidateJob (metadata aside). */
export function validateJob(job: Json): FieldError[] {
  const spec = obj(job['spec']) ?? {};
  const errs = [...validateGeneratedSelector(job), ...validateJobSpec(spec, fieldPath('spec'))];
  const completions = optNum(spec['completions']);
  if (str(spec['completionMode']) === 'Indexed' && completions !== undefined && completions > 0) {
    const name = str(obj(job['metadata'])?.['name']);
    const hostname = `${name}-${completions - 1}`;
    if (isDNS1123Label(hostname).length > 0) {
      errs.push(
        fieldInvalid(
          fieldPath('metadata', 'name'),
          name,
          `will not able to create pod with invalid DNS label: ${hostname}`,
        ),
      );
    }
  }
  return errs;
}

function templateForComparison(spec: Json, oldSpec: Json): { next: unknown; prev: unknown } {
  const next = spec['template'];
  const prev: Json = structuredClone(obj(oldSpec['template']) ?? {});
  // A suspended Job that never started may change its scheduling directives (JobMutableNodeSchedulingDirectives).
  if (oldSpec['suspend'] === true) {
    const nspec = obj(obj(next)?.['spec']) ?? {};
    const pspec = (obj(prev['spec']) ?? {}) as Json;
    for (const f of ['nodeSelector', 'tolerations', 'schedulingGates']) pspec[f] = nspec[f];
    const naff = obj(nspec['affinity']);
    const paff = obj(pspec['affinity']);
    if (naff && paff) pspec['affinity'] = { ...paff, nodeAffinity: naff['nodeAffinity'] };
    else if (naff) pspec['affinity'] = { nodeAffinity: naff['nodeAffinity'] };
    else if (paff)
      pspec['affinity'] = Object.keys(paff).some((k) => k !== 'nodeAffinity')
        ? { ...paff, nodeAffinity: undefined }
        : undefined;
    const nmeta = obj(obj(next)?.['metadata']) ?? {};
    prev['metadata'] = {
      ...(obj(prev['metadata']) ?? {}),
      labels: nmeta['labels'],
      annotations: nmeta['annotations'],
    };
    prev['spec'] = pspec;
  }
  return { next, prev };
}

/** Upstream's Job strategy update rules: ValidateJob plus ValidateJobUpdate (metadata aside). */
export function validateJobUpdate(job: Json, old: Json): FieldError[] {
  const spec = obj(job['spec']) ?? {};
  const oldSpec = obj(old['spec']) ?? {};
  const path = fieldPath('spec');
  const errs = validateJob(job);
  const completions = spec['completions'];
  const indexed = str(spec['completionMode']) === 'Indexed';
  if (!indexed || !deepEqual(completions ?? null, oldSpec['completions'] ?? null)) {
    if (!indexed)
      errs.push(...validateImmutableField(completions, oldSpec['completions'], path.child('completions')));
    else if (typeof completions === 'number' && completions !== optNum(spec['parallelism'])) {
      errs.push(
        fieldInvalid(
          path.child('completions'),
          completions,
          'can only be modified in tandem with spec.parallelism',
        ),
      );
    }
  }
  errs.push(
    ...validateImmutableField(
      spec['selector'],
      oldSpec['selector'],
      path.child('selector'),
      goLabelSelector(spec['selector']),
    ),
  );
  const { next, prev } = templateForComparison(spec, oldSpec);
  errs.push(...validateImmutableField(next, prev, path.child('template')));
  for (const f of [
    'completionMode',
    'podFailurePolicy',
    'backoffLimitPerIndex',
    'managedBy',
    'successPolicy',
  ]) {
    errs.push(...validateImmutableField(spec[f], oldSpec[f], path.child(f)));
  }
  return errs;
}

/** Upstream's ValidateJobTemplateSpec (a CronJob's jobTemplate). */
function validateJobTemplate(template: Json, path: FieldPath): FieldError[] {
  const spec = obj(template['spec']) ?? {};
  const sp = path.child('spec');
  const errs = validateJobSpecFields(spec, sp);
  if (spec['selector'] != null)
    errs.push(
      fieldInvalid(
        sp.child('selector'),
        goLabelSelector(spec['selector']),
        '`selector` will be auto-generated',
      ),
    );
  if (spec['manualSelector'] === true)
    errs.push(fieldNotSupported(sp.child('manualSelector'), true, ['nil', 'false']));
  return errs;
}

function validateCronJobSpec(spec: Json, oldSpec: Json | undefined): FieldError[] {
  const path = fieldPath('spec');
  const errs: FieldError[] = [];
  const schedule = str(spec['schedule']);
  const timeZone = optStr(spec['timeZone']);
  if (!schedule) errs.push(fieldRequired(path.child('schedule')));
  else {
    const problem = cronScheduleError(schedule);
    if (problem) errs.push(fieldInvalid(path.child('schedule'), schedule, problem));
    const allowTZ = oldSpec !== undefined && str(oldSpec['schedule']).includes('TZ');
    if (allowTZ && schedule.includes('TZ') && timeZone !== undefined) {
      errs.push(
        fieldInvalid(
          path.child('schedule'),
          schedule,
          'cannot use both timeZone field and TZ or CRON_TZ in schedule',
        ),
      );
    } else if (!allowTZ && schedule.includes('TZ')) {
      errs.push(
        fieldInvalid(
          path.child('schedule'),
          schedule,
          'cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
        ),
      );
    }
  }
  const deadline = optNum(spec['startingDeadlineSeconds']);
  if (deadline !== undefined)
    errs.push(...validateNonnegativeField(deadline, path.child('startingDeadlineSeconds')));
  if (oldSpec === undefined || optStr(oldSpec['timeZone']) !== timeZone)
    errs.push(...validateTimeZone(timeZone, path.child('timeZone')));
  const policy = str(spec['concurrencyPolicy']);
  if (policy === '') errs.push(fieldRequired(path.child('concurrencyPolicy')));
  else if (!['Allow', 'Forbid', 'Replace'].includes(policy))
    errs.push(fieldNotSupported(path.child('concurrencyPolicy'), policy, ['Allow', 'Forbid', 'Replace']));
  errs.push(...validateJobTemplate(obj(spec['jobTemplate']) ?? {}, path.child('jobTemplate')));
  for (const f of ['successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) {
    const v = optNum(spec[f]);
    if (v !== undefined) errs.push(...validateNonnegativeField(v, path.child(f)));
  }
  return errs;
}

function validateTimeZone(zone: string | undefined, path: FieldPath): FieldError[] {
  if (zone === undefined) return [];
  if (zone === '') return [fieldInvalid(path, zone, 'timeZone must be nil or non-empty string')];
  for (const part of zone.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !/^[A-Za-z.\-_0-9+]{1,14}$/.test(part)) {
      return [fieldInvalid(path, zone, `unknown time zone ${zone}`)];
    }
  }
  const errs: FieldError[] = [];
  if (zone.toLowerCase() === 'local') {
    errs.push(
      fieldInvalid(
        path,
        zone,
        'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
      ),
    );
  }
  if (!isKnownTimeZone(zone) || zone === 'Local')
    errs.push(fieldInvalid(path, zone, `unknown time zone ${zone}`));
  return errs;
}

/** Upstream's ValidateCronJobCreate (metadata aside, but with its 52-character name limit). */
export function validateCronJob(cronJob: Json): FieldError[] {
  const errs = validateCronJobSpec(obj(cronJob['spec']) ?? {}, undefined);
  const name = str(obj(cronJob['metadata'])?.['name']);
  if (name.length > 52)
    errs.push(fieldInvalid(fieldPath('metadata', 'name'), name, 'must be no more than 52 characters'));
  return errs;
}

/** Upstream's ValidateCronJobUpdate (metadata aside; the name limit is not re-checked). */
export function validateCronJobUpdate(cronJob: Json, old: Json): FieldError[] {
  return validateCronJobSpec(obj(cronJob['spec']) ?? {}, obj(old['spec']) ?? {});
}

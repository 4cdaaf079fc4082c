import type { CronJob, Job, JobSpec, PodFailurePolicy } from 'kubernetes-types/batch/v1.js';
import type { KubeObject } from '../object.js';
import { defaultPodTemplateSpec } from './core-pod.js';
import { ensureStruct, hasEntries, markNestedMeta, struct, structs, view } from './fields.js';

/** With backoffLimitPerIndex the global limit is effectively off: math.MaxInt32. */
const unlimitedBackoff = 2147483647;

/** onPodConditions patterns match condition status True unless told otherwise. */
function defaultPodFailurePolicy(policy: PodFailurePolicy | undefined): void {
  for (const rule of structs(struct(policy)?.rules)) {
    for (const pattern of structs(rule.onPodConditions)) pattern.status ||= 'True';
  }
}

/** SetDefaults_Job (batch/v1); the caller handles the Job's own labels. */
function defaultJobSpec(spec: JobSpec): void {
  // Neither completions nor parallelism: a plain single-pod job.
  if (spec.completions == null && spec.parallelism == null) spec.completions = 1;
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex == null ? 6 : unlimitedBackoff;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  defaultPodFailurePolicy(spec.podFailurePolicy);
  spec.podReplacementPolicy ??= spec.podFailurePolicy == null ? 'TerminatingOrFailed' : 'Failed';
  spec.manualSelector ??= false;
}

/**
 * Job (batch/v1). Its labels default to the template's: upstream shares one map between the two
 * and also applies this on every read from storage, which is how a Job shows the selector labels
 * its strategy added to the template (callers should run defaults after prepareForCreate too).
 */
export function defaultJob(object: KubeObject): void {
  const job = view<Job>(object);
  const spec = ensureStruct(job, 'spec');
  if (!spec) return;
  defaultJobSpec(spec);
  const template = ensureStruct(spec, 'template');
  const labels = struct(struct(template?.metadata)?.labels);
  const meta = ensureStruct(job, 'metadata');
  if (meta && hasEntries(labels) && !hasEntries(meta.labels)) meta.labels = { ...labels };
  if (template) defaultPodTemplateSpec(template);
}

/**
 * CronJob (batch/v1): Allow, not suspended, keep 3 successful and 1 failed job. The job template
 * only gets its pod template's defaults (SetDefaults_Job needs a Job) and the pod failure policy
 * pattern default (upstream's later fix for templates, kubernetes#131525).
 */
export function defaultCronJob(object: KubeObject): void {
  const spec = ensureStruct(view<CronJob>(object), 'spec');
  if (!spec) return;
  spec.concurrencyPolicy ||= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  const jobTemplate = ensureStruct(spec, 'jobTemplate');
  if (!jobTemplate) return;
  markNestedMeta(jobTemplate);
  const jobSpec = ensureStruct(jobTemplate, 'spec');
  if (!jobSpec) return;
  defaultPodFailurePolicy(jobSpec.podFailurePolicy);
  const template = ensureStruct(jobSpec, 'template');
  if (template) defaultPodTemplateSpec(template);
}

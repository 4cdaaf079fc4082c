// The selector upstream's Job strategy generates on create (generateSelector): pure, so the
// apiserver's Job strategy and the Job controller (for Jobs stored without one) share it.
import type { Job } from 'kubernetes-types/batch/v1.js';

const legacyJobNameLabel = 'job-name';
const jobNameLabel = 'batch.kubernetes.io/job-name';
const legacyControllerUidLabel = 'controller-uid';
const controllerUidLabel = 'batch.kubernetes.io/controller-uid';

/**
 * The Job with its generated selector, as upstream's Job strategy makes it on create unless
 * spec.manualSelector is true: the template gets the job-name and controller-uid labels (legacy
 * and batch.kubernetes.io/ forms, keeping values the user set, which validation then judges) and
 * the selector matches batch.kubernetes.io/controller-uid=<uid>. Needs metadata.uid and name.
 * Returns a new object; `job` is not modified.
 */
export function generateJobSelector<T extends Job>(job: T): T {
  if (job.spec?.manualSelector === true) return job;
  const copy = structuredClone(job);
  const name = copy.metadata?.name ?? '';
  const uid = copy.metadata?.uid ?? '';
  const spec = copy.spec!;
  const template = (spec.template ??= {});
  const labels = { ...template.metadata?.labels };
  for (const key of [legacyJobNameLabel, jobNameLabel]) labels[key] ??= name;
  for (const key of [legacyControllerUidLabel, controllerUidLabel]) labels[key] ??= uid;
  template.metadata = { ...template.metadata, labels };
  const matchLabels = { ...spec.selector?.matchLabels };
  matchLabels[controllerUidLabel] ??= uid;
  spec.selector = { ...spec.selector, matchLabels };
  return copy;
}

/** The Job as the controller works with it: with a generated selector when it still lacks one. */
export function effectiveJob(job: Job): Job {
  if (job.spec?.selector || job.spec?.manualSelector === true) return job;
  return generateJobSelector(job);
}

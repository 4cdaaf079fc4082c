// How the Job controller reads its pods under the Job's policies: which count as failed, which
// terminating pods still hold their place, restarts against backoffLimit (upstream's helpers in
// job_controller.go).
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { jobTrackingFinalizer } from './job-labels.js';

/** The pod still carries the tracking finalizer (it has not been counted yet). */
export function hasTrackingFinalizer(pod: Pod): boolean {
  return (pod.metadata?.finalizers ?? []).includes(jobTrackingFinalizer);
}

/**
 * Replacement pods are created only once the old one failed (podReplacementPolicy Failed, implied
 * by a podFailurePolicy), not while it terminates.
 */
export function onlyReplaceFailedPods(job: Job): boolean {
  return job.spec?.podReplacementPolicy === 'Failed' || job.spec?.podFailurePolicy !== undefined;
}

/** Failed phase, or — unless only failed pods are replaced — deleted before it succeeded. */
export function isPodFailed(pod: Pod, job: Job): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  // Deleted pods count as failed, for orphans that never reach the Failed phase.
  return !!pod.metadata?.deletionTimestamp && phase !== 'Succeeded';
}

/** For restartPolicy OnFailure: the container restarts of running pods reached backoffLimit. */
export function pastBackoffLimitOnFailure(job: Job, pods: readonly Pod[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const pod of pods) {
    const phase = pod.status?.phase;
    if (phase !== 'Running' && phase !== 'Pending') continue;
    for (const s of pod.status?.initContainerStatuses ?? []) restarts += s.restartCount ?? 0;
    for (const s of pod.status?.containerStatuses ?? []) restarts += s.restartCount ?? 0;
  }
  const limit = job.spec?.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

/** spec.suspend is true. */
export function isSuspended(job: Job): boolean {
  return job.spec?.suspend === true;
}

/** backoffLimitPerIndex is set (JobBackoffLimitPerIndex is on by default since 1.29). */
export function hasBackoffLimitPerIndex(job: Job): boolean {
  return job.spec?.backoffLimitPerIndex !== undefined && job.spec.backoffLimitPerIndex !== null;
}

/** True when another controller named in spec.managedBy owns the Job. */
export function managedByOtherController(job: Job, ownName: string): boolean {
  const managedBy = job.spec?.managedBy;
  return managedBy !== undefined && managedBy !== ownName;
}

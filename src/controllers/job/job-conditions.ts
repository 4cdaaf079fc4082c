// Job conditions (upstream's newCondition, ensureJobConditionStatus, IsJobFinished): Complete and
// Failed are terminal; SuccessCriteriaMet and FailureTarget announce them while the last pods are
// still being cleaned up; Suspended says whether the Job is paused.
import type { Job, JobCondition } from 'kubernetes-types/batch/v1.js';
import { formatRfc3339 } from '../../base/rfc3339.js';

/** A True/False condition stamped at `nowMs`. */
export function newJobCondition(
  type: string,
  status: 'True' | 'False',
  reason: string,
  message: string,
  nowMs: number,
): JobCondition {
  const at = formatRfc3339(nowMs);
  return { type, status, lastProbeTime: at, lastTransitionTime: at, reason, message };
}

/** The condition of `type`. */
export function findJobCondition(
  conditions: readonly JobCondition[] | undefined,
  type: string,
): JobCondition | undefined {
  return conditions?.find((c) => c.type === type);
}

/**
 * Sets a condition's status, reason and message, appending it when new (but never appending one
 * that would start out False). Returns the list and whether it changed.
 */
export function ensureJobCondition(
  list: readonly JobCondition[],
  type: string,
  status: 'True' | 'False',
  reason: string,
  message: string,
  nowMs: number,
): { conditions: JobCondition[]; changed: boolean } {
  const index = list.findIndex((c) => c.type === type);
  if (index >= 0) {
    const c = list[index]!;
    if (c.status === status && (c.reason ?? '') === reason && (c.message ?? '') === message)
      return { conditions: [...list], changed: false };
    const next = [...list];
    next[index] = newJobCondition(type, status, reason, message, nowMs);
    return { conditions: next, changed: true };
  }
  if (status === 'False') return { conditions: [...list], changed: false };
  return { conditions: [...list, newJobCondition(type, status, reason, message, nowMs)], changed: true };
}

/** The terminal condition (Complete or Failed, True), if any. */
export function finishedCondition(job: Job): JobCondition | undefined {
  return job.status?.conditions?.find(
    (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );
}

/** True once the Job has a True Complete or Failed condition. */
export function isJobFinished(job: Job): boolean {
  return finishedCondition(job) !== undefined;
}

/** The Job's True SuccessCriteriaMet condition, if any. */
export function successCriteriaMet(job: Job): JobCondition | undefined {
  const c = findJobCondition(job.status?.conditions, 'SuccessCriteriaMet');
  return c?.status === 'True' ? c : undefined;
}

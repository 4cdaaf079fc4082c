// When a finished Job's ttlSecondsAfterFinished runs out (upstream's timeLeft): from the
// transition time of its Complete or Failed condition.
import type { Job } from 'kubernetes-types/batch/v1.js';
import { finishedCondition } from '../job/job-conditions.js';
import { timeMs } from '../shared/workload-pod-state.js';

/** A Job finished and has a TTL, so this controller must eventually delete it. */
export function needsCleanup(job: Job): boolean {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  return ttl !== undefined && ttl !== null && finishedCondition(job) !== undefined;
}

/** When the Job finished and when it expires; throws when the finish time is missing. */
export function finishAndExpireTime(job: Job): { finishAt: number; expireAt: number } {
  const ns = job.metadata?.namespace ?? '';
  const name = job.metadata?.name ?? '';
  if (!needsCleanup(job)) throw new Error(`job ${ns}/${name} should not be cleaned up`);
  const finishAt = timeMs(finishedCondition(job)?.lastTransitionTime);
  if (finishAt === undefined) throw new Error(`unable to find the time when the Job ${ns}/${name} finished`);
  return { finishAt, expireAt: finishAt + (job.spec?.ttlSecondsAfterFinished ?? 0) * 1000 };
}

/** Milliseconds until the Job expires (≤ 0 once expired) and its expiry time. */
export function timeLeft(job: Job, nowMs: number): { remainingMs: number; expireAt: number } {
  const { expireAt } = finishAndExpireTime(job);
  return { remainingMs: expireAt - nowMs, expireAt };
}

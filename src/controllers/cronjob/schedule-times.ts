// Which scheduled time a CronJob is due for (upstream's mostRecentScheduleTime, nextScheduleTime
// and nextScheduleTimeDuration): the most recent activation since the last one (or since creation,
// or since now − startingDeadlineSeconds), how many were missed, and when to look again.
import type { CronJob } from 'kubernetes-types/batch/v1.js';
import { timeMs } from '../shared/workload-pod-state.js';
import type { CronSchedule } from './cron-schedule.js';

/** Extra wait past the next activation, against clock skew (upstream's nextScheduleDelta). */
export const nextScheduleDeltaMs = 100;

/** More missed activations than this are reported as TooManyMissedTimes. */
export const tooManyMissedThreshold = 100;

/** How many activations went by unscheduled. */
export type MissedSchedules = 'none' | 'few' | 'many';

/** The outcome of mostRecentScheduleTime. */
export interface RecentSchedule {
  /** The time the search started from. */
  readonly earliest: number;
  /** The latest activation at or before now, if any. */
  readonly mostRecent: number | undefined;
  readonly missed: MissedSchedules;
}

/** Thrown for schedules whose activations are not at least a second apart (e.g. Feb 30). */
export class InvalidScheduleError extends Error {
  override readonly name = 'InvalidScheduleError';
}

/** Finds the most recent activation in (earliest, now]. */
export function mostRecentScheduleTime(
  cj: CronJob,
  nowMs: number,
  schedule: CronSchedule,
  includeStartingDeadlineSeconds: boolean,
): RecentSchedule {
  let earliest = timeMs(cj.status?.lastScheduleTime) ?? timeMs(cj.metadata?.creationTimestamp) ?? 0;
  const deadline = cj.spec?.startingDeadlineSeconds;
  if (includeStartingDeadlineSeconds && deadline !== undefined && deadline !== null) {
    // Nothing older than the starting deadline will be started anyway.
    earliest = Math.max(earliest, nowMs - deadline * 1000);
  }
  const t1 = schedule.next(earliest);
  const t2 = t1 === undefined ? undefined : schedule.next(t1);
  if (t1 !== undefined && nowMs < t1) return { earliest, mostRecent: undefined, missed: 'none' };
  if (t2 !== undefined && nowMs < t2) return { earliest, mostRecent: t1, missed: 'none' };
  const between = t1 === undefined || t2 === undefined ? 0 : Math.round((t2 - t1) / 1000);
  if (between < 1)
    throw new InvalidScheduleError('time difference between two schedules is less than 1 second');
  // A rough count of missed activations from the spacing of the first two, as upstream does.
  const missedCount = Math.trunc((nowMs - t1!) / 1000 / between) + 1;
  // Start one interval before the estimate so irregular schedules still land on the latest one.
  const potentialEarliest = t1! + (missedCount - 2) * between * 1000;
  let mostRecent: number | undefined;
  for (let t = schedule.next(potentialEarliest); t !== undefined && t <= nowMs; t = schedule.next(t))
    mostRecent = t;
  const missed: MissedSchedules =
    missedCount > tooManyMissedThreshold ? 'many' : missedCount > 0 ? 'few' : 'none';
  return { earliest, mostRecent, missed };
}

/** How long until the CronJob should be looked at again (with the skew padding). */
export function nextScheduleTimeDuration(cj: CronJob, nowMs: number, schedule: CronSchedule): number {
  let base: number;
  try {
    const r = mostRecentScheduleTime(cj, nowMs, schedule, false);
    base = r.mostRecent ?? (r.missed === 'none' ? r.earliest : nowMs);
  } catch {
    // Still requeue at some point: aim for the next slot from now.
    base = nowMs;
  }
  const next = schedule.next(base) ?? nowMs;
  return next + nextScheduleDeltaMs - nowMs;
}

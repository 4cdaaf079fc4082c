// One sync of one Job (upstream's syncJob): gather its pods, decide whether it has failed
// (podFailurePolicy, backoffLimit, activeDeadlineSeconds, failed indexes) or met its success
// criteria, otherwise manage its pods and Suspended condition, then track finished pods.
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { formatRfc3339 } from '../../base/rfc3339.js';
import { objectReference } from '../shared/workload-owner-refs.js';
import { isPodActive, isPodReady, isPodTerminating, timeMs } from '../shared/workload-pod-state.js';
import {
  completionIndexOf,
  indexAbsoluteFailureCount,
  indexFailureCount,
  indexesOf,
  isIndexedJob,
} from './completion-index.js';
import { podFinishedTime } from './job-backoff.js';
import {
  ensureJobCondition,
  findJobCondition,
  newJobCondition,
  successCriteriaMet,
} from './job-conditions.js';
import { jobKind } from './job-labels.js';
import { deleteActivePods, manageJob } from './job-manage.js';
import {
  hasBackoffLimitPerIndex,
  hasTrackingFinalizer,
  isPodFailed,
  isSuspended,
  pastBackoffLimitOnFailure,
} from './job-pods.js';
import type { JobDeps, SyncJobCtx } from './job-sync-context.js';
import { trackJobStatusAndRemoveFinalizers } from './job-tracking.js';
import { hasIndex, parseIntervals, totalIndexes, withIndexes, type Interval } from './ordered-intervals.js';
import { matchPodFailurePolicy } from './pod-failure-policy.js';
import { matchSuccessPolicy } from './success-policy.js';

// Pods not counted yet (finalizer on, not in the uncounted lists, valid index) passing `filter`.
function validPods(
  ctx: Omit<SyncJobCtx, 'newBackoffRecord'>,
  uncounted: ReadonlySet<string>,
  filter: (p: Pod) => boolean,
): Pod[] {
  const completions = ctx.job.spec?.completions ?? 0;
  return ctx.pods.filter((p) => {
    const uid = p.metadata?.uid ?? '';
    if (!hasTrackingFinalizer(p) || uncounted.has(uid) || ctx.expectedRmFinalizers.has(uid)) return false;
    if (isIndexedJob(ctx.job)) {
      const ix = completionIndexOf(p);
      if (ix < 0 || ix >= completions) return false;
    }
    return filter(p);
  });
}

function calculateSucceededIndexes(job: Job, pods: readonly Pod[]): { prev: Interval[]; next: Interval[] } {
  const completions = job.spec?.completions ?? 0;
  const prev = parseIntervals(job.status?.completedIndexes, completions);
  const fresh = new Set<number>();
  for (const p of pods) {
    const ix = completionIndexOf(p);
    if (p.status?.phase === 'Succeeded' && ix >= 0 && ix < completions && hasTrackingFinalizer(p))
      fresh.add(ix);
  }
  return {
    prev,
    next: withIndexes(
      prev,
      [...fresh].sort((a, b) => a - b),
    ),
  };
}

function isIndexFailed(job: Job, pod: Pod): boolean {
  if (!isPodFailed(pod, job)) return false;
  const verdict = matchPodFailurePolicy(job.spec?.podFailurePolicy, pod);
  if (verdict.action === 'FailIndex') return true;
  return verdict.countFailed && indexFailureCount(pod) >= (job.spec?.backoffLimitPerIndex ?? 0);
}

function calculateFailedIndexes(job: Job, pods: readonly Pod[]): Interval[] {
  const completions = job.spec?.completions ?? 0;
  const prev = parseIntervals(job.status?.failedIndexes, completions);
  const fresh = new Set<number>();
  for (const p of pods) {
    const ix = completionIndexOf(p);
    if (ix >= 0 && ix < completions && hasTrackingFinalizer(p) && isIndexFailed(job, p)) fresh.add(ix);
  }
  return withIndexes(
    prev,
    [...fresh].sort((a, b) => a - b),
  );
}

// Per index, the last failed pod whose deletion waits until its replacement copied the count.
function podsWithDelayedDeletion(ctx: Omit<SyncJobCtx, 'newBackoffRecord'>): Map<number, Pod> {
  const active = new Set(indexesOf(ctx.activePods));
  const result = new Map<number, Pod>();
  const completions = ctx.job.spec?.completions ?? 0;
  validPods(ctx, new Set(), (p) => {
    if (!isPodFailed(p, ctx.job)) return false;
    const ix = completionIndexOf(p);
    if (ix < 0 || ix >= completions) return false;
    if (hasIndex(ctx.succeededIndexes, ix) || hasIndex(ctx.failedIndexes, ix) || active.has(ix)) return false;
    const last = result.get(ix);
    if (
      last === undefined ||
      (indexAbsoluteFailureCount(last) <= indexAbsoluteFailureCount(p) &&
        podFinishedTime(p) >= podFinishedTime(last))
    )
      result.set(ix, p);
    return false;
  });
  return result;
}

function newFailureTarget(reason: string, message: string, nowMs: number) {
  // 1.32 (JobManagedBy and JobPodReplacementPolicy on): failures are announced as FailureTarget,
  // and Failed follows once no pod is left running.
  return newJobCondition('FailureTarget', 'True', reason, message, nowMs);
}

/** Syncs one Job whose pods are `pods` (claimed, finalizers added to adopted ones). */
export async function syncJob(
  deps: JobDeps,
  key: string,
  job: Job,
  pods: readonly Pod[],
  satisfiedExpectations: boolean,
): Promise<void> {
  const now = deps.clock.now();
  const status = (job.status ??= {});
  const uncounted = (status.uncountedTerminatedPods ??= {});
  const activePods = pods.filter(isPodActive);
  const base = {
    key,
    job,
    pods,
    activePods,
    finishedCondition: undefined,
    succeeded: 0,
    failed: 0,
    prevSucceededIndexes: [] as Interval[],
    succeededIndexes: [] as Interval[],
    failedIndexes: undefined as Interval[] | undefined,
    expectedRmFinalizers: deps.finalizerExpectations.expected(key),
    uncountedSucceeded: new Set(uncounted.succeeded ?? []),
    uncountedFailed: new Set(uncounted.failed ?? []),
    podsWithDelayedDeletionPerIndex: new Map<number, Pod>(),
    terminating: pods.filter(isPodTerminating).length,
    ready: activePods.filter(isPodReady).length,
  };
  let active = activePods.length;
  const newSucceeded = validPods(base, base.uncountedSucceeded, (p) => p.status?.phase === 'Succeeded');
  const newFailed = validPods(base, base.uncountedFailed, (p) => isPodFailed(p, job));
  const counted = newFailed.filter(
    (p) => matchPodFailurePolicy(job.spec?.podFailurePolicy, p).countFailed,
  ).length;
  const ctx: SyncJobCtx = {
    ...base,
    succeeded: (status.succeeded ?? 0) + newSucceeded.length + base.uncountedSucceeded.size,
    failed: (status.failed ?? 0) + counted + base.uncountedFailed.size,
    newBackoffRecord: deps.backoff.newRecord(key, newSucceeded, newFailed),
  };
  // First start: startTime is set only when the Job is not suspended.
  if (status.startTime === undefined && !isSuspended(job)) status.startTime = formatRfc3339(now);

  ctx.finishedCondition = successCriteriaMet(job);
  // With SuccessCriteriaMet already recorded, the failure policy no longer applies.
  if (ctx.finishedCondition === undefined) {
    const target = findJobCondition(status.conditions, 'FailureTarget');
    if (target?.status === 'True') {
      ctx.finishedCondition = newJobCondition(
        'Failed',
        'True',
        target.reason ?? '',
        target.message ?? '',
        now,
      );
    } else if (job.spec?.podFailurePolicy !== undefined) {
      for (const p of pods) {
        if (!isPodFailed(p, job)) continue;
        const message = matchPodFailurePolicy(job.spec.podFailurePolicy, p).failJobMessage;
        if (message !== undefined) {
          ctx.finishedCondition = newJobCondition('FailureTarget', 'True', 'PodFailurePolicy', message, now);
          break;
        }
      }
    }
  }
  const ads = job.spec?.activeDeadlineSeconds;
  if (ctx.finishedCondition === undefined) {
    const started = timeMs(status.startTime);
    if (ctx.failed > (job.spec?.backoffLimit ?? 6) || pastBackoffLimitOnFailure(job, pods)) {
      ctx.finishedCondition = newFailureTarget(
        'BackoffLimitExceeded',
        'Job has reached the specified backoff limit',
        now,
      );
    } else if (
      ads !== undefined &&
      ads !== null &&
      started !== undefined &&
      !isSuspended(job) &&
      now - started >= ads * 1000
    ) {
      ctx.finishedCondition = newFailureTarget(
        'DeadlineExceeded',
        'Job was active longer than specified deadline',
        now,
      );
    } else if (ads !== undefined && ads !== null && started !== undefined && !isSuspended(job)) {
      deps.enqueueAfter(key, ads * 1000 - (now - started));
    }
  }
  if (isIndexedJob(job)) {
    const completions = job.spec?.completions ?? 0;
    const { prev, next } = calculateSucceededIndexes(job, pods);
    ctx.prevSucceededIndexes = prev;
    ctx.succeededIndexes = next;
    ctx.succeeded = totalIndexes(next);
    if (hasBackoffLimitPerIndex(job)) {
      ctx.failedIndexes = calculateFailedIndexes(job, pods);
      const failedCount = totalIndexes(ctx.failedIndexes);
      if (ctx.finishedCondition === undefined) {
        const maxFailed = job.spec?.maxFailedIndexes;
        if (maxFailed !== undefined && maxFailed !== null && failedCount > maxFailed)
          ctx.finishedCondition = newFailureTarget(
            'MaxFailedIndexesExceeded',
            'Job has exceeded the specified maximal number of failed indexes',
            now,
          );
        else if (failedCount > 0 && failedCount + totalIndexes(next) >= completions)
          ctx.finishedCondition = newFailureTarget('FailedIndexes', 'Job has failed indexes', now);
      }
      ctx.podsWithDelayedDeletionPerIndex = podsWithDelayedDeletion(ctx);
    }
    if (ctx.finishedCondition === undefined) {
      const message = matchSuccessPolicy(job.spec?.successPolicy, completions, next);
      if (message !== undefined)
        ctx.finishedCondition = newJobCondition('SuccessCriteriaMet', 'True', 'SuccessPolicy', message, now);
    }
  }

  let suspendChanged = false;
  let manageError: unknown;
  if (ctx.finishedCondition !== undefined) {
    const r = await deleteActivePods(deps, ctx);
    // Finish only when every active pod is being deleted and the cache is complete.
    if (r.deleted !== active || !satisfiedExpectations) ctx.finishedCondition = undefined;
    active -= r.deleted;
    ctx.terminating += r.deleted;
    ctx.ready -= r.deletedReady;
    manageError = r.error;
  } else {
    let managed = false;
    if (satisfiedExpectations && !job.metadata?.deletionTimestamp) {
      const r = await manageJob(deps, ctx);
      active = r.active;
      manageError = r.error;
      managed = true;
    }
    const completions = job.spec?.completions;
    const complete =
      completions === undefined || completions === null
        ? ctx.succeeded > 0 && active === 0
        : ctx.succeeded >= completions && active === 0;
    if (complete) {
      ctx.finishedCondition = newJobCondition(
        'SuccessCriteriaMet',
        'True',
        'CompletionsReached',
        'Reached expected number of succeeded pods',
        now,
      );
    } else if (managed) {
      // Conditions and events only change in a sync that managed the pods.
      const ref = objectReference(job, jobKind);
      if (isSuspended(job)) {
        const r = ensureJobCondition(
          status.conditions ?? [],
          'Suspended',
          'True',
          'JobSuspended',
          'Job suspended',
          now,
        );
        status.conditions = r.conditions;
        if (r.changed) {
          suspendChanged = true;
          deps.recorder.event(ref, 'Normal', 'Suspended', 'Job suspended');
        }
      } else {
        const r = ensureJobCondition(
          status.conditions ?? [],
          'Suspended',
          'False',
          'JobResumed',
          'Job resumed',
          now,
        );
        status.conditions = r.conditions;
        if (r.changed) {
          suspendChanged = true;
          deps.recorder.event(ref, 'Normal', 'Resumed', 'Job resumed');
          // activeDeadlineSeconds counts continuous activity: a resumed Job starts anew.
          status.startTime = formatRfc3339(now);
        }
      }
    }
  }
  const needsStatusUpdate =
    suspendChanged ||
    active !== (status.active ?? 0) ||
    ctx.ready !== status.ready ||
    ctx.terminating !== status.terminating;
  status.active = active;
  status.ready = ctx.ready;
  status.terminating = ctx.terminating;
  await trackJobStatusAndRemoveFinalizers(deps, ctx, needsStatusUpdate);
  if (manageError !== undefined) throw manageError;
}

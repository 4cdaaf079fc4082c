// Counting finished pods exactly once (upstream's trackJobStatusAndRemoveFinalizers): a finished
// pod's UID goes into status.uncountedTerminatedPods first, then its tracking finalizer is removed,
// then it moves into the succeeded/failed counters. The terminal condition is only set once nothing
// is left uncounted and no pod is still terminating.
import type { Job, JobCondition, JobStatus } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isStatusError } from '../../machinery/errors/index.js';
import { objectReference } from '../shared/workload-owner-refs.js';
import { completionIndexOf, isIndexedJob } from './completion-index.js';
import { ensureJobCondition, newJobCondition, successCriteriaMet } from './job-conditions.js';
import { jobKind } from './job-labels.js';
import { removeTrackingFinalizerPatch } from './job-manage.js';
import { hasBackoffLimitPerIndex, hasTrackingFinalizer, isPodFailed } from './job-pods.js';
import { maxUncountedPods, type JobDeps, type SyncJobCtx } from './job-sync-context.js';
import { formatIntervals, hasIndex, totalIndexes, withIndexes } from './ordered-intervals.js';
import { matchPodFailurePolicy } from './pod-failure-policy.js';
import { jobStatusOmitEmpty, omitEmpty } from '../shared/go-omit-empty.js';

function isSuccessCriteriaMet(c: JobCondition | undefined): boolean {
  return c?.type === 'SuccessCriteriaMet' && c.status === 'True';
}

// Moves UIDs whose finalizer is gone from the uncounted lists into the counters.
function cleanUncounted(status: JobStatus, withFinalizer: ReadonlySet<string>): boolean {
  const uncounted = (status.uncountedTerminatedPods ??= {});
  let changed = false;
  const succeeded = (uncounted.succeeded ?? []).filter((uid) => withFinalizer.has(uid));
  if (succeeded.length !== (uncounted.succeeded ?? []).length) {
    changed = true;
    status.succeeded = (status.succeeded ?? 0) + (uncounted.succeeded ?? []).length - succeeded.length;
    uncounted.succeeded = succeeded;
  }
  const failed = (uncounted.failed ?? []).filter((uid) => withFinalizer.has(uid));
  if (failed.length !== (uncounted.failed ?? []).length) {
    changed = true;
    status.failed = (status.failed ?? 0) + (uncounted.failed ?? []).length - failed.length;
    uncounted.failed = failed;
  }
  return changed;
}

// The finalizer may go when the Job ends or is deleted, the pod succeeded, or it failed — unless
// it is the last failed pod of its index, kept until its replacement copied its failure count.
function canRemoveFinalizer(ctx: SyncJobCtx, pod: Pod, failed: boolean): boolean {
  if (
    ctx.job.metadata?.deletionTimestamp ||
    ctx.finishedCondition !== undefined ||
    pod.status?.phase === 'Succeeded'
  )
    return true;
  if (!failed) return false;
  if (hasBackoffLimitPerIndex(ctx.job)) {
    const ix = completionIndexOf(pod);
    if (ix >= 0 && ctx.podsWithDelayedDeletionPerIndex.get(ix)?.metadata?.uid === pod.metadata?.uid)
      return false;
  }
  return true;
}

/** Writes the Job's status (the PUT carries the cached resourceVersion, so staleness conflicts). */
export async function writeJobStatus(deps: JobDeps, job: Job): Promise<Job> {
  const status = job.status ?? {};
  const uncounted = status.uncountedTerminatedPods ?? {};
  // Empty lists and zero counters are omitted on the wire, as Go's omitempty does.
  const wire: Job = {
    ...job,
    status: {
      ...omitEmpty(status, jobStatusOmitEmpty),
      uncountedTerminatedPods: {
        ...(uncounted.succeeded?.length ? { succeeded: uncounted.succeeded } : {}),
        ...(uncounted.failed?.length ? { failed: uncounted.failed } : {}),
      },
    },
  };
  return deps.jobs.namespace(job.metadata?.namespace ?? '').updateStatus(wire);
}

async function removeFinalizers(
  deps: JobDeps,
  key: string,
  pods: readonly Pod[],
): Promise<{ removed: Set<string>; error?: unknown }> {
  const uids = pods.map((p) => p.metadata?.uid ?? '');
  deps.finalizerExpectations.expectRemoved(key, uids);
  const removed = new Set<string>();
  let error: unknown;
  await Promise.all(
    pods.map(async (pod) => {
      const uid = pod.metadata?.uid ?? '';
      try {
        await deps.podControl.patch(
          pod.metadata?.namespace ?? '',
          pod.metadata?.name ?? '',
          removeTrackingFinalizerPatch,
        );
        removed.add(uid);
      } catch (err) {
        // No update will be observed for this pod.
        deps.finalizerExpectations.observed(key, uid);
        if (isStatusError(err, 'NotFound')) removed.add(uid);
        else error ??= err;
      }
    }),
  );
  return error === undefined ? { removed } : { removed, error };
}

/** Counts finished pods, removes their finalizers, and sets the terminal condition when due. */
export async function trackJobStatusAndRemoveFinalizers(
  deps: JobDeps,
  ctx: SyncJobCtx,
  needsFlushIn: boolean,
): Promise<void> {
  let needsFlush = needsFlushIn;
  const indexed = isIndexedJob(ctx.job);
  const completions = ctx.job.spec?.completions ?? 0;
  const status = ctx.job.status!;
  const uncounted = (status.uncountedTerminatedPods ??= {});
  uncounted.succeeded ??= [];
  uncounted.failed ??= [];
  const pods = indexed ? [...ctx.pods].sort((a, b) => completionIndexOf(a) - completionIndexOf(b)) : ctx.pods;
  const withFinalizer = new Set<string>();
  for (const p of pods)
    if (hasTrackingFinalizer(p) && !ctx.expectedRmFinalizers.has(p.metadata?.uid ?? ''))
      withFinalizer.add(p.metadata?.uid ?? '');
  if (cleanUncounted(status, withFinalizer)) needsFlush = true;

  const toRemove: Pod[] = [];
  const newSucceededIndexes: number[] = [];
  let reachedMax = false;
  for (const pod of pods) {
    const uid = pod.metadata?.uid ?? '';
    // Pods without the finalizer were counted in an earlier sync.
    if (!hasTrackingFinalizer(pod) || ctx.expectedRmFinalizers.has(uid)) continue;
    const failed = isPodFailed(pod, ctx.job);
    if (!canRemoveFinalizer(ctx, pod, failed)) continue;
    toRemove.push(pod);
    if (pod.status?.phase === 'Succeeded' && !ctx.uncountedFailed.has(uid)) {
      if (indexed) {
        const ix = completionIndexOf(pod);
        if (ix >= 0 && ix < completions && !hasIndex(ctx.prevSucceededIndexes, ix)) {
          newSucceededIndexes.push(ix);
          needsFlush = true;
        }
      } else if (!ctx.uncountedSucceeded.has(uid)) {
        uncounted.succeeded.push(uid);
        needsFlush = true;
      }
    } else if (
      failed ||
      (ctx.finishedCondition !== undefined && !isSuccessCriteriaMet(ctx.finishedCondition))
    ) {
      // Once the Job is over, every pod that did not succeed counts as failed.
      const ix = completionIndexOf(pod);
      if (!ctx.uncountedFailed.has(uid) && (!indexed || (ix >= 0 && ix < completions))) {
        if (matchPodFailurePolicy(ctx.job.spec?.podFailurePolicy, pod).countFailed) {
          uncounted.failed.push(uid);
          needsFlush = true;
        }
      }
    }
    if (
      newSucceededIndexes.length + uncounted.succeeded.length + uncounted.failed.length >=
      maxUncountedPods
    ) {
      // The rest waits for the next sync, which the status and pod updates trigger.
      reachedMax = true;
      break;
    }
  }
  if (indexed) {
    ctx.succeededIndexes = withIndexes(
      ctx.succeededIndexes,
      [...new Set(newSucceededIndexes)].sort((a, b) => a - b),
    );
    const completed = formatIntervals(ctx.succeededIndexes);
    if (completed !== (status.completedIndexes ?? '')) needsFlush = true;
    status.succeeded = totalIndexes(ctx.succeededIndexes);
    status.completedIndexes = completed;
    const failedText = ctx.failedIndexes !== undefined ? formatIntervals(ctx.failedIndexes) : undefined;
    if (failedText !== status.failedIndexes) {
      if (failedText === undefined) delete status.failedIndexes;
      else status.failedIndexes = failedText;
      needsFlush = true;
    }
  }
  const now = deps.clock.now();
  if (ctx.finishedCondition?.type === 'FailureTarget') {
    // The interim condition is stored before finalizers go, so the failure survives a restart.
    status.conditions = [...(status.conditions ?? []), ctx.finishedCondition];
    needsFlush = true;
    ctx.finishedCondition = newJobCondition(
      'Failed',
      'True',
      ctx.finishedCondition.reason ?? '',
      ctx.finishedCondition.message ?? '',
      now,
    );
  }
  if (isSuccessCriteriaMet(ctx.finishedCondition)) {
    if (successCriteriaMet(ctx.job) === undefined) {
      status.conditions = [...(status.conditions ?? []), ctx.finishedCondition!];
      needsFlush = true;
    }
    ctx.finishedCondition = newJobCondition(
      'Complete',
      'True',
      ctx.finishedCondition!.reason ?? '',
      ctx.finishedCondition!.message ?? '',
      now,
    );
  }

  // Flush the uncounted UIDs before touching finalizers, so no pod is ever lost from the counts.
  if (needsFlush) {
    ctx.job = await writeJobStatus(deps, ctx.job);
    deps.backoff.update(ctx.newBackoffRecord);
    needsFlush = false;
  }
  const flushedStatus = ctx.job.status!;
  let removeError: unknown;
  if (toRemove.length > 0) {
    const r = await removeFinalizers(deps, ctx.key, toRemove);
    for (const uid of r.removed) withFinalizer.delete(uid);
    removeError = r.error;
  }
  if (cleanUncounted(flushedStatus, withFinalizer)) needsFlush = true;
  if (removeError !== undefined) {
    if (needsFlush) await writeJobStatus(deps, ctx.job);
    throw removeError;
  }
  const finished = !reachedMax && enactJobFinished(ctx, now);
  if (finished) needsFlush = true;
  if (!needsFlush) return;
  ctx.job = await writeJobStatus(deps, ctx.job);
  if (finished) recordJobFinished(deps, ctx);
}

// Sets Complete or Failed once nothing is left uncounted and no pod still terminates.
function enactJobFinished(ctx: SyncJobCtx, nowMs: number): boolean {
  const cond = ctx.finishedCondition;
  if (cond === undefined) return false;
  const status = ctx.job.status!;
  const uncounted = status.uncountedTerminatedPods;
  if ((uncounted?.succeeded?.length ?? 0) + (uncounted?.failed?.length ?? 0) > 0) return false;
  if (ctx.terminating > 0) return false;
  const { conditions } = ensureJobCondition(
    status.conditions ?? [],
    cond.type,
    'True',
    cond.reason ?? '',
    cond.message ?? '',
    nowMs,
  );
  status.conditions = conditions;
  if (cond.type === 'Complete')
    status.completionTime = conditions.find((c) => c.type === 'Complete')?.lastTransitionTime;
  return true;
}

function recordJobFinished(deps: JobDeps, ctx: SyncJobCtx): void {
  const job = ctx.job;
  const ref = objectReference(job, jobKind);
  const cond = ctx.finishedCondition!;
  if (cond.type === 'Complete') {
    const completions = job.spec?.completions;
    if (completions !== undefined && completions !== null && (job.status?.succeeded ?? 0) > completions)
      deps.recorder.event(
        ref,
        'Warning',
        'TooManySucceededPods',
        'Too many succeeded pods running after completion count reached',
      );
    deps.recorder.event(ref, 'Normal', 'Completed', 'Job completed');
  } else {
    deps.recorder.event(ref, 'Warning', cond.reason ?? '', '%s', cond.message ?? '');
  }
}

// manageJob (upstream): bring the number of active pods to what completions and parallelism ask
// for — delete extras (and every pod of a suspended Job), or create missing ones after the
// failure backoff, each Indexed pod with its own index.
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isStatusError } from '../../machinery/errors/index.js';
import { isNamespaceTerminatingError } from '../shared/namespace-terminating.js';
import { compareActivePodsForRemoval } from '../shared/workload-active-pods.js';
import { podFromTemplate } from '../shared/workload-pod-control.js';
import { isPodReady, isPodTerminating } from '../shared/workload-pod-state.js';
import { slowStartBatch, slowStartInitialBatchSize } from '../shared/workload-slow-start.js';
import {
  addCompletionIndexEnv,
  duplicatedIndexPodsForRemoval,
  firstPendingIndexes,
  indexAbsoluteFailureCount,
  isIndexedJob,
  podGenerateNameWithIndex,
  setCompletionIndex,
  setIndexFailureCounts,
} from './completion-index.js';
import {
  defaultPodFailureBackoffMs,
  maxPodFailureBackoffMs,
  podFinishedTime,
  remainingBackoff,
} from './job-backoff.js';
import { jobKind, jobTrackingFinalizer } from './job-labels.js';
import { hasBackoffLimitPerIndex, isSuspended, onlyReplaceFailedPods } from './job-pods.js';
import { matchPodFailurePolicy } from './pod-failure-policy.js';
import {
  maxPodCreateDeletePerSync,
  syncJobBatchPeriodMs,
  type JobDeps,
  type SyncJobCtx,
} from './job-sync-context.js';

/** The strategic merge patch that drops the tracking finalizer from a pod. */
export const removeTrackingFinalizerPatch = {
  metadata: { [`$deleteFromPrimitiveList/finalizers`]: [jobTrackingFinalizer] },
};

/**
 * Active pods to remove: for Indexed Jobs first those with no, invalid or repeated indexes, then
 * at least `rmAtLeast` in deletion-preference order (not ready, unscheduled, pending first).
 */
export function activePodsForRemoval(job: Job, pods: readonly Pod[], rmAtLeast: number): Pod[] {
  let remove: Pod[] = [];
  let left: Pod[] = [...pods];
  if (isIndexedJob(job)) ({ remove, left } = duplicatedIndexPodsForRemoval(pods, job.spec?.completions ?? 0));
  if (remove.length < rmAtLeast)
    remove = remove.concat(left.sort(compareActivePodsForRemoval).slice(0, rmAtLeast - remove.length));
  return remove;
}

/** How many active pods the Job wants now. */
export function wantedActive(job: Job, active: number, succeeded: number): number {
  const parallelism = job.spec?.parallelism ?? 1;
  const completions = job.spec?.completions;
  // Without completions any success ends the Job: leave whatever runs, start nothing more.
  if (completions === undefined || completions === null) return succeeded > 0 ? active : parallelism;
  return Math.max(0, Math.min(completions - succeeded, parallelism));
}

/**
 * Deletes pods of the Job, removing their tracking finalizer first (they will not be counted):
 * returns how many were deleted and how many of those were ready.
 */
export async function deleteJobPods(
  deps: JobDeps,
  ctx: SyncJobCtx,
  pods: readonly Pod[],
): Promise<{ deleted: number; deletedReady: number; error?: unknown }> {
  let deleted = 0;
  let deletedReady = 0;
  let error: unknown;
  const job = ctx.job;
  await Promise.all(
    pods.map(async (pod) => {
      const ns = pod.metadata?.namespace ?? '';
      const name = pod.metadata?.name ?? '';
      try {
        if ((pod.metadata?.finalizers ?? []).includes(jobTrackingFinalizer))
          await deps.podControl.patch(ns, name, removeTrackingFinalizerPatch);
        await deps.podControl.delete(job.metadata?.namespace ?? '', name, job);
        deleted++;
      } catch (err) {
        // The informer will never see this deletion.
        deps.expectations.deletionObserved(ctx.key);
        if (!isStatusError(err, 'NotFound')) error ??= err;
        else deleted++;
      }
      if (isPodReady(pod)) deletedReady++;
    }),
  );
  return error === undefined ? { deleted, deletedReady } : { deleted, deletedReady, error };
}

/** Deletes the active pods of a finished Job, keeping their finalizers until they are counted. */
export async function deleteActivePods(
  deps: JobDeps,
  ctx: SyncJobCtx,
): Promise<{ deleted: number; deletedReady: number; error?: unknown }> {
  let deleted = 0;
  let deletedReady = 0;
  let error: unknown;
  await Promise.all(
    ctx.activePods.map(async (pod) => {
      try {
        await deps.podControl.delete(ctx.job.metadata?.namespace ?? '', pod.metadata?.name ?? '', ctx.job);
        deleted++;
      } catch (err) {
        if (isStatusError(err, 'NotFound')) deleted++;
        else error ??= err;
      }
      if (isPodReady(pod)) deletedReady++;
    }),
  );
  return error === undefined ? { deleted, deletedReady } : { deleted, deletedReady, error };
}

/** manageJob: returns the number of active pods after its creates or deletes. */
export async function manageJob(
  deps: JobDeps,
  ctx: SyncJobCtx,
): Promise<{ active: number; error?: unknown }> {
  const job = ctx.job;
  const active = ctx.activePods.length;
  if (isSuspended(job)) {
    const toDelete = activePodsForRemoval(job, ctx.activePods, active);
    deps.expectations.expectDeletions(ctx.key, toDelete.length);
    const r = await deleteJobPods(deps, ctx, toDelete);
    ctx.terminating += r.deleted;
    ctx.ready -= r.deletedReady;
    return r.error === undefined
      ? { active: active - r.deleted }
      : { active: active - r.deleted, error: r.error };
  }
  const want = wantedActive(job, active, ctx.succeeded);
  const toDelete = activePodsForRemoval(job, ctx.activePods, Math.max(0, active - want)).slice(
    0,
    maxPodCreateDeletePerSync,
  );
  if (toDelete.length > 0) {
    // Deletions take precedence: a sync either deletes or creates, never both.
    deps.expectations.expectDeletions(ctx.key, toDelete.length);
    const r = await deleteJobPods(deps, ctx, toDelete);
    ctx.terminating += r.deleted;
    ctx.ready -= r.deletedReady;
    return r.error === undefined
      ? { active: active - r.deleted }
      : { active: active - r.deleted, error: r.error };
  }
  const terminating = onlyReplaceFailedPods(job) ? ctx.terminating : 0;
  let diff = want - terminating - active;
  if (diff <= 0) return { active };
  const now = deps.clock.now();
  if (!hasBackoffLimitPerIndex(job)) {
    const r = ctx.newBackoffRecord;
    const wait = remainingBackoff(now, r.failuresAfterLastSuccess, r.lastFailureTime);
    if (wait > 0) {
      deps.enqueueAfter(ctx.key, Math.max(wait, syncJobBatchPeriodMs));
      // Upstream reports 0 active here; the pods that do run are kept in the count instead.
      return { active };
    }
  }
  diff = Math.min(diff, maxPodCreateDeletePerSync);
  let indexes: number[] = [];
  const completions = job.spec?.completions ?? 0;
  if (isIndexedJob(job)) {
    indexes = firstPendingIndexes({
      count: diff,
      completions,
      activePods: ctx.activePods,
      ...(onlyReplaceFailedPods(job) ? { terminatingPods: ctx.pods.filter(isPodTerminating) } : {}),
      succeeded: ctx.succeededIndexes,
      ...(ctx.failedIndexes !== undefined ? { failed: ctx.failedIndexes } : {}),
    });
    if (hasBackoffLimitPerIndex(job)) {
      const ready: number[] = [];
      let minWait: number | undefined;
      for (const ix of indexes) {
        const last = ctx.podsWithDelayedDeletionPerIndex.get(ix);
        const wait =
          last === undefined
            ? 0
            : remainingBackoff(
                now,
                indexAbsoluteFailureCount(last) + 1,
                podFinishedTime(last),
                defaultPodFailureBackoffMs,
                maxPodFailureBackoffMs,
              );
        if (wait === 0) ready.push(ix);
        else minWait = Math.min(minWait ?? wait, wait);
      }
      if (ready.length === 0 && minWait !== undefined) {
        deps.enqueueAfter(ctx.key, Math.max(minWait, syncJobBatchPeriodMs));
        return { active };
      }
      indexes = ready;
    }
    diff = indexes.length;
  }
  return createPods(deps, ctx, diff, indexes, active);
}

async function createPods(
  deps: JobDeps,
  ctx: SyncJobCtx,
  count: number,
  indexes: readonly number[],
  activeBefore: number,
): Promise<{ active: number; error?: unknown }> {
  const job = ctx.job;
  const name = job.metadata?.name ?? '';
  deps.expectations.expectCreations(ctx.key, count);
  const template = structuredClone(job.spec?.template ?? {});
  if (isIndexedJob(job)) addCompletionIndexEnv(template);
  const finalizers = template.metadata?.finalizers ?? [];
  if (!finalizers.includes(jobTrackingFinalizer))
    template.metadata = { ...template.metadata, finalizers: [...finalizers, jobTrackingFinalizer] };
  let active = activeBefore + count;
  const result = await slowStartBatch(count, slowStartInitialBatchSize, async (i) => {
    const index = indexes[i];
    let podTemplate = template;
    let generateName: string | undefined;
    if (index !== undefined) {
      podTemplate = structuredClone(template);
      setCompletionIndex(podTemplate, name, index);
      generateName = podGenerateNameWithIndex(name, index);
      if (hasBackoffLimitPerIndex(job)) {
        const replaced = ctx.podsWithDelayedDeletionPerIndex.get(index);
        const countFailed =
          replaced === undefined || matchPodFailurePolicy(job.spec?.podFailurePolicy, replaced).countFailed;
        setIndexFailureCounts(podTemplate, replaced, countFailed);
      }
    }
    const pod = podFromTemplate(
      podTemplate,
      job,
      jobKind,
      generateName !== undefined ? { generateName } : {},
    );
    try {
      await deps.podControl.create(pod, job);
    } catch (err) {
      // Creates refused because the namespace is going away are not worth retrying.
      if (isNamespaceTerminatingError(err)) return;
      deps.expectations.creationObserved(ctx.key);
      active--;
      throw err;
    }
  });
  const skipped = count - result.successes - result.errors.length;
  if (skipped > 0) {
    // Creates never attempted after a failing batch: neither counted nor expected.
    active -= skipped;
    deps.expectations.lower(ctx.key, skipped, 0);
  }
  return result.errors.length === 0 ? { active } : { active, error: result.errors[0] };
}

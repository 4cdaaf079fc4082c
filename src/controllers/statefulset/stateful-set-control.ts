// The StatefulSet reconcile core (upstream's defaultStatefulSetControl): revisions, then pods in
// ordinal order — create missing ones, repair identity and storage, delete condemned ones from the
// highest ordinal, then roll pods to the update revision from the top down to the partition.
// OrderedReady ("monotonic") stops at the first pod that is not yet Running and Ready; Parallel
// ("burst") acts on every ordinal at once. All I/O goes through StatefulSetEnv.
import type { ControllerRevision, StatefulSet, StatefulSetStatus } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isStatusError } from '../../machinery/errors/index.js';
import {
  equalRevision,
  findEqualRevisions,
  newControllerRevision,
  nextRevision,
  sortRevisions,
  templateOfRevision,
  templatePatch,
} from '../history/controller-revision.js';
import { scaledValue } from '../shared/workload-int-or-percent.js';
import { slowStartBatch } from '../shared/workload-slow-start.js';
import {
  identityMatches,
  isCreated,
  isHealthy,
  isRunningAndAvailable,
  isRunningAndReady,
  isTerminating,
  newVersionedStatefulSetPod,
  ordinalOf,
  podInOrdinalRange,
  podRevision,
  replicasOf,
  startOrdinal,
  statefulSetKind,
  storageMatches,
} from './stateful-pod-identity.js';
import {
  completeRollingUpdate,
  inconsistentStatus,
  recountReplicas,
  type MutableStatus,
} from './stateful-set-status.js';

/** Upstream's bound on concurrent requests in Parallel mode. */
export const maxBatchSize = 500;

/** The reads and writes the StatefulSet core needs; the controller backs it with the API. */
export interface StatefulSetEnv {
  now(): number;
  /** Revisions of the set (matching its selector, owned by it or by nobody). */
  listRevisions(set: StatefulSet): readonly ControllerRevision[];
  createRevision(
    set: StatefulSet,
    revision: ControllerRevision,
    collisionCount: { value: number },
  ): Promise<ControllerRevision>;
  updateRevisionNumber(revision: ControllerRevision, revisionNumber: number): Promise<ControllerRevision>;
  deleteRevision(revision: ControllerRevision): Promise<void>;
  /** Creates the pod's claims, then the pod (CreateStatefulPod). */
  createPod(set: StatefulSet, pod: Pod): Promise<void>;
  /** Repairs a pod's identity, storage and claim ownership (UpdateStatefulPod). */
  updatePod(set: StatefulSet, pod: Pod): Promise<void>;
  deletePod(set: StatefulSet, pod: Pod): Promise<void>;
  /** True when a claim of the pod still belongs to a previous incarnation of it. */
  podClaimIsStale(set: StatefulSet, pod: Pod): boolean;
  createMissingClaims(set: StatefulSet, pod: Pod): Promise<void>;
  /** False when a claim's owner references do not express the retention policy; throws when unreadable. */
  claimsMatchRetentionPolicy(set: StatefulSet, pod: Pod): boolean;
  updateClaimsForRetentionPolicy(set: StatefulSet, pod: Pod): Promise<void>;
  writeStatus(set: StatefulSet, status: StatefulSetStatus): Promise<void>;
}

/** Feature switches with upstream 1.32 defaults. */
export interface StatefulSetControlOptions {
  /** MaxUnavailableStatefulSet (alpha in 1.32, off): honour rollingUpdate.maxUnavailable. */
  readonly maxUnavailableStatefulSet?: boolean;
}

/** The set as recorded in a revision: the set with the revision's pod template. */
export function applyRevision(set: StatefulSet, revision: ControllerRevision): StatefulSet {
  const clone = structuredClone(set);
  return { ...clone, spec: { ...clone.spec!, template: templateOfRevision(revision) } };
}

/** A revision snapshotting the set's template (upstream's newRevision). */
export function newStatefulSetRevision(
  set: StatefulSet,
  revision: number,
  collisionCount: number,
): ControllerRevision {
  return newControllerRevision({
    parent: set,
    parentKind: statefulSetKind,
    templateLabels: set.spec?.template?.metadata?.labels,
    annotations: set.metadata?.annotations,
    data: templatePatch(set.spec?.template),
    revision,
    collisionCount,
  });
}

/**
 * Reconciles the set's pods and revisions and writes its status; resolves with the status it
 * computed. Errors are thrown after the status and history were brought up to date.
 */
export async function updateStatefulSet(
  env: StatefulSetEnv,
  sharedSet: StatefulSet,
  pods: readonly Pod[],
  options: StatefulSetControlOptions = {},
): Promise<StatefulSetStatus | undefined> {
  const set = structuredClone(sharedSet);
  const revisions = sortRevisions(env.listRevisions(set));
  let current: ControllerRevision | undefined;
  let update: ControllerRevision | undefined;
  let status: StatefulSetStatus | undefined;
  let failure: unknown;
  try {
    const r = await statefulSetRevisions(env, set, revisions);
    current = r.current;
    update = r.update;
    const result = await updatePods(env, set, r.current, r.update, r.collisionCount, pods, options);
    status = result.status;
    let statusError: unknown;
    try {
      completeRollingUpdate(set, result.status);
      if (inconsistentStatus(set, result.status)) await env.writeStatus(set, result.status);
    } catch (err) {
      statusError = err;
    }
    failure = result.error ?? statusError;
  } catch (err) {
    failure = err;
  }
  try {
    await truncateHistory(env, set, pods, revisions, current, update);
  } catch (err) {
    failure ??= err;
  }
  if (failure !== undefined) throw failure;
  return status;
}

async function statefulSetRevisions(
  env: StatefulSetEnv,
  set: StatefulSet,
  revisions: ControllerRevision[],
): Promise<{ current: ControllerRevision; update: ControllerRevision; collisionCount: number }> {
  const collision = { value: set.status?.collisionCount ?? 0 };
  let update = newStatefulSetRevision(set, nextRevision(revisions), collision.value);
  const equal = findEqualRevisions(revisions, update);
  const last = revisions[revisions.length - 1];
  const lastEqual = equal[equal.length - 1];
  if (lastEqual !== undefined && equalRevision(last, lastEqual)) {
    // The newest revision already holds this template: nothing changed.
    update = last!;
  } else if (lastEqual !== undefined) {
    // Rolling back to an older template: it becomes the newest revision again.
    update = await env.updateRevisionNumber(lastEqual, update.revision);
  } else {
    update = await env.createRevision(set, update, collision);
  }
  const current = revisions.find((r) => r.metadata?.name === set.status?.currentRevision) ?? update;
  return { current, update, collisionCount: collision.value };
}

async function truncateHistory(
  env: StatefulSetEnv,
  set: StatefulSet,
  pods: readonly Pod[],
  revisions: readonly ControllerRevision[],
  current: ControllerRevision | undefined,
  update: ControllerRevision | undefined,
): Promise<void> {
  const live = new Set<string>();
  if (current) live.add(current.metadata?.name ?? '');
  if (update) live.add(update.metadata?.name ?? '');
  for (const pod of pods) live.add(podRevision(pod));
  const history = revisions.filter((r) => !live.has(r.metadata?.name ?? ''));
  const limit = set.spec?.revisionHistoryLimit ?? 10;
  if (limit < 0 || history.length <= limit) return;
  for (const r of history.slice(0, history.length - limit)) await env.deleteRevision(r);
}

type Step = (i: number) => Promise<boolean>;

// Monotonic: one at a time, stopping at the first that says so. Burst: all, slow-start batched.
async function runForAll(count: number, step: Step, monotonic: boolean): Promise<boolean> {
  if (monotonic) {
    for (let i = 0; i < count; i++) if (await step(i)) return true;
    return false;
  }
  const { errors } = await slowStartBatch(count, 1, async (i) => void (await step(i)), maxBatchSize);
  if (errors.length > 0) throw errors[0];
  return false;
}

async function updatePods(
  env: StatefulSetEnv,
  set: StatefulSet,
  current: ControllerRevision,
  update: ControllerRevision,
  collisionCount: number,
  pods: readonly Pod[],
  options: StatefulSetControlOptions,
): Promise<{ status: MutableStatus; error?: unknown }> {
  const currentSet = applyRevision(set, current);
  const updateSet = applyRevision(set, update);
  const currentName = current.metadata?.name ?? '';
  const updateName = update.metadata?.name ?? '';
  const minReady = set.spec?.minReadySeconds ?? 0;
  const now = env.now();
  const status: MutableStatus = {
    replicas: 0,
    observedGeneration: set.metadata?.generation ?? 0,
    currentRevision: currentName,
    updateRevision: updateName,
    collisionCount,
  };
  recountReplicas(status, minReady, currentName, updateName, now, pods);

  const start = startOrdinal(set);
  const replicas: Pod[] = new Array<Pod>(replicasOf(set));
  const condemned: Pod[] = [];
  for (const pod of pods) {
    if (podInOrdinalRange(pod, set)) replicas[ordinalOf(pod) - start] = pod;
    else if (ordinalOf(pod) >= 0) condemned.push(pod);
  }
  for (let i = 0; i < replicas.length; i++)
    replicas[i] ??= newVersionedStatefulSetPod(currentSet, updateSet, currentName, updateName, start + i);
  condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));

  let firstUnhealthy: Pod | undefined = replicas.find((p) => !isHealthy(p));
  for (let i = condemned.length - 1; i >= 0 && firstUnhealthy === undefined; i--)
    if (!isHealthy(condemned[i]!)) firstUnhealthy = condemned[i];

  if (set.metadata?.deletionTimestamp) return { status };
  const monotonic = set.spec?.podManagementPolicy !== 'Parallel';
  const finish = (error?: unknown) => {
    recountReplicas(status, minReady, currentName, updateName, now, replicas, condemned);
    return error === undefined ? { status } : { status, error };
  };

  const processReplica: Step = async (i) => {
    const pod = replicas[i]!;
    const phase = pod.status?.phase;
    // Finished pods (also evicted ones, whose phase follows the exit code) are replaced.
    if (phase === 'Failed' || phase === 'Succeeded') {
      if (!pod.metadata?.deletionTimestamp) await env.deletePod(set, pod);
      return true;
    }
    if (!isCreated(pod)) {
      if (env.podClaimIsStale(set, pod)) return true;
      await env.createPod(set, pod);
      if (monotonic) return true;
    }
    if (phase === 'Pending') await env.createMissingClaims(set, pod);
    if (
      monotonic &&
      (isTerminating(pod) || !isRunningAndReady(pod) || !isRunningAndAvailable(pod, minReady, now))
    )
      return true;
    let retentionMatch = true;
    try {
      retentionMatch = env.claimsMatchRetentionPolicy(updateSet, pod);
    } catch {
      // Expected while the pod itself is still being updated.
    }
    if (identityMatches(set, pod) && storageMatches(set, pod) && retentionMatch) return false;
    await env.updatePod(updateSet, structuredClone(pod));
    return false;
  };
  try {
    if (await runForAll(replicas.length, processReplica, monotonic)) return finish();
  } catch (err) {
    return finish(err);
  }

  const fixPodClaim: Step = async (i) => {
    const pod = condemned[i]!;
    if (!env.claimsMatchRetentionPolicy(updateSet, pod))
      await env.updateClaimsForRetentionPolicy(updateSet, pod);
    return false;
  };
  try {
    if (await runForAll(condemned.length, fixPodClaim, monotonic)) return finish();
  } catch (err) {
    return finish(err);
  }

  // Scale down from the highest ordinal, each predecessor Running and Ready first (monotonic).
  const processCondemned: Step = async (i) => {
    const pod = condemned[i]!;
    if (isTerminating(pod)) return monotonic;
    if (
      monotonic &&
      pod !== firstUnhealthy &&
      (!isRunningAndReady(pod) || !isRunningAndAvailable(pod, minReady, now))
    )
      return true;
    await env.deletePod(set, pod);
    return true;
  };
  try {
    if (await runForAll(condemned.length, processCondemned, monotonic)) return finish();
  } catch (err) {
    return finish(err);
  }
  finish();

  if (set.spec?.updateStrategy?.type === 'OnDelete') return { status };
  const partition = set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  try {
    if (options.maxUnavailableStatefulSet) {
      await rollWithMaxUnavailable(env, set, replicas, updateName, partition, status);
      return { status };
    }
    // Replace the highest-ordinal pod not at the update revision; wait while any is unhealthy.
    for (let target = replicas.length - 1; target >= partition; target--) {
      const pod = replicas[target]!;
      if (podRevision(pod) !== updateName && !isTerminating(pod)) {
        await deleteIgnoringNotFound(env, set, pod);
        status.currentReplicas = (status.currentReplicas ?? 0) - 1;
        return { status };
      }
      if (!isHealthy(pod)) return { status };
    }
  } catch (err) {
    return { status, error: err };
  }
  return { status };
}

async function deleteIgnoringNotFound(env: StatefulSetEnv, set: StatefulSet, pod: Pod): Promise<void> {
  try {
    await env.deletePod(set, pod);
  } catch (err) {
    if (!isStatusError(err, 'NotFound')) throw err;
  }
}

/** rollingUpdate.maxUnavailable as a pod count: default 1, percentages round down, at least 1. */
export function statefulSetMaxUnavailable(
  maxUnavailable: number | string | undefined,
  replicas: number,
): number {
  return Math.max(1, scaledValue(maxUnavailable ?? 1, replicas, false));
}

// MaxUnavailableStatefulSet: replace up to maxUnavailable pods at once, counting unhealthy ones.
async function rollWithMaxUnavailable(
  env: StatefulSetEnv,
  set: StatefulSet,
  replicas: readonly Pod[],
  updateName: string,
  partition: number,
  status: MutableStatus,
): Promise<void> {
  const maxUnavailable = statefulSetMaxUnavailable(
    set.spec?.updateStrategy?.rollingUpdate?.maxUnavailable,
    replicasOf(set),
  );
  const unavailable = replicas.filter((p) => !isHealthy(p)).length;
  if (unavailable >= maxUnavailable) return;
  let toDelete = maxUnavailable - unavailable;
  for (let target = replicas.length - 1; target >= partition && toDelete > 0; target--) {
    const pod = replicas[target]!;
    if (podRevision(pod) === updateName || isTerminating(pod)) continue;
    await deleteIgnoringNotFound(env, set, pod);
    toDelete--;
    status.currentReplicas = (status.currentReplicas ?? 0) - 1;
  }
}

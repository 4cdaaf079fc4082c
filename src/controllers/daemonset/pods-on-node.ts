// What one node needs from a DaemonSet (upstream's podsShouldBeOnNode): a pod created, failed or
// succeeded pods replaced, extra pods removed (keeping the oldest; with surge, one old and one new
// until the new one is available), or every pod removed from a node it may no longer run on.
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { podRevisionLabel } from '../history/controller-revision.js';
import { scaledValue } from '../shared/workload-int-or-percent.js';
import { isPodAvailable, isPodReady, timeMs } from '../shared/workload-pod-state.js';
import type { NodeVerdict } from './node-should-run.js';

/** An event the plan wants recorded on the DaemonSet. */
export interface PlannedEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
}

/** The plan for one node. */
export interface NodePlan {
  readonly createPod: boolean;
  readonly podsToDelete: readonly string[];
  readonly events: readonly PlannedEvent[];
  /** Failed pods held back by the backoff: sync again after this many milliseconds. */
  readonly requeueAfterMs?: number;
}

/** The failed-pod backoff as the plan consults it. */
export interface FailedPodGate {
  /** True when deleting a failed pod on the node must wait; otherwise records the attempt. */
  holdBack(nodeName: string): number | undefined;
}

/** maxSurge as a count (0 unless RollingUpdate with maxSurge set). */
export function surgeCount(ds: DaemonSet, numberToSchedule: number): number {
  const strategy = ds.spec?.updateStrategy;
  if (strategy?.type !== 'RollingUpdate' || strategy.rollingUpdate?.maxSurge === undefined) return 0;
  return scaledValue(strategy.rollingUpdate.maxSurge, numberToSchedule, true);
}

/** maxUnavailable as a count (0 unless RollingUpdate). */
export function unavailableCount(ds: DaemonSet, numberToSchedule: number): number {
  const strategy = ds.spec?.updateStrategy;
  if (strategy?.type !== 'RollingUpdate' || strategy.rollingUpdate === undefined) return 0;
  return scaledValue(strategy.rollingUpdate.maxUnavailable ?? 1, numberToSchedule, true);
}

/** True when the DaemonSet may run two pods on a node during an update. */
export function allowsSurge(ds: DaemonSet): boolean {
  try {
    return surgeCount(ds, 1) > 0;
  } catch {
    return false;
  }
}

/** Scheduled pods first, then oldest first, then by name (podByCreationTimestampAndPhase). */
export function compareByCreation(a: Pod, b: Pod): number {
  const sa = a.spec?.nodeName ? 0 : 1;
  const sb = b.spec?.nodeName ? 0 : 1;
  if (sa !== sb) return sa - sb;
  const ta = timeMs(a.metadata?.creationTimestamp) ?? 0;
  const tb = timeMs(b.metadata?.creationTimestamp) ?? 0;
  if (ta !== tb) return ta - tb;
  const na = a.metadata?.name ?? '';
  const nb = b.metadata?.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** Decides the node's creates and deletes. */
export function podsShouldBeOnNode(input: {
  readonly ds: DaemonSet;
  readonly nodeName: string;
  readonly verdict: NodeVerdict;
  readonly pods: readonly Pod[] | undefined;
  readonly hash: string;
  readonly nowMs: number;
  readonly failedGate: FailedPodGate;
}): NodePlan {
  const { ds, nodeName, verdict, pods, hash } = input;
  const deletes: string[] = [];
  const events: PlannedEvent[] = [];
  let requeueAfterMs: number | undefined;
  if (verdict.shouldRun && pods === undefined) return { createPod: true, podsToDelete: [], events };
  if (verdict.shouldContinueRunning) {
    let running: Pod[] = [];
    for (const pod of pods ?? []) {
      if (pod.metadata?.deletionTimestamp) continue;
      const ns = pod.metadata?.namespace ?? '';
      const name = pod.metadata?.name ?? '';
      if (pod.status?.phase === 'Failed') {
        const wait = input.failedGate.holdBack(nodeName);
        if (wait !== undefined) {
          requeueAfterMs = Math.min(requeueAfterMs ?? wait, wait);
          continue;
        }
        events.push({
          type: 'Warning',
          reason: 'FailedDaemonPod',
          message: `Found failed daemon pod ${ns}/${name} on node ${nodeName}, will try to kill it`,
        });
        deletes.push(name);
      } else if (pod.status?.phase === 'Succeeded') {
        events.push({
          type: 'Normal',
          reason: 'SucceededDaemonPod',
          message: `Found succeeded daemon pod ${ns}/${name} on node ${nodeName}, will try to delete it`,
        });
        deletes.push(name);
      } else running.push(pod);
    }
    running = running.sort(compareByCreation);
    const minReady = ds.spec?.minReadySeconds ?? 0;
    if (!allowsSurge(ds)) {
      // Without surge only the oldest pod stays.
      for (const pod of running.slice(1)) deletes.push(pod.metadata?.name ?? '');
    } else if (running.length === 0) {
      if (verdict.shouldRun) return finish(true);
    } else if (running.length > 1) {
      // With surge one old and one new pod may coexist until the new one is available.
      let oldestNew: Pod | undefined;
      let oldestOld: Pod | undefined;
      for (const pod of running) {
        const isNew = pod.metadata?.labels?.[podRevisionLabel] === hash;
        if (isNew && oldestNew === undefined) oldestNew = pod;
        else if (!isNew && oldestOld === undefined) oldestOld = pod;
        else deletes.push(pod.metadata?.name ?? '');
      }
      if (oldestNew !== undefined && oldestOld !== undefined) {
        if (!isPodReady(oldestOld) || isPodAvailable(oldestNew, minReady, input.nowMs))
          deletes.push(oldestOld.metadata?.name ?? '');
      }
    }
  } else if (pods !== undefined) {
    for (const pod of pods) if (!pod.metadata?.deletionTimestamp) deletes.push(pod.metadata?.name ?? '');
  }
  return finish(false);

  function finish(createPod: boolean): NodePlan {
    return {
      createPod,
      podsToDelete: deletes,
      events,
      ...(requeueAfterMs !== undefined ? { requeueAfterMs } : {}),
    };
  }
}

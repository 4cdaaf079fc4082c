// DaemonSet status from the nodes and their daemon pods (upstream's updateDaemonSetStatus counts).
import type { DaemonSet, DaemonSetStatus } from 'kubernetes-types/apps/v1.js';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { isPodAvailable, isPodReady } from '../shared/workload-pod-state.js';
import { isPodUpdated, templateGeneration } from './daemon-pod-template.js';
import { nodeShouldRunDaemonPod } from './node-should-run.js';
import { compareByCreation } from './pods-on-node.js';

/** The counters of DaemonSetStatus the controller maintains. */
export interface DaemonSetCounts {
  readonly desiredNumberScheduled: number;
  readonly currentNumberScheduled: number;
  readonly numberMisscheduled: number;
  readonly numberReady: number;
  readonly updatedNumberScheduled: number;
  readonly numberAvailable: number;
  readonly numberUnavailable: number;
}

/** Counts desired, scheduled, misscheduled, ready, updated and available daemon pods. */
export function countDaemonPods(
  ds: DaemonSet,
  nodes: readonly Node[],
  nodeToPods: ReadonlyMap<string, readonly Pod[]>,
  hash: string,
  nowMs: number,
): DaemonSetCounts {
  let desired = 0;
  let current = 0;
  let misscheduled = 0;
  let ready = 0;
  let updated = 0;
  let available = 0;
  const generation = templateGeneration(ds);
  const minReady = ds.spec?.minReadySeconds ?? 0;
  for (const node of nodes) {
    const { shouldRun } = nodeShouldRunDaemonPod(node, ds);
    const pods = nodeToPods.get(node.metadata?.name ?? '') ?? [];
    if (!shouldRun) {
      if (pods.length > 0) misscheduled++;
      continue;
    }
    desired++;
    if (pods.length === 0) continue;
    current++;
    const oldest = [...pods].sort(compareByCreation)[0]!;
    if (isPodReady(oldest)) {
      ready++;
      if (isPodAvailable(oldest, minReady, nowMs)) available++;
    }
    if (isPodUpdated(oldest, hash, generation)) updated++;
  }
  return {
    desiredNumberScheduled: desired,
    currentNumberScheduled: current,
    numberMisscheduled: misscheduled,
    numberReady: ready,
    updatedNumberScheduled: updated,
    numberAvailable: available,
    numberUnavailable: desired - available,
  };
}

/** True when the stored status already has these counts and the current generation. */
export function statusUpToDate(ds: DaemonSet, counts: DaemonSetCounts): boolean {
  const s: Partial<DaemonSetStatus> = ds.status ?? {};
  return (
    (s.desiredNumberScheduled ?? 0) === counts.desiredNumberScheduled &&
    (s.currentNumberScheduled ?? 0) === counts.currentNumberScheduled &&
    (s.numberMisscheduled ?? 0) === counts.numberMisscheduled &&
    (s.numberReady ?? 0) === counts.numberReady &&
    (s.updatedNumberScheduled ?? 0) === counts.updatedNumberScheduled &&
    (s.numberAvailable ?? 0) === counts.numberAvailable &&
    (s.numberUnavailable ?? 0) === counts.numberUnavailable &&
    (s.observedGeneration ?? 0) >= (ds.metadata?.generation ?? 0)
  );
}

// StatefulSet status: replica counts by readiness and revision, completion of a rolling update,
// and whether the stored status needs rewriting (upstream's computeReplicaStatus and friends).
import type { StatefulSet, StatefulSetStatus } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import {
  isCreated,
  isRunningAndAvailable,
  isRunningAndReady,
  isTerminating,
  podRevision,
  replicasOf,
} from './stateful-pod-identity.js';

/** Mutable status counters. */
export type MutableStatus = { -readonly [K in keyof StatefulSetStatus]: StatefulSetStatus[K] };

/**
 * Recounts replicas (created pods), ready and available ones, and those at the current and update
 * revisions (created and not terminating) over all the given pod lists.
 */
export function recountReplicas(
  status: MutableStatus,
  minReadySeconds: number,
  currentRevision: string,
  updateRevision: string,
  nowMs: number,
  ...podLists: readonly (readonly Pod[])[]
): void {
  status.replicas = 0;
  status.readyReplicas = 0;
  status.availableReplicas = 0;
  status.currentReplicas = 0;
  status.updatedReplicas = 0;
  for (const list of podLists) {
    for (const pod of list) {
      if (isCreated(pod)) status.replicas++;
      if (isRunningAndReady(pod)) {
        status.readyReplicas++;
        if (isRunningAndAvailable(pod, minReadySeconds, nowMs)) status.availableReplicas++;
      }
      if (isCreated(pod) && !isTerminating(pod)) {
        const revision = podRevision(pod);
        if (revision === currentRevision) status.currentReplicas++;
        if (revision === updateRevision) status.updatedReplicas++;
      }
    }
  }
}

/** When every replica runs the update revision and is ready, the update revision becomes current. */
export function completeRollingUpdate(set: StatefulSet, status: MutableStatus): void {
  const replicas = replicasOf(set);
  if (
    set.spec?.updateStrategy?.type === 'RollingUpdate' &&
    status.updatedReplicas === replicas &&
    status.readyReplicas === replicas &&
    status.replicas === replicas
  ) {
    status.currentReplicas = status.updatedReplicas;
    status.currentRevision = status.updateRevision;
  }
}

/** True when `status` differs from the set's stored status in a way worth a write. */
export function inconsistentStatus(set: StatefulSet, status: StatefulSetStatus): boolean {
  const s = set.status ?? { replicas: 0 };
  return (
    (status.observedGeneration ?? 0) > (s.observedGeneration ?? 0) ||
    status.replicas !== s.replicas ||
    (status.currentReplicas ?? 0) !== (s.currentReplicas ?? 0) ||
    (status.readyReplicas ?? 0) !== (s.readyReplicas ?? 0) ||
    (status.updatedReplicas ?? 0) !== (s.updatedReplicas ?? 0) ||
    (status.currentRevision ?? '') !== (s.currentRevision ?? '') ||
    (status.availableReplicas ?? 0) !== (s.availableReplicas ?? 0) ||
    (status.updateRevision ?? '') !== (s.updateRevision ?? '')
  );
}

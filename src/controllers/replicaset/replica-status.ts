import type { Pod } from 'kubernetes-types/core/v1.js';
import type { ReplicaSetCondition, ReplicaSetStatus } from 'kubernetes-types/apps/v1.js';
import { formatRfc3339 } from '../../base/rfc3339.js';
import { selectorFromSet } from '../../machinery/labels/index.js';
import { podIsAvailable, podIsReady } from '../shared/pod-readiness.js';

/** What calculateReplicaStatus needs of the ReplicaSet (or RC). */
export interface ReplicaStatusInput {
  readonly replicas: number;
  readonly minReadySeconds: number;
  readonly templateLabels: Readonly<Record<string, string>>;
  readonly status: ReplicaSetStatus;
}

/** Why manageReplicas failed, for the ReplicaFailure condition. */
export interface ManageFailure {
  readonly message: string;
}

/**
 * calculateStatus: replicas = active owned pods, fullyLabeledReplicas = those carrying every
 * template label, readyReplicas, availableReplicas (ready for minReadySeconds at `nowMs`), and the
 * ReplicaFailure condition (FailedCreate / FailedDelete with the error) while manageReplicas fails.
 */
export function calculateReplicaStatus(
  input: ReplicaStatusInput,
  pods: readonly Pod[],
  failure: ManageFailure | undefined,
  nowMs: number,
): ReplicaSetStatus {
  const templateSelector = selectorFromSet(input.templateLabels);
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of pods) {
    if (templateSelector.matches(pod.metadata?.labels ?? {})) fullyLabeled++;
    if (podIsReady(pod)) {
      ready++;
      if (podIsAvailable(pod, input.minReadySeconds, nowMs)) available++;
    }
  }
  let conditions = input.status.conditions;
  const existing = conditions?.find((c) => c.type === 'ReplicaFailure');
  if (failure !== undefined && existing === undefined) {
    const diff = pods.length - input.replicas;
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    const cond: ReplicaSetCondition = {
      type: 'ReplicaFailure',
      status: 'True',
      lastTransitionTime: formatRfc3339(nowMs),
      reason,
      message: failure.message,
    };
    conditions = [...(conditions ?? []), cond];
  } else if (failure === undefined && existing !== undefined) {
    conditions = conditions?.filter((c) => c.type !== 'ReplicaFailure');
  }
  const status: ReplicaSetStatus = {
    ...input.status,
    replicas: pods.length,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: ready,
    availableReplicas: available,
  };
  if (conditions !== undefined && conditions.length > 0) status.conditions = conditions;
  else delete status.conditions;
  return status;
}

/** True when `next` differs from `current` in anything updateReplicaSetStatus writes. */
export function replicaStatusChanged(
  current: ReplicaSetStatus | undefined,
  next: ReplicaSetStatus,
  generation: number,
): boolean {
  const c = current ?? { replicas: 0 };
  return (
    (c.replicas ?? 0) !== (next.replicas ?? 0) ||
    (c.fullyLabeledReplicas ?? 0) !== (next.fullyLabeledReplicas ?? 0) ||
    (c.readyReplicas ?? 0) !== (next.readyReplicas ?? 0) ||
    (c.availableReplicas ?? 0) !== (next.availableReplicas ?? 0) ||
    generation !== (c.observedGeneration ?? 0) ||
    JSON.stringify(c.conditions ?? []) !== JSON.stringify(next.conditions ?? [])
  );
}

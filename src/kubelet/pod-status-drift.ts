// The status manager's reconcile check (needsReconcile): the pod in the API no longer shows the
// status this kubelet last wrote because someone else changed it — the node lifecycle controller
// marks pods Ready=False while their node is unreachable — so the kubelet writes its own again.
import type { PodCondition } from 'kubernetes-types/core/v1.js';
import { kubeletPodConditionTypes, type PodConditionStatus } from './pod-conditions.js';

/**
 * True when a condition type the kubelet owns has another status in the API than in the kubelet's
 * last written conditions (or is missing from the API). Only status values count: timestamps and
 * messages of the kubelet's own writes may lag in an informer's copy without meaning anything.
 */
export function kubeletConditionsDrifted(
  api: readonly PodCondition[] | undefined,
  written: readonly PodConditionStatus[],
): boolean {
  const inApi = new Map((api ?? []).map((c) => [c.type, c.status]));
  return written.some((c) => kubeletPodConditionTypes.has(c.type) && inApi.get(c.type) !== c.status);
}

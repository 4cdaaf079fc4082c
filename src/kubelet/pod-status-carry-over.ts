// What a freshly generated pod status keeps from the one the kubelet reported before (upstream's
// generateAPIPodStatus three-way merge): a terminal phase the kubelet already set stays, the
// reason and message belonging to an unchanged phase stay (an evicted pod stays "Evicted"), and
// the DisruptionTarget condition — set once, by the event that doomed the pod — stays as it was.
import type { PodStatus } from 'kubernetes-types/core/v1.js';
import type { PodConditionStatus } from './pod-conditions.js';
import type { KubeletPodStatus } from './pod-status.js';

const isTerminal = (phase: string | undefined) => phase === 'Succeeded' || phase === 'Failed';

/** Replaces the condition of the same type, or appends it (upstream ReplaceOrAppendPodCondition). */
export function replaceOrAppendCondition(
  conditions: readonly PodConditionStatus[],
  condition: PodConditionStatus,
): PodConditionStatus[] {
  const i = conditions.findIndex((c) => c.type === condition.type);
  if (i < 0) return [...conditions, condition];
  return conditions.map((c, j) => (j === i ? condition : c));
}

/** `generated` with what it must keep from `previous` (the kubelet's last status) and the API's `apiStatus`. */
export function carryOverPodStatus(
  generated: KubeletPodStatus,
  previous: KubeletPodStatus | undefined,
  apiStatus: PodStatus | undefined,
): KubeletPodStatus {
  const old = previous ?? apiStatus ?? {};
  let out = generated;
  if (!isTerminal(out.phase) && isTerminal(previous?.phase) && previous !== undefined)
    out = { ...out, phase: previous.phase };
  if (out.phase === old.phase) {
    const reason = old.reason || apiStatus?.reason;
    const message = old.message || apiStatus?.message;
    const { reason: _r, message: _m, ...rest } = out;
    out = { ...rest, ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
  }
  const disruption = previous?.conditions.find((c) => c.type === 'DisruptionTarget');
  if (disruption !== undefined)
    out = { ...out, conditions: replaceOrAppendCondition(out.conditions, disruption) };
  return out;
}

import type { Condition } from 'kubernetes-types/meta/v1.js';

/** meta.SetStatusCondition on a copy: the transition time moves only when the status changes. */
export function setCondition(conditions: readonly Condition[] | undefined, next: Condition): Condition[] {
  const list = [...(conditions ?? [])];
  const i = list.findIndex((c) => c.type === next.type);
  if (i < 0) return [...list, next];
  const old = list[i] as Condition;
  list[i] = {
    ...old,
    status: next.status,
    reason: next.reason,
    message: next.message,
    ...(next.observedGeneration !== undefined ? { observedGeneration: next.observedGeneration } : {}),
    lastTransitionTime: old.status !== next.status ? next.lastTransitionTime : old.lastTransitionTime,
  };
  return list;
}

/**
 * A PDB's conditions with DisruptionAllowed set for `disruptionsAllowed` (upstream's
 * UpdateDisruptionAllowedCondition, shared by the disruption controller and the eviction handler).
 */
export function disruptionAllowedCondition(
  conditions: readonly Condition[] | undefined,
  disruptionsAllowed: number,
  observedGeneration: number,
  nowIso: string,
): Condition[] {
  const allowed = disruptionsAllowed > 0;
  return setCondition(conditions, {
    type: 'DisruptionAllowed',
    status: allowed ? 'True' : 'False',
    reason: allowed ? 'SufficientPods' : 'InsufficientPods',
    message: '',
    observedGeneration,
    lastTransitionTime: nowIso,
  });
}

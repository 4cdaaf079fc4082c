import type { Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';

// Pod predicates of upstream's api/v1/pod helpers used by the cluster controllers (endpoints,
// node lifecycle, pod GC, disruption, quota).

/** True when the pod's Ready condition is True (podutil.IsPodReady). */
export function isPodReady(pod: Pod): boolean {
  return podCondition(pod.status, 'Ready')?.status === 'True';
}

/** True for a pod in a terminal phase, Succeeded or Failed (podutil.IsPodTerminal). */
export function isPodTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** The condition of `type`, if the status has one. */
export function podCondition(status: PodStatus | undefined, type: string): PodCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/**
 * Upstream's UpdatePodCondition on a copy: sets `condition` (its lastTransitionTime is `nowIso`
 * unless the status is unchanged) and says whether anything changed.
 */
export function withPodCondition(
  conditions: readonly PodCondition[] | undefined,
  condition: PodCondition,
  nowIso: string,
): { conditions: PodCondition[]; changed: boolean } {
  const list = [...(conditions ?? [])];
  const index = list.findIndex((c) => c.type === condition.type);
  const next: PodCondition = { ...condition, lastTransitionTime: nowIso };
  if (index < 0) return { conditions: [...list, next], changed: true };
  const old = list[index] as PodCondition;
  if (old.status === next.status) next.lastTransitionTime = old.lastTransitionTime;
  const changed =
    old.status !== next.status ||
    (old.reason ?? '') !== (next.reason ?? '') ||
    (old.message ?? '') !== (next.message ?? '') ||
    (old.lastProbeTime ?? null) !== (next.lastProbeTime ?? null) ||
    (old.lastTransitionTime ?? null) !== (next.lastTransitionTime ?? null);
  list[index] = next;
  return { conditions: list, changed };
}

/** The owner reference marked controller, if any (metav1.GetControllerOf). */
export function controllerRefOf(meta: { ownerReferences?: readonly OwnerReference[] } | undefined) {
  return meta?.ownerReferences?.find((r) => r.controller === true);
}

/** Milliseconds since the epoch of an RFC 3339 time; undefined when absent or malformed. */
export function timeMs(value: string | undefined | null): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

// Pod predicates of upstream's podutil and controller_utils that the replica controllers decide on.
import type { Pod } from 'kubernetes-types/core/v1.js';

/** Milliseconds of an RFC 3339 timestamp; undefined when absent or unparsable. */
export function parseTime(value: string | undefined | null): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** True when the pod's Ready condition is True (podutil.IsPodReady). */
export function podIsReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** When the pod last became Ready, in milliseconds; undefined when it is not ready. */
export function podReadySince(pod: Pod): number | undefined {
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'True');
  return ready ? (parseTime(ready.lastTransitionTime) ?? 0) : undefined;
}

/**
 * podutil.IsPodAvailable: ready, and ready for longer than minReadySeconds at `nowMs` (a pod whose
 * Ready condition has no transition time counts as available only when minReadySeconds is 0).
 */
export function podIsAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  if (!podIsReady(pod)) return false;
  if (minReadySeconds === 0) return true;
  const since = podReadySince(pod);
  return since !== undefined && since > 0 && since + minReadySeconds * 1000 < nowMs;
}

/** controller.IsPodActive: not Succeeded, not Failed, not being deleted. */
export function podIsActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata?.deletionTimestamp;
}

/** The highest restart count among the pod's containers. */
export function maxContainerRestarts(pod: Pod): number {
  let max = 0;
  for (const c of pod.status?.containerStatuses ?? []) max = Math.max(max, c.restartCount ?? 0);
  return max;
}

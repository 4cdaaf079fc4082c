// The grace period a terminating pod is killed with (upstream podWorkers'
// calculateEffectiveGracePeriod, 1.31+): once termination started it can only shrink; the API's
// deletionGracePeriodSeconds and the kubelet's own overrides (eviction) each shorten it; only when
// nobody asked for a value does the pod's terminationGracePeriodSeconds apply; never below 1 s.
// A force deletion (grace 0) therefore kills within 1 s instead of the spec's grace.
import type { Pod } from 'kubernetes-types/core/v1.js';

/** What a termination request may say about the grace period. */
export interface GracePeriodRequest {
  /** The grace period the pod is already terminating with (0 before termination started). */
  readonly current: number;
  /** The apiserver's value: deletionGracePeriodSeconds, or 0 for a pod force-deleted from the API. */
  readonly apiSeconds?: number;
  /** A kubelet-internal override (eviction). */
  readonly overrideSeconds?: number;
}

/** The least grace period a pod is ever killed with. */
export const minimumPodGracePeriodSeconds = 1;

/** The effective grace period, and whether it shortened one already in effect. */
export function effectiveGracePeriod(
  pod: Pod,
  request: GracePeriodRequest,
): { seconds: number; shortened: boolean } {
  let seconds = request.current;
  let overridden = false;
  for (const asked of [request.apiSeconds, request.overrideSeconds]) {
    if (asked === undefined) continue;
    if (seconds === 0 || asked < seconds) {
      seconds = asked;
      overridden = true;
    }
  }
  const spec = pod.spec?.terminationGracePeriodSeconds;
  if (!overridden && seconds === 0 && spec !== undefined && spec !== null) seconds = spec;
  if (seconds < minimumPodGracePeriodSeconds) seconds = minimumPodGracePeriodSeconds;
  return { seconds, shortened: request.current !== 0 && request.current !== seconds };
}

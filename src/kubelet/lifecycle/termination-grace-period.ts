import type { Container, Pod } from 'kubernetes-types/core/v1.js';

/** Why the kubelet kills a container; probe kills may use the probe's own grace period. */
export type KillReason = 'StartupProbe' | 'LivenessProbe' | 'FailedPostStartHook' | 'Unknown';

/** A container always gets at least this long between SIGTERM and SIGKILL. */
export const minimumGracePeriodSeconds = 2;

/**
 * The grace period for killing `container` (upstream's setTerminationGracePeriod): a deleted pod's
 * deletionGracePeriodSeconds; else, for a liveness or startup kill, that probe's
 * terminationGracePeriodSeconds when set; else the pod's terminationGracePeriodSeconds; else 2.
 */
export function killGracePeriodSeconds(pod: Pod, container: Container, reason: KillReason): number {
  const deletionGrace = pod.metadata?.deletionGracePeriodSeconds;
  if (deletionGrace !== undefined && deletionGrace !== null) return deletionGrace;
  const podGrace = pod.spec?.terminationGracePeriodSeconds;
  if (podGrace === undefined || podGrace === null) return minimumGracePeriodSeconds;
  const probe =
    reason === 'LivenessProbe'
      ? container.livenessProbe
      : reason === 'StartupProbe'
        ? container.startupProbe
        : undefined;
  const probeGrace = probe?.terminationGracePeriodSeconds;
  return probeGrace !== undefined && probeGrace !== null ? probeGrace : podGrace;
}

import type { PodStatus } from 'kubernetes-types/core/v1.js';

/**
 * Where probe workers read a pod's latest status (upstream: the status manager's cache). Workers
 * need phase, podIP and each container status's containerID, state (running.startedAt,
 * terminated) and `started`.
 */
export interface PodStatusProvider {
  /** The status the kubelet last computed for the pod, or undefined before the first. */
  podStatus(podUid: string): PodStatus | undefined;
}

// The kubelet core's side of eviction (upstream killPodNow and the eviction manager's evictPod):
// an evicted pod gets a Warning "Evicted" event, is terminated through its pod worker with the
// manager's grace period, and ends Failed with reason Evicted, the manager's message and the
// DisruptionTarget condition. Also the hard thresholds' share of node allocatable.
import type { Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import type { Clock } from '../base/clock.js';
import { formatRfc3339 } from '../base/rfc3339.js';
import type { EvictionRequest } from './eviction/eviction-manager.js';
import { isHardThreshold, type Threshold, type ThresholdConfig } from './eviction/threshold-config.js';
import type { MachineFacts, Reservations } from './machine-info.js';
import { replaceOrAppendCondition } from './pod-status-carry-over.js';
import type { KubeletPodStatus } from './pod-status.js';
import type { KillRequest } from './pod-workers.js';

/** The kubelet's eviction flags. */
export interface KubeletEvictionSettings extends ThresholdConfig {
  /** --eviction-pressure-transition-period (default 5 min). */
  readonly pressureTransitionPeriodMs?: number;
  /** --eviction-max-pod-grace-period in seconds (default 0). */
  readonly maxPodGracePeriodSeconds?: number;
  /** How often the eviction manager looks (default 10 s). */
  readonly monitoringIntervalMs?: number;
}

/** What evictPod needs from the kubelet. */
export interface EvictPodDeps {
  /** Terminates the pod through its worker (PodWorkers.kill). */
  readonly kill: (uid: string, request: KillRequest) => Promise<void>;
  /** Records the Warning "Evicted" event with the manager's annotations. */
  readonly recordEvicted: (pod: Pod, annotations: Readonly<Record<string, string>>, message: string) => void;
  readonly clock: Clock;
}

/** The status an evicted pod ends with (the PodStatusFunc upstream's evictPod hands killPodNow). */
export function evictedStatus(
  status: KubeletPodStatus,
  request: Pick<EvictionRequest, 'message' | 'condition'>,
  now: number,
): KubeletPodStatus {
  const condition: PodCondition | undefined = request.condition;
  return {
    ...status,
    phase: 'Failed',
    reason: 'Evicted',
    message: request.message,
    conditions:
      condition === undefined
        ? status.conditions
        : replaceOrAppendCondition(status.conditions, {
            type: condition.type,
            status: condition.status,
            lastProbeTime: null,
            lastTransitionTime: formatRfc3339(now),
            ...(condition.reason !== undefined ? { reason: condition.reason } : {}),
            ...(condition.message !== undefined ? { message: condition.message } : {}),
          }),
  };
}

/**
 * The eviction manager's evictPod: event, then termination; resolves once the pod is killed, and
 * fails after 1.5× the grace period (at least 10 s) as killPodNow does.
 */
export function evictPodFunction(deps: EvictPodDeps): (request: EvictionRequest) => Promise<void> {
  return async (request) => {
    const { pod } = request;
    deps.recordEvicted(pod, request.eventAnnotations, request.message);
    const grace = request.gracePeriodSeconds;
    const timeoutMs = Math.max(10, grace + Math.floor(grace / 2)) * 1000;
    const timer = new AbortController();
    const killed = deps.kill(pod.metadata?.uid ?? '', {
      gracePeriodSeconds: grace,
      statusFn: (s) => evictedStatus(s, request, deps.clock.now()),
    });
    const timedOut = deps.clock.sleep(timeoutMs, timer.signal).then(
      () => {
        throw new Error(`timeout waiting to kill pod ${pod.metadata?.namespace}/${pod.metadata?.name}`);
      },
      () => {},
    );
    try {
      await Promise.race([killed, timedOut]);
    } finally {
      timer.abort();
    }
  };
}

/**
 * Node allocatable's eviction reservation from the hard thresholds (upstream
 * GetNodeAllocatableReservation): memory.available and nodefs.available, absolute or a share of
 * capacity; a signal without a hard threshold reserves nothing.
 */
export function evictionReservations(
  thresholds: readonly Threshold[],
  facts: MachineFacts,
  base: Reservations,
): Reservations {
  const hard = (signal: string) => thresholds.find((t) => t.signal === signal && isHardThreshold(t));
  const amount = (t: Threshold | undefined, capacity: number) =>
    t === undefined
      ? 0
      : 'quantity' in t.value
        ? t.value.quantity
        : Math.floor(t.value.percentage * capacity);
  const nodefs = hard('nodefs.available');
  return {
    ...base,
    evictionMemoryBytes: amount(hard('memory.available'), facts.memoryBytes),
    evictionNodefsFraction:
      nodefs === undefined || facts.storageBytes === 0
        ? 0
        : 'percentage' in nodefs.value
          ? nodefs.value.percentage
          : Math.min(1, nodefs.value.quantity / facts.storageBytes),
  };
}

import type { ContainerStatus, Pod, PodIP, PodStatus } from 'kubernetes-types/core/v1.js';
import { formatRfc3339 } from '../base/rfc3339.js';
import { podQosClass } from './cm/qos-class.js';
import {
  apiContainerStatus,
  defaultWaitingReason,
  terminatedOrUnknown,
  type ContainerRuntimeStatus,
} from './container-statuses.js';
import { kubeletPodConditions, kubeletPodConditionTypes, type PodConditionStatus } from './pod-conditions.js';
import { podPhase, type PodPhase } from './pod-phase.js';

/** What the runtime and the kubelet know of a pod: its sandbox, its IPs, and each container. */
export interface PodRuntimeStatus {
  /** The sandbox exists with networking configured. */
  readonly sandboxReady: boolean;
  readonly podIPs: readonly string[];
  readonly initContainers: readonly ContainerRuntimeStatus[];
  readonly containers: readonly ContainerRuntimeStatus[];
}

/** A pod status as the kubelet writes it (conditions carry lastProbeTime: null). */
export type KubeletPodStatus = Omit<PodStatus, 'conditions' | 'phase'> & {
  phase: PodPhase;
  conditions: PodConditionStatus[];
};

/** Inputs of generatePodStatus. */
export interface GeneratePodStatusInput {
  readonly pod: Pod;
  readonly runtime: PodRuntimeStatus;
  /** The node's IPs; a hostNetwork pod reports them as its own. */
  readonly hostIPs: readonly string[];
  readonly now: number;
  /**
   * The status the kubelet last generated for this pod (the status manager's cache); transition
   * times and startTime carry over from it. Defaults to the pod's API status.
   */
  readonly previous?: {
    readonly conditions?: readonly { type: string; status: string; lastTransitionTime?: string }[];
    readonly startTime?: string;
  };
  /** The kubelet finished the pod (deleted, or every container done for good): its phase becomes terminal. */
  readonly terminal?: boolean;
}

function ips(list: readonly string[]): PodIP[] {
  return list.map((ip) => ({ ip }));
}

/**
 * The pod status a kubelet (1.32) reports: container statuses from the runtime, the phase, the
 * kubelet-owned conditions with carried-over transition times, host and pod IPs, startTime and the
 * QoS class (the apiserver's, else computed). A terminal pod gets TerminatePod's treatment:
 * containers that never ran are ContainerStatusUnknown and a non-terminal phase becomes Failed. A
 * phase the API already shows as terminal never changes back.
 */
export function generatePodStatus(input: GeneratePodStatusInput): KubeletPodStatus {
  const { pod, runtime, now } = input;
  const spec = pod.spec;
  const inits = spec?.initContainers ?? [];
  const reason = defaultWaitingReason(inits.length > 0);
  const byName = (list: readonly ContainerRuntimeStatus[]) => new Map(list.map((c) => [c.name, c]));
  const initRuntime = byName(runtime.initContainers);
  const mainRuntime = byName(runtime.containers);
  let initStatuses: ContainerStatus[] = inits.map((c) =>
    apiContainerStatus(c, initRuntime.get(c.name), reason, true),
  );
  let statuses: ContainerStatus[] = (spec?.containers ?? []).map((c) =>
    apiContainerStatus(c, mainRuntime.get(c.name), reason, false),
  );
  const terminal = input.terminal === true;
  if (terminal) {
    initStatuses = initStatuses.map(terminatedOrUnknown);
    statuses = statuses.map(terminatedOrUnknown);
  }
  let phase = podPhase(spec, initStatuses, statuses, terminal);
  if (terminal && phase !== 'Succeeded' && phase !== 'Failed') phase = 'Failed';
  const apiPhase = pod.status?.phase;
  if ((apiPhase === 'Succeeded' || apiPhase === 'Failed') && phase !== apiPhase) phase = apiPhase;

  const previous = input.previous ?? pod.status ?? {};
  const conditions = kubeletPodConditions({
    pod,
    initStatuses,
    statuses,
    phase,
    sandboxReady: runtime.sandboxReady,
    previous: previous.conditions ?? [],
    now,
  });
  const hostIPs = [...input.hostIPs];
  const podIPs = spec?.hostNetwork && runtime.podIPs.length === 0 ? hostIPs : [...runtime.podIPs];
  const status: KubeletPodStatus = {
    phase,
    conditions,
    ...(hostIPs.length > 0 ? { hostIP: hostIPs[0], hostIPs: ips(hostIPs) } : {}),
    ...(podIPs.length > 0 ? { podIP: podIPs[0], podIPs: ips(podIPs) } : {}),
    startTime: previous.startTime ?? pod.status?.startTime ?? formatRfc3339(now),
    ...(initStatuses.length > 0 ? { initContainerStatuses: initStatuses } : {}),
    containerStatuses: statuses,
    // Static pods never had an apiserver set it, so it is computed when missing (GetPodQOS).
    qosClass: podQosClass(pod),
  };
  return status;
}

/**
 * The status of a pod refused at admission (upstream rejectPod): Failed with the reason, "Pod was
 * rejected: <message>", its QoS class and a startTime; of the conditions only those the kubelet
 * does not own remain, as the status manager's merge leaves them.
 */
export function rejectedPodStatus(pod: Pod, reason: string, message: string, now: number): KubeletPodStatus {
  const kept = (pod.status?.conditions ?? []).filter((c) => !kubeletPodConditionTypes.has(c.type));
  return {
    phase: 'Failed',
    conditions: kept,
    reason,
    message: `Pod was rejected: ${message}`,
    qosClass: podQosClass(pod),
    startTime: pod.status?.startTime ?? formatRfc3339(now),
  };
}

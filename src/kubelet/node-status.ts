import type { NodeAddress, NodeCondition, NodeStatus, NodeSystemInfo } from 'kubernetes-types/core/v1.js';
import { formatRfc3339 } from '../base/rfc3339.js';

/** How the kubelet sees its node: ready or not (and why), and the eviction manager's pressure signals. */
export interface NodeHealth {
  readonly ready: boolean;
  /** Why the node is not ready, e.g. "container runtime network not ready: ...". */
  readonly notReadyReasons?: readonly string[];
  readonly memoryPressure?: boolean;
  readonly diskPressure?: boolean;
  readonly pidPressure?: boolean;
}

/** The condition types the kubelet sets, in the order it first adds them. */
export const kubeletNodeConditionTypes = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'] as const;

type Verdict = { status: 'True' | 'False'; reason: string; message: string };

function verdicts(health: NodeHealth): Record<(typeof kubeletNodeConditionTypes)[number], Verdict> {
  return {
    MemoryPressure: health.memoryPressure
      ? {
          status: 'True',
          reason: 'KubeletHasInsufficientMemory',
          message: 'kubelet has insufficient memory available',
        }
      : {
          status: 'False',
          reason: 'KubeletHasSufficientMemory',
          message: 'kubelet has sufficient memory available',
        },
    DiskPressure: health.diskPressure
      ? { status: 'True', reason: 'KubeletHasDiskPressure', message: 'kubelet has disk pressure' }
      : { status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
    PIDPressure: health.pidPressure
      ? {
          status: 'True',
          reason: 'KubeletHasInsufficientPID',
          message: 'kubelet has insufficient PID available',
        }
      : {
          status: 'False',
          reason: 'KubeletHasSufficientPID',
          message: 'kubelet has sufficient PID available',
        },
    Ready: health.ready
      ? { status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }
      : { status: 'False', reason: 'KubeletNotReady', message: (health.notReadyReasons ?? []).join(',') },
  };
}

/**
 * The node's conditions after one run of the kubelet's condition setters: its own four are updated
 * in place (appended in setter order when missing) with lastHeartbeatTime now and lastTransitionTime
 * kept unless the status changed; conditions other agents own (NetworkUnavailable, ...) stay as they are.
 */
export function kubeletNodeConditions(
  previous: readonly NodeCondition[] | undefined,
  health: NodeHealth,
  now: number,
): NodeCondition[] {
  const time = formatRfc3339(now);
  const wanted = verdicts(health);
  const result: NodeCondition[] = [];
  const seen = new Set<string>();
  const build = (type: keyof typeof wanted, old: NodeCondition | undefined): NodeCondition => {
    const v = wanted[type];
    return {
      type,
      status: v.status,
      lastHeartbeatTime: time,
      lastTransitionTime:
        old !== undefined && old.status === v.status && old.lastTransitionTime
          ? old.lastTransitionTime
          : time,
      reason: v.reason,
      message: v.message,
    };
  };
  for (const c of previous ?? []) {
    if (c.type in wanted && !seen.has(c.type)) {
      seen.add(c.type);
      result.push(build(c.type as keyof typeof wanted, c));
    } else if (!(c.type in wanted)) result.push(c);
  }
  for (const type of kubeletNodeConditionTypes) if (!seen.has(type)) result.push(build(type, undefined));
  return result;
}

/** True when two condition lists differ in anything but heartbeat times (a status worth reporting now). */
export function nodeConditionsChanged(
  a: readonly NodeCondition[] | undefined,
  b: readonly NodeCondition[] | undefined,
): boolean {
  const strip = (list: readonly NodeCondition[] | undefined) =>
    JSON.stringify((list ?? []).map(({ lastHeartbeatTime: _h, ...rest }) => rest));
  return strip(a) !== strip(b);
}

/** What a node reports about itself besides its conditions. */
export interface NodeStatusInput {
  readonly addresses: readonly NodeAddress[];
  readonly capacity: Readonly<Record<string, string>>;
  readonly allocatable: Readonly<Record<string, string>>;
  readonly nodeInfo: NodeSystemInfo;
  readonly health: NodeHealth;
  /** The conditions the API has now (transition times and foreign conditions carry over). */
  readonly previousConditions: readonly NodeCondition[] | undefined;
  readonly now: number;
  /** The kubelet's port (default 10250). */
  readonly kubeletPort?: number;
}

/** The full NodeStatus the kubelet's setters produce (addresses, resources, nodeInfo, endpoints, conditions). */
export function kubeletNodeStatus(input: NodeStatusInput): NodeStatus {
  return {
    addresses: input.addresses.map((a) => ({ ...a })),
    allocatable: { ...input.allocatable },
    capacity: { ...input.capacity },
    conditions: kubeletNodeConditions(input.previousConditions, input.health, input.now),
    daemonEndpoints: { kubeletEndpoint: { Port: input.kubeletPort ?? 10250 } },
    nodeInfo: { ...input.nodeInfo },
  };
}

/** Node placement facts the kubelet (or the cloud provider) turns into well-known labels. */
export interface NodeLabelInput {
  readonly hostname: string;
  readonly os: string;
  readonly arch: string;
  readonly instanceType?: string;
  readonly zone?: string;
  readonly region?: string;
}

/** The well-known labels of a node: hostname, os and arch (stable and beta), instance type, zone, region. */
export function kubeletNodeLabels(input: NodeLabelInput): Record<string, string> {
  return {
    'beta.kubernetes.io/arch': input.arch,
    'beta.kubernetes.io/os': input.os,
    'kubernetes.io/arch': input.arch,
    'kubernetes.io/hostname': input.hostname,
    'kubernetes.io/os': input.os,
    ...(input.instanceType ? { 'node.kubernetes.io/instance-type': input.instanceType } : {}),
    ...(input.region ? { 'topology.kubernetes.io/region': input.region } : {}),
    ...(input.zone ? { 'topology.kubernetes.io/zone': input.zone } : {}),
  };
}

/** The annotation a kubelet registers with: volumes are attached by the attach/detach controller. */
export const kubeletNodeAnnotations: Readonly<Record<string, string>> = {
  'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
};

// Builders for unit tests: pods, nodes, node infos and a framework handle over a fixed snapshot.
import type {
  Affinity,
  Container,
  Node,
  Pod,
  Taint,
  Toleration,
  TopologySpreadConstraint,
  Volume,
} from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { FakeClock } from '../../base/clock.js';
import { createLogger } from '../../base/logger.js';
import { Snapshot } from '../cache/snapshot.js';
import type { Handle, PodEventRecorder } from '../framework/handle.js';
import { staticListers, type ClusterListers } from '../framework/listers.js';
import { NodeInfo } from '../framework/node-info.js';
import { newPodInfo, type PodInfo } from '../framework/pod-info.js';
import type { Status } from '../framework/status.js';

let nextUid = 1;

/** What makePod can set. */
export interface PodSpecOptions {
  readonly name?: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly labels?: Record<string, string>;
  /** Requests of the one container, e.g. { cpu: '500m', memory: '1Gi' }. */
  readonly requests?: Record<string, string>;
  readonly containers?: Container[];
  readonly initContainers?: Container[];
  readonly overhead?: Record<string, string>;
  readonly nodeName?: string;
  readonly priority?: number;
  readonly preemptionPolicy?: string;
  readonly hostPorts?: readonly { hostPort: number; protocol?: string; hostIP?: string }[];
  readonly tolerations?: Toleration[];
  readonly nodeSelector?: Record<string, string>;
  readonly affinity?: Affinity;
  readonly topologySpreadConstraints?: TopologySpreadConstraint[];
  readonly schedulingGates?: string[];
  readonly volumes?: Volume[];
  readonly schedulerName?: string;
  readonly ownerReferences?: OwnerReference[];
  readonly nominatedNodeName?: string;
  readonly image?: string;
  readonly deleting?: boolean;
  readonly startTime?: string;
}

/** A Pod for tests; unset fields stay unset. */
export function makePod(o: PodSpecOptions = {}): Pod {
  const name = o.name ?? `pod-${nextUid}`;
  const container: Container = {
    name: 'c',
    image: o.image ?? 'registry.local/app:1',
    ...(o.requests ? { resources: { requests: o.requests } } : {}),
    ...(o.hostPorts
      ? {
          ports: o.hostPorts.map((p) => ({
            containerPort: p.hostPort,
            hostPort: p.hostPort,
            protocol: p.protocol ?? 'TCP',
            ...(p.hostIP ? { hostIP: p.hostIP } : {}),
          })),
        }
      : {}),
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: o.namespace ?? 'default',
      uid: o.uid ?? `uid-${nextUid++}`,
      ...(o.labels ? { labels: o.labels } : {}),
      ...(o.ownerReferences ? { ownerReferences: o.ownerReferences } : {}),
      ...(o.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
    },
    spec: {
      containers: o.containers ?? [container],
      ...(o.initContainers ? { initContainers: o.initContainers } : {}),
      ...(o.overhead ? { overhead: o.overhead } : {}),
      ...(o.nodeName ? { nodeName: o.nodeName } : {}),
      ...(o.priority !== undefined ? { priority: o.priority } : {}),
      ...(o.preemptionPolicy ? { preemptionPolicy: o.preemptionPolicy } : {}),
      ...(o.tolerations ? { tolerations: o.tolerations } : {}),
      ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
      ...(o.affinity ? { affinity: o.affinity } : {}),
      ...(o.topologySpreadConstraints ? { topologySpreadConstraints: o.topologySpreadConstraints } : {}),
      ...(o.schedulingGates ? { schedulingGates: o.schedulingGates.map((g) => ({ name: g })) } : {}),
      ...(o.volumes ? { volumes: o.volumes } : {}),
      schedulerName: o.schedulerName ?? 'default-scheduler',
    },
    status: {
      phase: 'Pending',
      ...(o.nominatedNodeName ? { nominatedNodeName: o.nominatedNodeName } : {}),
      ...(o.startTime ? { startTime: o.startTime } : {}),
    },
  };
}

/** What makeNode can set. */
export interface NodeOptions {
  readonly labels?: Record<string, string>;
  readonly cpu?: string;
  readonly memory?: string;
  readonly pods?: string;
  readonly allocatable?: Record<string, string>;
  readonly taints?: Taint[];
  readonly unschedulable?: boolean;
  readonly images?: { names: string[]; sizeBytes: number }[];
}

/** A Ready Node with allocatable (default 4 cpu, 16Gi, 110 pods) and a hostname label. */
export function makeNode(name: string, o: NodeOptions = {}): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `node-${name}`, labels: { 'kubernetes.io/hostname': name, ...o.labels } },
    spec: {
      ...(o.taints ? { taints: o.taints } : {}),
      ...(o.unschedulable ? { unschedulable: true } : {}),
    },
    status: {
      allocatable: { cpu: o.cpu ?? '4', memory: o.memory ?? '16Gi', pods: o.pods ?? '110', ...o.allocatable },
      capacity: { cpu: o.cpu ?? '4', memory: o.memory ?? '16Gi', pods: o.pods ?? '110', ...o.allocatable },
      conditions: [{ type: 'Ready', status: 'True' }],
      ...(o.images ? { images: o.images } : {}),
    },
  };
}

/** The PodInfo of a pod. */
export function podInfo(pod: Pod): PodInfo {
  return newPodInfo(pod);
}

/** A NodeInfo of `node` holding `pods` (their nodeName is not checked). */
export function nodeInfo(node: Node, pods: readonly Pod[] = []): NodeInfo {
  return NodeInfo.of(
    node,
    pods.map((p) => newPodInfo(p)),
  );
}

/** A Handle over a snapshot of `nodes`, with static listers and a fake clock. */
export function testHandle(
  nodes: readonly NodeInfo[],
  overrides: Partial<Omit<Handle, 'snapshot' | 'listers'>> & { listers?: Partial<ClusterListers> } = {},
): Handle {
  const { listers, ...rest } = overrides;
  const recorder: PodEventRecorder = { event: () => {} };
  return {
    snapshot: Snapshot.of(nodes),
    listers: staticListers(listers),
    client: undefined,
    nominator: { nominatedPodsForNode: () => [] },
    recorder,
    clock: new FakeClock(),
    log: createLogger('test', { level: 'error' }),
    profileName: 'default-scheduler',
    runFilterPluginsWithNominatedPods: () => undefined,
    runPreFilterExtensionAddPod: () => undefined,
    runPreFilterExtensionRemovePod: () => undefined,
    getWaitingPod: () => undefined,
    ...rest,
  };
}

/** The message of a status, "" for success. */
export function messageOf(s: Status | undefined): string {
  return s === undefined || s.code === 'Success' ? '' : s.message();
}

/** The code of a status, "Success" for undefined. */
export function codeOf(s: Status | undefined): string {
  return s?.code ?? 'Success';
}

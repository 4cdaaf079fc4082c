import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Node, NodeStatus } from 'kubernetes-types/core/v1.js';
import type { ResourceClient } from '../../client/index.js';
import { NodeLease } from '../node-lease.js';
import {
  kubeletNodeAnnotations,
  kubeletNodeConditions,
  kubeletNodeStatus,
  nodeConditionsChanged,
  type NodeHealth,
} from '../node-status.js';
import { PodIpPool } from './pod-ip-pool.js';
import { isStoppedNode, simulatedNodeAnnotation } from './sim-annotations.js';
import type { SimNodeProfile } from './sim-node-profile.js';

/** Settings of a SimNodeAgent. */
export interface SimNodeAgentOptions {
  readonly profile: SimNodeProfile;
  readonly leases: ResourceClient<Lease>;
  readonly leaseDurationSeconds: number;
}

/** What changed when the agent looked at a newer version of its Node. */
export interface NodeObservation {
  readonly stoppedChanged: boolean;
  readonly podCidrArrived: boolean;
  /** The API's conditions differ from what this node would report (someone else wrote them). */
  readonly conditionsDrifted: boolean;
}

// Without a podCIDR the CNI bridge has no range, so the runtime reports its network not ready —
// the kubelet's message for that state.
const networkNotReady =
  'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized';

/**
 * One simulated node's kubelet state: registration, its podCIDR and pod IP pool, whether it is
 * stopped, its lease, and the Node object and status it reports. It does no scheduling; the
 * simulator decides when to register, heartbeat and renew.
 */
export class SimNodeAgent {
  readonly profile: SimNodeProfile;
  readonly lease: NodeLease;
  /** The Node's uid once registered or seen. */
  uid: string | undefined;
  registered = false;
  /** The Node object is gone (deleted by someone): this kubelet stops writing, as a real one fails. */
  deleted = false;
  stopped = false;
  /** This run created the Node (so its Lease most likely does not exist yet). */
  createdNode = false;
  /** The last status write reported Ready. */
  postedReady = false;
  /** When the next unchanged status is due (ms): 5 minutes after the last report. */
  nextReportAt = 0;
  private pool: PodIpPool | undefined;

  constructor(options: SimNodeAgentOptions) {
    this.profile = options.profile;
    this.lease = new NodeLease({
      leases: options.leases,
      nodeName: options.profile.name,
      durationSeconds: options.leaseDurationSeconds,
      owner: () => (this.uid ? { name: this.profile.name, uid: this.uid } : undefined),
    });
  }

  /** The node's name. */
  get name(): string {
    return this.profile.name;
  }

  /** Pod IPs of this node; undefined until it has a podCIDR. */
  get ipPool(): PodIpPool | undefined {
    return this.pool;
  }

  /** True when pods bound here can be started: registered, running, with a pod network. */
  get readyForPods(): boolean {
    return this.registered && !this.stopped && !this.deleted && this.pool !== undefined;
  }

  /** How the kubelet judges its node: Ready once the pod network has a range. */
  health(): NodeHealth {
    return this.pool !== undefined ? { ready: true } : { ready: false, notReadyReasons: [networkNotReady] };
  }

  /** Takes in a version of the Node from the API (or just created) and says what changed. */
  observe(node: Node, now: number): NodeObservation {
    this.uid = node.metadata?.uid ?? this.uid;
    const wasStopped = this.stopped;
    this.stopped = isStoppedNode(node.metadata?.annotations);
    const cidr = node.spec?.podCIDR;
    let podCidrArrived = false;
    if (cidr && this.pool?.cidr !== cidr) {
      // The range only changes when the node is re-created; pods of the old range keep their IPs.
      this.pool = new PodIpPool(cidr);
      podCidrArrived = true;
    }
    const conditions = node.status?.conditions;
    const conditionsDrifted =
      this.registered &&
      nodeConditionsChanged(conditions, kubeletNodeConditions(conditions, this.health(), now));
    return { stoppedChanged: wasStopped !== this.stopped, podCidrArrived, conditionsDrifted };
  }

  /** The Node a kubelet registers: well-known labels, the simulator's marker, and its full status. */
  nodeForRegistration(podCidr: string | undefined, now: number): Node {
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: this.name,
        labels: { ...this.profile.labels },
        annotations: { ...kubeletNodeAnnotations, [simulatedNodeAnnotation]: 'true' },
      },
      spec: {
        ...(podCidr ? { podCIDR: podCidr, podCIDRs: [podCidr] } : {}),
        providerID: `k8ts-sim://${this.name}`,
      },
      status: this.status(undefined, now, podCidr !== undefined || this.pool !== undefined),
    };
  }

  /**
   * A merge patch bringing an existing Node in line with what this kubelet registers (labels, the
   * marker annotation, a podCIDR to assign), or undefined when nothing is missing.
   */
  reconcilePatch(node: Node, podCidr: string | undefined): Record<string, unknown> | undefined {
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.profile.labels))
      if (node.metadata?.labels?.[k] !== v) labels[k] = v;
    const annotations: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...kubeletNodeAnnotations, [simulatedNodeAnnotation]: 'true' }))
      if (node.metadata?.annotations?.[k] !== v) annotations[k] = v;
    const patch: Record<string, unknown> = {};
    if (Object.keys(labels).length > 0 || Object.keys(annotations).length > 0)
      patch['metadata'] = {
        ...(Object.keys(labels).length > 0 ? { labels } : {}),
        ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      };
    if (podCidr !== undefined) patch['spec'] = { podCIDR: podCidr, podCIDRs: [podCidr] };
    return Object.keys(patch).length > 0 ? patch : undefined;
  }

  /** The NodeStatus to report now, carrying over the API's conditions (`ready` overrides the health check). */
  status(current: Node | undefined, now: number, ready?: boolean): NodeStatus {
    const health = ready === undefined ? this.health() : ready ? { ready: true } : this.health();
    return kubeletNodeStatus({
      addresses: this.profile.addresses,
      capacity: this.profile.capacity,
      allocatable: this.profile.allocatable,
      nodeInfo: this.profile.nodeInfo,
      health,
      previousConditions: current?.status?.conditions,
      now,
    });
  }
}

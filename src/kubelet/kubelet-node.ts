// The node side of a kubelet: registration (create, or adopt and reconcile an existing Node),
// NodeStatus every 10 s when something changed and at least every 5 minutes, the Lease heartbeat
// every 10 s, and the node's podCIDR handed to the runtime when it arrives.
import type { Node, NodeAddress, NodeStatus } from 'kubernetes-types/core/v1.js';
import type { Cancel, Clock } from '../base/clock.js';
import type { Logger } from '../base/logger.js';
import type { ResourceClient } from '../client/index.js';
import { isStatusError } from '../machinery/errors/index.js';
import { NodeLease, nodeLeaseRenewIntervalMs } from './node-lease.js';
import {
  kubeletNodeAnnotations,
  kubeletNodeStatus,
  nodeConditionsChanged,
  type NodeHealth,
} from './node-status.js';
import type { WriteQueue } from './write-queue.js';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { ContainerImage, NodeSystemInfo } from 'kubernetes-types/core/v1.js';

/** What the node reports, read fresh for every status. */
export interface NodeFacts {
  readonly health: NodeHealth;
  readonly images: readonly ContainerImage[];
}

/** Settings of a KubeletNode. */
export interface KubeletNodeOptions {
  readonly nodes: ResourceClient<Node>;
  readonly leases: ResourceClient<Lease>;
  readonly writes: WriteQueue<string>;
  readonly nodeName: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly addresses: readonly NodeAddress[];
  readonly capacity: Readonly<Record<string, string>>;
  readonly allocatable: Readonly<Record<string, string>>;
  readonly nodeInfo: NodeSystemInfo;
  /** Current health and images (runtime status, PLEG, image list). */
  readonly facts: () => Promise<NodeFacts>;
  /** The node's podCIDR appeared or changed. */
  readonly onPodCidr: (cidr: string) => Promise<void>;
  /** The Node as the informer has it now. */
  readonly current: () => Node | undefined;
  /** The kubelet API's port, reported in status.daemonEndpoints (default 10250). */
  readonly kubeletPort?: number;
  readonly clock: Clock;
  readonly log: Logger;
  /** Status check period (default 10 s, nodeStatusUpdateFrequency). */
  readonly statusCheckMs?: number;
  /** An unchanged status is reported this often anyway (default 5 min). */
  readonly statusReportMs?: number;
  readonly leaseDurationSeconds?: number;
}

/** Write-queue keys and lanes of the node's writes. */
export const nodeWrites = { lease: 'l:', status: 'n:', leaseLane: 0, statusLane: 1 } as const;

/** One kubelet's Node and Lease. */
export class KubeletNode {
  private readonly o: KubeletNodeOptions;
  private readonly lease: NodeLease;
  private uid: string | undefined;
  private registered = false;
  private lastReport = 0;
  private lastReported: NodeStatus | undefined;
  private podCidr: string | undefined;
  private timers: Cancel[] = [];
  private readyWaiters: (() => void)[] = [];
  /** The last status written reported Ready. */
  ready = false;

  constructor(options: KubeletNodeOptions) {
    this.o = options;
    this.lease = new NodeLease({
      leases: options.leases,
      nodeName: options.nodeName,
      ...(options.leaseDurationSeconds !== undefined
        ? { durationSeconds: options.leaseDurationSeconds }
        : {}),
      owner: () => (this.uid ? { name: options.nodeName, uid: this.uid } : undefined),
    });
  }

  /** Queues registration and starts the status and lease timers. */
  start(): void {
    this.o.writes.enqueue(nodeWrites.status, nodeWrites.statusLane);
    const every = (ms: number, fn: () => void) => {
      const loop = () => {
        fn();
        this.timers.push(this.o.clock.after(ms, loop));
      };
      this.timers.push(this.o.clock.after(ms, loop));
    };
    every(this.o.statusCheckMs ?? 10_000, () =>
      this.o.writes.enqueue(nodeWrites.status, nodeWrites.statusLane),
    );
    every(nodeLeaseRenewIntervalMs(this.o.leaseDurationSeconds), () => {
      if (this.registered) this.o.writes.enqueue(nodeWrites.lease, nodeWrites.leaseLane);
    });
  }

  /** Stops the timers (the Node and Lease stay, as after a crash). */
  close(): void {
    for (const t of this.timers.splice(0)) t();
  }

  /** Resolves once a status reporting Ready was written (false if `signal` aborts first). */
  whenReady(signal?: AbortSignal): Promise<boolean> {
    if (this.ready) return Promise.resolve(true);
    return new Promise((resolve) => {
      signal?.addEventListener('abort', () => resolve(false), { once: true });
      this.readyWaiters.push(() => resolve(true));
    });
  }

  /** The informer saw the Node: a new podCIDR goes to the runtime; conditions someone else changed are rewritten. */
  onNode(node: Node): void {
    this.uid = node.metadata?.uid ?? this.uid;
    const cidr = node.spec?.podCIDR;
    if (cidr && cidr !== this.podCidr) {
      this.podCidr = cidr;
      void this.o.onPodCidr(cidr).then(
        () => this.o.writes.enqueue(nodeWrites.status, nodeWrites.statusLane),
        (err: unknown) => this.o.log.error('cannot configure the pod network', { cidr, err }),
      );
    }
    if (this.registered && this.lastReported !== undefined) {
      if (nodeConditionsChanged(node.status?.conditions, this.lastReported.conditions)) this.lastReport = 0;
    }
  }

  /** The write behind a key of nodeWrites. */
  async write(key: string): Promise<void> {
    if (key === nodeWrites.lease) {
      await this.lease.renew(this.o.clock.now());
      return;
    }
    if (!this.registered) await this.register();
    await this.reportStatus();
  }

  private nodeObject(status: NodeStatus): Node {
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: this.o.nodeName,
        labels: { ...this.o.labels },
        annotations: { ...kubeletNodeAnnotations },
      },
      spec: {},
      status,
    };
  }

  private async register(): Promise<void> {
    const now = this.o.clock.now();
    const facts = await this.o.facts();
    const status = this.status(facts, undefined, now);
    try {
      const created = await this.o.nodes.create(this.nodeObject(status));
      this.uid = created.metadata?.uid;
      this.o.log.info('node registered', { node: this.o.nodeName });
    } catch (err) {
      if (!isStatusError(err, 'AlreadyExists')) throw err;
      // Re-registration (upstream's tryRegisterWithAPIServer): keep the Node, reconcile labels.
      const existing = await this.o.nodes.get(this.o.nodeName);
      this.uid = existing.metadata?.uid;
      const labels: Record<string, string> = {};
      for (const [k, v] of Object.entries(this.o.labels))
        if (existing.metadata?.labels?.[k] !== v) labels[k] = v;
      if (Object.keys(labels).length > 0)
        await this.o.nodes.patch(this.o.nodeName, 'merge', { metadata: { labels } });
      this.o.log.info('node already registered; adopting it', { node: this.o.nodeName });
    }
    this.registered = true;
    this.lastReport = 0;
    this.o.writes.enqueue(nodeWrites.lease, nodeWrites.leaseLane);
  }

  private status(facts: NodeFacts, current: Node | undefined, now: number): NodeStatus {
    return {
      ...kubeletNodeStatus({
        addresses: this.o.addresses,
        capacity: this.o.capacity,
        allocatable: this.o.allocatable,
        nodeInfo: this.o.nodeInfo,
        health: facts.health,
        previousConditions: current?.status?.conditions ?? this.lastReported?.conditions,
        now,
        ...(this.o.kubeletPort !== undefined ? { kubeletPort: this.o.kubeletPort } : {}),
      }),
      images: [...facts.images],
    };
  }

  private async reportStatus(): Promise<void> {
    const now = this.o.clock.now();
    const facts = await this.o.facts();
    const status = this.status(facts, this.o.current(), now);
    const changed =
      this.lastReported === undefined ||
      nodeConditionsChanged(status.conditions, this.lastReported.conditions) ||
      JSON.stringify(status.images) !== JSON.stringify(this.lastReported.images);
    if (!changed && now - this.lastReport < (this.o.statusReportMs ?? 300_000)) return;
    await this.o.nodes.patch(this.o.nodeName, 'merge', { status }, { subresource: 'status' });
    this.lastReported = status;
    this.lastReport = now;
    this.ready = status.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
    if (this.ready) for (const w of this.readyWaiters.splice(0)) w();
  }
}

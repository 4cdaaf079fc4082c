import type { Node } from 'kubernetes-types/core/v1.js';
import type { Clock } from '../../base/clock.js';
import type { Logger } from '../../base/logger.js';
import type { ResourceClient } from '../../client/index.js';
import type { Lister } from '../../informers/index.js';
import { isStatusError } from '../../machinery/errors/index.js';
import { TimerQueue } from '../timer-queue.js';
import type { WriteQueue } from '../write-queue.js';
import type { PodCidrAllocator } from './pod-cidr-allocator.js';
import type { SimNodeAgent } from './sim-node-agent.js';

/** The write-queue key of a node's registration or status ("n:" + name). */
export function nodeWriteKey(name: string): string {
  return `n:${name}`;
}

/** The write-queue key of a node's lease ("l:" + name). */
export function leaseWriteKey(name: string): string {
  return `l:${name}`;
}

/** Settings of SimNodes. */
export interface SimNodesOptions {
  readonly clock: Clock;
  readonly random: () => number;
  readonly logger: Logger;
  readonly nodes: ResourceClient<Node>;
  readonly lister: Lister<Node>;
  readonly writes: WriteQueue<string>;
  readonly agents: readonly SimNodeAgent[];
  /** Assigns podCIDRs to nodes without one; undefined leaves that to the node-ipam controller. */
  readonly cidrs: PodCidrAllocator | undefined;
  readonly leaseRenewMs: number;
  readonly statusReportMs: number;
  /** A node can now run its pods (registered, resumed, or given a podCIDR). */
  readonly onPodsRunnable: (nodeName: string) => void;
}

// The lease controller's wait.JitterUntil factor.
const leaseJitter = 0.04;

/** The write lane of leases: first, since a late lease makes a node NotReady. */
export const leaseLane = 0;
/** The write lane of node registrations and statuses: after leases, before pods. */
export const nodeLane = 1;

/**
 * The node side of the simulated nodes: registration, the 10 s lease renewals and the NodeStatus
 * reports (on change, else every 5 minutes), through the shared WriteQueue's first two lanes. Each
 * node's first renewal and report land at a random point of their period, so 5,000 nodes spread
 * their heartbeats evenly instead of beating in step.
 */
export class SimNodes {
  private readonly o: SimNodesOptions;
  private readonly byName = new Map<string, SimNodeAgent>();
  private readonly timers: TimerQueue<string>;
  private readyCount = 0;
  private readyWaiters: (() => void)[] = [];
  /** Lease renewals and status reports written. */
  leaseWrites = 0;
  statusWrites = 0;

  constructor(options: SimNodesOptions) {
    this.o = options;
    for (const a of options.agents) this.byName.set(a.name, a);
    this.timers = new TimerQueue<string>({ clock: options.clock, onDue: (key, now) => this.due(key, now) });
  }

  /** The agent of a simulated node. */
  get(name: string): SimNodeAgent | undefined {
    return this.byName.get(name);
  }

  /** Number of nodes that registered and reported Ready. */
  get ready(): number {
    return this.readyCount;
  }

  /** Queues every node's registration (after the node informer synced). */
  start(): void {
    const now = this.o.clock.now();
    for (const node of this.o.lister.list()) this.markCidrs(node);
    for (const agent of this.o.agents) {
      const existing = this.o.lister.get('', agent.name);
      if (existing !== undefined) agent.observe(existing, now);
      this.o.writes.enqueue(nodeWriteKey(agent.name), nodeLane);
    }
  }

  /** Resolves true once every node is Ready, false if `signal` aborts first. */
  whenReady(signal?: AbortSignal): Promise<boolean> {
    if (this.readyCount >= this.o.agents.length) return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = () => resolve(false);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.readyWaiters.push(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      });
    });
  }

  /** A Node was added or changed. */
  onNode(node: Node): void {
    this.markCidrs(node);
    const agent = this.byName.get(node.metadata?.name ?? '');
    if (agent === undefined) return;
    const seen = agent.observe(node, this.o.clock.now());
    const name = agent.name;
    if (!agent.registered) {
      // A node left stopped by an earlier run registers once it is started.
      if (seen.stoppedChanged && !agent.stopped) this.o.writes.enqueue(nodeWriteKey(name), nodeLane);
      return;
    }
    if (seen.stoppedChanged) {
      this.o.logger.info(agent.stopped ? 'simulated node stopped' : 'simulated node started', { node: name });
      if (!agent.stopped) {
        // A restarted kubelet renews its lease and reports its status straight away.
        this.o.writes.enqueue(leaseWriteKey(name), leaseLane);
        this.o.writes.enqueue(nodeWriteKey(name), nodeLane);
        this.o.onPodsRunnable(name);
      }
      return;
    }
    if (agent.stopped) return;
    if (seen.podCidrArrived) {
      this.o.writes.enqueue(nodeWriteKey(name), nodeLane);
      this.o.onPodsRunnable(name);
    } else if (seen.conditionsDrifted) {
      this.o.writes.enqueue(nodeWriteKey(name), nodeLane);
    }
  }

  /** A Node was deleted: its kubelet keeps failing to report, as a real one does, until restarted. */
  onNodeDeleted(node: Node): void {
    const agent = this.byName.get(node.metadata?.name ?? '');
    if (agent === undefined || agent.deleted) return;
    agent.deleted = true;
    this.o.logger.warn('simulated node deleted from the API; it stops reporting', { node: agent.name });
  }

  /** Performs the write behind an "n:" or "l:" key. */
  async write(key: string): Promise<void> {
    const agent = this.byName.get(key.slice(2));
    if (agent === undefined || agent.deleted || agent.stopped) return;
    if (key.startsWith('l:')) {
      if (!agent.registered) return;
      await agent.lease.renew(this.o.clock.now(), { likelyMissing: agent.createdNode });
      this.leaseWrites++;
      return;
    }
    if (!agent.registered) return this.register(agent);
    await this.postStatus(agent, this.o.lister.get('', agent.name));
  }

  /** Stops every timer. */
  close(): void {
    this.timers.close();
  }

  private async register(agent: SimNodeAgent): Promise<void> {
    const now = this.o.clock.now();
    const { nodes, cidrs } = this.o;
    let existing = this.o.lister.get('', agent.name);
    if (existing === undefined) {
      const cidr = cidrs?.allocate();
      try {
        const created = await nodes.create(agent.nodeForRegistration(cidr, now));
        agent.observe(created, now);
        agent.registered = true;
        agent.createdNode = true;
        agent.nextReportAt = now + this.o.statusReportMs;
        this.statusWrites++;
        this.registered(agent, agent.health().ready);
        return;
      } catch (err) {
        if (cidr !== undefined) cidrs?.release(cidr);
        if (!isStatusError(err, 'AlreadyExists')) throw err;
        existing = await nodes.get(agent.name);
      }
    }
    // A node left by an earlier run (or registered by hand): reconcile it and report afresh.
    const cidr = !existing.spec?.podCIDR ? cidrs?.allocate() : undefined;
    const patch = agent.reconcilePatch(existing, cidr);
    let node = existing;
    if (patch !== undefined) {
      try {
        node = await nodes.patch(agent.name, 'merge', patch);
      } catch (err) {
        if (cidr !== undefined) cidrs?.release(cidr);
        throw err;
      }
    }
    agent.observe(node, now);
    agent.registered = true;
    await this.postStatus(agent, node);
    this.registered(agent, agent.postedReady);
  }

  private registered(agent: SimNodeAgent, ready: boolean): void {
    const now = this.o.clock.now();
    const { random, leaseRenewMs, statusReportMs } = this.o;
    this.o.writes.enqueue(leaseWriteKey(agent.name), leaseLane);
    this.timers.schedule(leaseWriteKey(agent.name), now + random() * leaseRenewMs);
    // Nodes registered together would report together every 5 minutes; a random first period
    // spreads them out for good.
    agent.nextReportAt = now + random() * statusReportMs;
    this.timers.schedule(nodeWriteKey(agent.name), agent.nextReportAt);
    if (ready) this.markReady(agent);
    this.o.onPodsRunnable(agent.name);
  }

  private async postStatus(agent: SimNodeAgent, current: Node | undefined): Promise<void> {
    const now = this.o.clock.now();
    const status = agent.status(current, now);
    try {
      await this.o.nodes.patch(agent.name, 'merge', { status }, { subresource: 'status' });
    } catch (err) {
      if (!isStatusError(err, 'NotFound')) throw err;
      agent.deleted = true;
      this.o.logger.warn('simulated node not found; it stops reporting', { node: agent.name });
      return;
    }
    this.statusWrites++;
    agent.nextReportAt = now + this.o.statusReportMs;
    const ready = status.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
    if (ready) this.markReady(agent);
    else agent.postedReady = false;
  }

  private markReady(agent: SimNodeAgent): void {
    if (agent.postedReady) return;
    agent.postedReady = true;
    this.readyCount++;
    if (this.readyCount >= this.o.agents.length) for (const w of this.readyWaiters.splice(0)) w();
  }

  private due(key: string, now: number): void {
    const agent = this.byName.get(key.slice(2));
    if (agent === undefined || agent.deleted) return;
    const live = agent.registered && !agent.stopped;
    if (key.startsWith('l:')) {
      if (live) this.o.writes.enqueue(key, leaseLane);
      this.timers.schedule(key, now + this.o.leaseRenewMs * (1 + leaseJitter * this.o.random()));
      return;
    }
    // A report made since (a change) moved the next periodic one back.
    const next = agent.nextReportAt;
    if (live && next <= now) this.o.writes.enqueue(key, nodeLane);
    this.timers.schedule(key, next > now ? next : now + this.o.statusReportMs);
  }

  private markCidrs(node: Node): void {
    const cidrs = this.o.cidrs;
    if (cidrs === undefined) return;
    for (const c of node.spec?.podCIDRs ?? (node.spec?.podCIDR ? [node.spec.podCIDR] : [])) cidrs.markUsed(c);
  }
}

import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { systemClock, type Clock } from '../../base/clock.js';
import { createLogger, type Logger } from '../../base/logger.js';
import type { KubeClient } from '../../client/index.js';
import { SharedInformer, stripManagedFields } from '../../informers/index.js';
import { leasesResource, nodeLeaseRenewIntervalMs, defaultNodeLeaseDurationSeconds } from '../node-lease.js';
import { WriteQueue } from '../write-queue.js';
import { PodCidrAllocator } from './pod-cidr-allocator.js';
import { SimNodeAgent } from './sim-node-agent.js';
import { simNodeProfiles, type SimNodeProfileOptions } from './sim-node-profile.js';
import { SimNodes } from './sim-nodes.js';
import { defaultSimPodTiming, type SimPodTiming } from './sim-pod.js';
import { podsByNodeIndex, SimPods } from './sim-pods.js';

/** How simulated nodes get their podCIDRs. */
export interface SimPodCidrOptions {
  /**
   * Assign a range to every node without one, standing in for the node-ipam controller (default
   * true). When false, nodes stay NotReady (no pod network) until something sets spec.podCIDR.
   */
  readonly assign?: boolean;
  /**
   * The cluster's pod network (default 10.42.0.0/16; with more nodes than its /24s, 10.64.0.0/10,
   * which holds 16,384 of them and stays clear of the 10.43.0.0/16 service range).
   */
  readonly clusterCidr?: string;
  /** Prefix length of each node's range (default 24). */
  readonly nodeMaskSize?: number;
}

/** Settings of a SimCluster: the node profiles plus how the simulated kubelets behave. */
export interface SimClusterOptions extends Omit<SimNodeProfileOptions, 'count'> {
  /** The client every simulated kubelet talks through; its QPS limit paces all their writes. */
  readonly client: KubeClient;
  readonly nodeCount: number;
  /**
   * Watch only the one simulated node's own Node object and pods (metadata.name= and
   * spec.nodeName= field selectors), as a kubelet must when it runs as system:node:<name> under the
   * Node authorizer. Needs exactly one node.
   */
  readonly nodeScoped?: boolean;
  readonly podCidrs?: SimPodCidrOptions;
  readonly podTiming?: Partial<SimPodTiming>;
  /** Lease duration (default 40 s); renewals come every quarter of it. */
  readonly leaseDurationSeconds?: number;
  /** How often an unchanged NodeStatus is reported anyway (default 5 min, nodeStatusReportFrequency). */
  readonly statusReportMs?: number;
  /** Writes in flight at once (default 64). */
  readonly writeConcurrency?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly random?: () => number;
}

/** Counters of a running SimCluster. */
export interface SimClusterStats {
  readonly nodes: number;
  readonly readyNodes: number;
  /** Pods with a live state machine (not yet finished). */
  readonly activePods: number;
  readonly leaseWrites: number;
  readonly nodeStatusWrites: number;
  readonly podStatusWrites: number;
  readonly podDeletions: number;
  readonly pendingWrites: number;
  readonly failedWrites: number;
}

const podsType = { group: '', version: 'v1', resource: 'pods' } as const;
const nodesType = { group: '', version: 'v1', resource: 'nodes' } as const;

/**
 * N simulated nodes in one process, kwok-style, through the client and informers a real kubelet
 * uses: one Node informer and one Pod informer (pods with a node, indexed by node) shared by all
 * of them, one TimerQueue per concern, and one WriteQueue whose lanes put leases first, then
 * node registrations and statuses, then pod statuses. `start` resolves once the informers synced and registration is queued.
 */
export class SimCluster {
  /** The simulated nodes' names. */
  readonly nodeNames: readonly string[];
  private readonly nodes: SimNodes;
  private readonly pods: SimPods;
  private readonly writes: WriteQueue<string>;
  private readonly controller: AbortController;
  private readonly runs: Promise<void>[];

  private constructor(parts: {
    nodeNames: readonly string[];
    nodes: SimNodes;
    pods: SimPods;
    writes: WriteQueue<string>;
    controller: AbortController;
    runs: Promise<void>[];
  }) {
    this.nodeNames = parts.nodeNames;
    this.nodes = parts.nodes;
    this.pods = parts.pods;
    this.writes = parts.writes;
    this.controller = parts.controller;
    this.runs = parts.runs;
  }

  /** Builds the nodes, syncs the informers and queues every registration. */
  static async start(options: SimClusterOptions): Promise<SimCluster> {
    const clock = options.clock ?? systemClock;
    const logger = options.logger ?? createLogger('sim');
    const random = options.random ?? Math.random;
    const { client } = options;
    const leaseDurationSeconds = options.leaseDurationSeconds ?? defaultNodeLeaseDurationSeconds;
    const profiles = simNodeProfiles({ ...options, count: options.nodeCount });
    if (options.nodeScoped && profiles.length !== 1)
      throw new RangeError(`a node-scoped simulator runs exactly one node, not ${profiles.length}`);
    const ownNode = options.nodeScoped ? profiles[0]!.name : undefined;
    const leases = client.resource<Lease>(leasesResource);
    const agents = profiles.map((profile) => new SimNodeAgent({ profile, leases, leaseDurationSeconds }));
    const byName = new Map(agents.map((a) => [a.name, a]));

    const cidrOptions = options.podCidrs ?? {};
    const cidrs =
      cidrOptions.assign === false
        ? undefined
        : new PodCidrAllocator({
            clusterCidr:
              cidrOptions.clusterCidr ?? (options.nodeCount <= 256 ? '10.42.0.0/16' : '10.64.0.0/10'),
            ...(cidrOptions.nodeMaskSize !== undefined ? { nodeMaskSize: cidrOptions.nodeMaskSize } : {}),
          });

    const nodeInformer = new SharedInformer<Node>({
      listerWatcher: client.resource<Node>(nodesType),
      name: 'nodes',
      ...(ownNode !== undefined ? { fieldSelector: `metadata.name=${ownNode}` } : {}),
      // The simulator never reads managedFields: thousands of cached nodes and pods need not hold them.
      transform: stripManagedFields,
      clock,
      logger: logger.child('nodes'),
    });
    // Only bound pods matter to a kubelet; the server filters the rest out of list and watch.
    const podInformer = new SharedInformer<Pod>({
      listerWatcher: client.resource<Pod>(podsType),
      name: 'pods',
      fieldSelector: ownNode !== undefined ? `spec.nodeName=${ownNode}` : 'spec.nodeName!=',
      indexers: { [podsByNodeIndex]: (p: Pod) => [p.spec?.nodeName ?? ''] },
      transform: stripManagedFields,
      clock,
      logger: logger.child('pods'),
    });

    let lastErrorLog = -Infinity;
    let errorsSinceLog = 0;
    const writes: WriteQueue<string> = new WriteQueue<string>({
      clock,
      concurrency: options.writeConcurrency ?? 64,
      lanes: 3,
      write: (key) => (key.startsWith('p:') ? pods.write(key.slice(2)) : nodes.write(key)),
      onError: (key, err) => {
        errorsSinceLog++;
        // Thousands of nodes failing together must not flood the log: one line per 10 s.
        if (clock.now() - lastErrorLog < 10_000) return;
        logger.warn('simulated kubelet write failed; retrying', { key, err, failures: errorsSinceLog });
        lastErrorLog = clock.now();
        errorsSinceLog = 0;
      },
    });
    const pods: SimPods = new SimPods({
      clock,
      pods: client.resource<Pod>(podsType),
      lister: podInformer.lister,
      writes,
      agentOf: (name) => byName.get(name),
      timing: { ...defaultSimPodTiming, ...(options.podTiming ?? {}) },
      logger,
    });
    const nodes: SimNodes = new SimNodes({
      clock,
      random,
      logger,
      nodes: client.resource<Node>(nodesType),
      lister: nodeInformer.lister,
      writes,
      agents,
      cidrs,
      leaseRenewMs: nodeLeaseRenewIntervalMs(leaseDurationSeconds),
      statusReportMs: options.statusReportMs ?? 300_000,
      onPodsRunnable: (name) => pods.resync(name),
    });

    nodeInformer.addEventHandler({
      onAdd: (n) => nodes.onNode(n),
      onUpdate: (_old, n) => nodes.onNode(n),
      onDelete: (n) => nodes.onNodeDeleted(n),
    });
    podInformer.addEventHandler({
      onAdd: (p) => pods.onPod(p),
      onUpdate: (_old, p) => pods.onPod(p),
      onDelete: (p) => pods.onPodDeleted(p),
    });

    const controller = new AbortController();
    const runs = [nodeInformer.run(controller.signal), podInformer.run(controller.signal)];
    const synced = (await nodeInformer.whenSynced()) && (await podInformer.whenSynced());
    if (!synced) throw new Error('simulated nodes: informers stopped before they synced');
    nodes.start();
    logger.info('simulated nodes registering', { nodes: agents.length });
    const cluster = new SimCluster({
      nodeNames: agents.map((a) => a.name),
      nodes,
      pods,
      writes,
      controller,
      runs,
    });
    const started = clock.now();
    void nodes.whenReady(controller.signal).then((ready) => {
      if (ready) logger.info('simulated nodes ready', { nodes: agents.length, ms: clock.now() - started });
    });
    return cluster;
  }

  /** Resolves true once every node registered and reported Ready, false if `signal` aborts first. */
  whenReady(signal?: AbortSignal): Promise<boolean> {
    return this.nodes.whenReady(
      signal ? AbortSignal.any([signal, this.controller.signal]) : this.controller.signal,
    );
  }

  /** Counters for benchmarks and logs. */
  stats(): SimClusterStats {
    return {
      nodes: this.nodeNames.length,
      readyNodes: this.nodes.ready,
      activePods: this.pods.active,
      leaseWrites: this.nodes.leaseWrites,
      nodeStatusWrites: this.nodes.statusWrites,
      podStatusWrites: this.pods.statusWrites,
      podDeletions: this.pods.deletions,
      pendingWrites: this.writes.pending + this.writes.inFlight,
      failedWrites: this.writes.failed,
    };
  }

  /** Stops heartbeats, pod simulation and the informers (the Node objects stay, as after a crash). */
  async close(): Promise<void> {
    this.nodes.close();
    this.pods.close();
    this.writes.close();
    this.controller.abort();
    await Promise.allSettled(this.runs);
  }
}

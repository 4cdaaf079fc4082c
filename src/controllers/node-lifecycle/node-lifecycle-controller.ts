import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Node, NodeCondition, Pod } from 'kubernetes-types/core/v1.js';
import type { Logger } from '../../base/logger.js';
import { formatRfc3339 } from '../../base/rfc3339.js';
import { Controller, type EventRecorder } from '../../controller-framework/index.js';
import { splitKey, type Lister } from '../../informers/index.js';
import type { ControllerContext } from '../controller-context.js';
import { runPeriodically } from '../shared/infra-periodic.js';
import { podInformerByNode, podsByNodeIndex } from '../shared/infra-pods-by-node.js';
import { leasesResource, nodesResource } from '../shared/infra-resources.js';
import { taintExists } from '../shared/infra-taints.js';
import { markPodsNotReady } from './mark-pods-not-ready.js';
import { checkNodeHealth, type NodeHealth } from './node-health.js';
import { noScheduleTaintChanges, notReadyTaint, swapNodeTaints, unreachableTaint } from './node-taints.js';
import { RateLimitedTimedQueue } from './rate-limited-timed-queue.js';
import {
  decideDisruption,
  defaultEvictionRates,
  zoneKeyOf,
  type EvictionRates,
  type ZoneState,
} from './zone-state.js';

/** Nodes with this label do not count towards their zone's disruption state. */
export const excludeDisruptionLabel = 'node.kubernetes.io/exclude-disruption';
// The namespace kubelets renew their heartbeat Leases in.
const nodeLeaseNamespace = 'kube-node-lease';
// How often nodes queued for NoExecute tainting are looked at (scheduler.NodeEvictionPeriod).
const evictionPassPeriodMs = 100;
// Stable labels whose beta twins are kept in step (labelReconcileInfo).
const betaLabels: readonly [string, string][] = [
  ['kubernetes.io/os', 'beta.kubernetes.io/os'],
  ['kubernetes.io/arch', 'beta.kubernetes.io/arch'],
];

/** --node-monitor-grace-period's default: 50 s (upstream raised it from 40 s in 1.32). */
export const defaultNodeMonitorGracePeriodMs = 50_000;
/** --node-monitor-period's default. */
export const defaultNodeMonitorPeriodMs = 5000;
/** --node-startup-grace-period's default. */
export const defaultNodeStartupGracePeriodMs = 60_000;

/** What a NodeLifecycleController is created with; durations are upstream's flag defaults. */
export interface NodeLifecycleControllerOptions {
  readonly context: ControllerContext;
  /** Workers for node taint/label updates (upstream's nodeUpdateWorkerSize, 8). */
  readonly workers: number;
  /** --node-monitor-period (5 s). */
  readonly nodeMonitorPeriodMs?: number;
  /** --node-monitor-grace-period (50 s since upstream 1.32). */
  readonly nodeMonitorGracePeriodMs?: number;
  /** --node-startup-grace-period (60 s). */
  readonly nodeStartupGracePeriodMs?: number;
  readonly evictionRates?: Partial<EvictionRates>;
}

/**
 * Watches node heartbeats (status and Leases): marks silent nodes Ready=Unknown, their pods
 * Ready=False, taints NotReady/unreachable nodes with NoExecute at a per-zone rate that slows or
 * stops as zones are disrupted, and keeps condition-based NoSchedule taints in line.
 */
export class NodeLifecycleController {
  private readonly ctx: ControllerContext;
  private readonly log: Logger;
  private readonly recorder: EventRecorder;
  private readonly nodes: Lister<Node>;
  private readonly pods: Lister<Pod>;
  private readonly leases: Lister<Lease>;
  private readonly nodeQueue: Controller<string>;
  private readonly podQueue: Controller<string>;
  private readonly rates: EvictionRates;
  private readonly monitorPeriodMs: number;
  private readonly gracePeriodMs: number;
  private readonly startupGracePeriodMs: number;
  private readonly knownNodes = new Map<string, Node>();
  private readonly health = new Map<string, NodeHealth>();
  private zoneStates = new Map<string, ZoneState>();
  private readonly tainters = new Map<string, RateLimitedTimedQueue>();
  private readonly nodesToRetry = new Set<string>();

  constructor(options: NodeLifecycleControllerOptions) {
    const ctx = (this.ctx = options.context);
    this.log = ctx.log.child('node-lifecycle');
    this.recorder = ctx.recorder('node-controller');
    this.rates = { ...defaultEvictionRates, ...options.evictionRates };
    this.monitorPeriodMs = options.nodeMonitorPeriodMs ?? defaultNodeMonitorPeriodMs;
    this.gracePeriodMs = options.nodeMonitorGracePeriodMs ?? defaultNodeMonitorGracePeriodMs;
    this.startupGracePeriodMs = options.nodeStartupGracePeriodMs ?? defaultNodeStartupGracePeriodMs;
    this.nodeQueue = new Controller<string>({
      name: 'node_lifecycle_controller',
      workers: options.workers,
      reconcile: (name) => this.processNode(name),
      clock: ctx.clock,
      log: this.log,
    });
    this.podQueue = new Controller<string>({
      name: 'node_lifecycle_controller_pods',
      workers: 4,
      reconcile: (key) => this.processPod(key),
      clock: ctx.clock,
      log: this.log,
    });
    const nodeInformer = ctx.informers.informerFor<Node>(nodesResource);
    const podInformer = podInformerByNode(ctx);
    this.nodes = nodeInformer.lister;
    this.pods = podInformer.lister;
    this.leases = ctx.informers.informerFor<Lease>(leasesResource).lister;
    nodeInformer.addEventHandler({
      onAdd: (n) => this.nodeQueue.enqueue(n.metadata?.name ?? ''),
      onUpdate: (_o, n) => this.nodeQueue.enqueue(n.metadata?.name ?? ''),
      onDelete: (n) => this.nodesToRetry.delete(n.metadata?.name ?? ''),
    });
    const onPod = (oldPod: Pod | undefined, pod: Pod) => {
      const nodeName = pod.spec?.nodeName;
      if (nodeName && (oldPod === undefined || oldPod.spec?.nodeName !== nodeName))
        this.podQueue.enqueue(`${pod.metadata?.namespace}/${pod.metadata?.name}`);
    };
    podInformer.addEventHandler({ onAdd: (p) => onPod(undefined, p), onUpdate: onPod });
  }

  /** Runs the monitor loop, the tainting pass and the workers until the context's signal aborts. */
  async run(): Promise<void> {
    const { clock, signal } = this.ctx;
    await Promise.all([
      this.nodeQueue.start(signal),
      this.podQueue.start(signal),
      runPeriodically(() => this.noExecuteTaintingPass(), {
        clock,
        periodMs: evictionPassPeriodMs,
        signal,
        log: this.log,
      }),
      runPeriodically(() => this.monitorNodeHealth(), {
        clock,
        periodMs: this.monitorPeriodMs,
        signal,
        log: this.log,
      }),
    ]);
  }

  private nowIso(): string {
    return formatRfc3339(this.ctx.clock.now());
  }

  private nodeEvent(node: Node, type: 'Normal', reason: string, message: string): void {
    const name = node.metadata?.name ?? '';
    const ref = { apiVersion: 'v1', kind: 'Node', name, uid: node.metadata?.uid ?? '' };
    this.recorder.event(ref, type, reason, 'Node %s event: %s', name, message);
  }

  private podsOn(nodeName: string): Pod[] {
    return this.pods.byIndex(podsByNodeIndex, nodeName);
  }

  /** NoSchedule taints from conditions, and the beta OS/arch labels (doNodeProcessingPassWorker). */
  private async processNode(name: string): Promise<void> {
    const node = this.nodes.get('', name);
    if (node === undefined) return;
    const { add, remove } = noScheduleTaintChanges(node);
    if (add.length > 0 || remove.length > 0)
      await swapNodeTaints(this.ctx.client, node, add, remove, this.nowIso());
    const labels: Record<string, string> = {};
    for (const [stable, beta] of betaLabels) {
      const value = node.metadata?.labels?.[stable];
      if (value !== undefined && node.metadata?.labels?.[beta] !== value) labels[beta] = value;
    }
    if (Object.keys(labels).length > 0)
      await this.ctx.client.resource<Node>(nodesResource).patch(name, 'strategic', { metadata: { labels } });
  }

  /** Marks a newly bound pod NotReady when its node is not ready (processPod). */
  private async processPod(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const pod = this.pods.get(namespace, name);
    if (pod === undefined) return;
    const nodeName = pod.spec?.nodeName ?? '';
    const health = this.health.get(nodeName);
    if (health === undefined) return;
    if (this.nodes.get('', nodeName) === undefined) throw new Error(`node ${nodeName} not in cache yet`);
    const ready = health.status.conditions?.find((c) => c.type === 'Ready');
    if (ready === undefined || ready.status === 'True') return;
    await markPodsNotReady(this.ctx.client, this.recorder, [pod], nodeName, this.nowIso());
  }

  private tainterFor(node: Node): RateLimitedTimedQueue {
    const zone = zoneKeyOf(node);
    if (!this.zoneStates.has(zone) || !this.tainters.has(zone)) {
      this.zoneStates.set(zone, 'Initial');
      this.tainters.set(
        zone,
        new RateLimitedTimedQueue({ clock: this.ctx.clock, qps: this.rates.evictionQps }),
      );
    }
    return this.tainters.get(zone) as RateLimitedTimedQueue;
  }

  /** One pass of the node health monitor (monitorNodeHealth). */
  private async monitorNodeHealth(): Promise<void> {
    const nodes = this.nodes.list();
    const present = new Set(nodes.map((n) => n.metadata?.name ?? ''));
    for (const node of nodes) {
      const name = node.metadata?.name ?? '';
      if (!this.knownNodes.has(name)) {
        this.nodeEvent(node, 'Normal', 'RegisteredNode', `Registered Node ${name} in Controller`);
        this.knownNodes.set(name, node);
        this.tainterFor(node);
        await this.markNodeAsReachable(node).catch((err) =>
          this.log.error('untainting failed', { node: name, err }),
        );
      } else if (!this.zoneStates.has(zoneKeyOf(node))) {
        this.tainterFor(node);
      }
    }
    for (const [name, node] of [...this.knownNodes]) {
      if (present.has(name)) continue;
      this.nodeEvent(node, 'Normal', 'RemovingNode', `Removing Node ${name} from Controller`);
      this.knownNodes.delete(name);
    }

    const zoneConditions = new Map<string, (NodeCondition | undefined)[]>();
    const queue = [...nodes];
    // Marking pods takes one write per pod; a few nodes are handled at once.
    await Promise.all(
      Array.from({ length: Math.min(8, queue.length) }, async () => {
        for (let node = queue.shift(); node !== undefined; node = queue.shift()) {
          await this.updateNode(node, zoneConditions);
        }
      }),
    );
    await this.handleDisruption(zoneConditions, nodes);
  }

  private async updateNode(
    cached: Node,
    zoneConditions: Map<string, (NodeCondition | undefined)[]>,
  ): Promise<void> {
    const name = cached.metadata?.name ?? '';
    let node = cached;
    let observedReady: NodeCondition | undefined;
    let currentReady: NodeCondition | undefined;
    for (let attempt = 0; ; attempt++) {
      const result = checkNodeHealth({
        node,
        saved: this.health.get(name),
        lease: this.leases.get(nodeLeaseNamespace, name),
        now: this.ctx.clock.now(),
        gracePeriodMs: this.gracePeriodMs,
        startupGracePeriodMs: this.startupGracePeriodMs,
      });
      observedReady = result.observedReady;
      currentReady = result.currentReady;
      if (result.update === undefined) {
        this.health.set(name, result.health);
        break;
      }
      try {
        await this.ctx.client
          .resource<Node>(nodesResource)
          .updateStatus({ ...node, status: result.update.status });
        this.health.set(name, result.update.health);
        break;
      } catch (err) {
        this.health.set(name, result.health);
        if (attempt >= 4) {
          this.log.error('Update health of Node from Controller error, Skipping - no pods will be evicted', {
            node: name,
            err,
          });
          return;
        }
        try {
          node = await this.ctx.client.resource<Node>(nodesResource).get(name);
        } catch (getErr) {
          this.log.error('Failed while getting a Node to retry updating node health', {
            node: name,
            err: getErr,
          });
          return;
        }
      }
    }
    if (node.metadata?.labels?.[excludeDisruptionLabel] === undefined) {
      const zone = zoneKeyOf(node);
      zoneConditions.set(zone, [...(zoneConditions.get(zone) ?? []), currentReady]);
    }
    if (currentReady !== undefined && observedReady !== undefined) {
      const pods = this.podsOn(name);
      await this.processTaintBasedEviction(node, observedReady);
      const becameNotReady = currentReady.status !== 'True' && observedReady.status === 'True';
      if (becameNotReady)
        this.recorder.event(
          { apiVersion: 'v1', kind: 'Node', name, uid: node.metadata?.uid ?? '' },
          'Normal',
          'NodeNotReady',
          'Node %s status is now: %s',
          name,
          'NodeNotReady',
        );
      if (becameNotReady || (this.nodesToRetry.has(name) && observedReady.status !== 'True')) {
        try {
          await markPodsNotReady(this.ctx.client, this.recorder, pods, name, this.nowIso());
        } catch (err) {
          this.log.error('unable to mark all pods NotReady on node; queuing for retry', { node: name, err });
          this.nodesToRetry.add(name);
          return;
        }
      }
    }
    this.nodesToRetry.delete(name);
  }

  private async processTaintBasedEviction(node: Node, observedReady: NodeCondition): Promise<void> {
    const taints = node.spec?.taints;
    try {
      if (observedReady.status === 'False') {
        if (taintExists(taints, unreachableTaint))
          await swapNodeTaints(this.ctx.client, node, [notReadyTaint], [unreachableTaint], this.nowIso());
        else this.markNodeForTainting(node, 'False');
      } else if (observedReady.status === 'Unknown') {
        if (taintExists(taints, notReadyTaint))
          await swapNodeTaints(this.ctx.client, node, [unreachableTaint], [notReadyTaint], this.nowIso());
        else this.markNodeForTainting(node, 'Unknown');
      } else if (observedReady.status === 'True') {
        await this.markNodeAsReachable(node);
      }
    } catch (err) {
      this.log.error('Failed to swap taints, will try again in the next cycle', {
        node: node.metadata?.name,
        err,
      });
    }
  }

  private markNodeForTainting(node: Node, status: 'False' | 'Unknown'): boolean {
    const tainter = this.tainterFor(node);
    const name = node.metadata?.name ?? '';
    const taint = status === 'False' ? notReadyTaint : unreachableTaint;
    // A node whose taint is not there (any more) must be able to queue again.
    if (!taintExists(node.spec?.taints, taint)) tainter.remove(name);
    return tainter.add(name, node.metadata?.uid ?? '');
  }

  private async markNodeAsReachable(node: Node): Promise<boolean> {
    await swapNodeTaints(this.ctx.client, node, [], [unreachableTaint, notReadyTaint], this.nowIso());
    return this.tainterFor(node).remove(node.metadata?.name ?? '');
  }

  /** Taints queued nodes NoExecute at each zone's rate (doNoExecuteTaintingPass). */
  private async noExecuteTaintingPass(): Promise<void> {
    for (const tainter of [...this.tainters.values()]) {
      await tainter.try(async (item) => {
        const node = this.nodes.get('', item.value);
        if (node === undefined) return { done: true };
        const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
        if (ready === undefined) return { done: false, retryAfterMs: 50 };
        // not-ready and unreachable mirror Ready=False and Ready=Unknown, so they exclude each other.
        let add;
        let opposite;
        if (ready.status === 'False') [add, opposite] = [notReadyTaint, unreachableTaint];
        else if (ready.status === 'Unknown') [add, opposite] = [unreachableTaint, notReadyTaint];
        else return { done: true };
        try {
          await swapNodeTaints(this.ctx.client, node, [add], [opposite], this.nowIso());
          return { done: true };
        } catch (err) {
          this.log.error('tainting failed', { node: item.value, err });
          return { done: false, retryAfterMs: 0 };
        }
      });
    }
  }

  private async handleDisruption(
    zoneConditions: ReadonlyMap<string, readonly (NodeCondition | undefined)[]>,
    nodes: readonly Node[],
  ): Promise<void> {
    const decision = decideDisruption(this.zoneStates, zoneConditions, this.rates);
    if (decision.enteredFullDisruption) {
      this.log.info('Controller detected that all Nodes are not-Ready. Entering master disruption mode');
      for (const node of nodes)
        await this.markNodeAsReachable(node).catch((err) =>
          this.log.error('Failed to remove taints from Node', { node: node.metadata?.name, err }),
        );
    }
    if (decision.exitedFullDisruption) {
      this.log.info('Controller detected that some Nodes are Ready. Exiting master disruption mode');
      const now = this.ctx.clock.now();
      for (const node of nodes) {
        const name = node.metadata?.name ?? '';
        const h = this.health.get(name);
        if (h !== undefined)
          this.health.set(name, { ...h, probeTimestamp: now, readyTransitionTimestamp: now });
      }
    }
    for (const [zone, qps] of decision.limiterQps) this.tainters.get(zone)?.swapLimiter(qps);
    for (const [zone, state] of decision.states)
      if (this.zoneStates.get(zone) !== state) this.log.info('zone is now in a new state', { zone, state });
    this.zoneStates = decision.states;
  }

  /** The zone states, for tests and metrics. */
  zoneStatesSnapshot(): ReadonlyMap<string, ZoneState> {
    return new Map(this.zoneStates);
  }
}

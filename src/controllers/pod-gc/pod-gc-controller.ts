import type { Node, Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import type { Logger } from '../../base/logger.js';
import { formatRfc3339 } from '../../base/rfc3339.js';
import type { Lister } from '../../informers/index.js';
import type { ControllerContext } from '../controller-context.js';
import { runPeriodically } from '../shared/infra-periodic.js';
import { isPodTerminal, withPodCondition } from '../shared/infra-pod.js';
import { nodesResource, podsResource } from '../shared/infra-resources.js';
import { isNotFound } from '../shared/infra-status-errors.js';
import {
  terminatedPodsToDelete,
  terminatingPodsOnOutOfServiceNodes,
  unscheduledTerminatingPods,
} from './gc-candidates.js';

/** What a PodGCController is created with; durations are upstream's. */
export interface PodGCControllerOptions {
  readonly context: ControllerContext;
  /** --terminated-pod-gc-threshold: terminated pods kept before the oldest are deleted (12500; 0 disables). */
  readonly terminatedPodThreshold?: number;
  /** How often the collector runs (20 s). */
  readonly gcCheckPeriodMs?: number;
  /** How long a node must be missing before its pods count as orphaned (40 s). */
  readonly quarantineMs?: number;
}

/**
 * The pod garbage collector: deletes terminated pods over the threshold, pods bound to nodes
 * that no longer exist, terminating pods on out-of-service nodes and terminating pods that were
 * never scheduled — moving each to Failed first (with DisruptionTarget for orphans) and
 * force-deleting it.
 */
export class PodGCController {
  private readonly ctx: ControllerContext;
  private readonly log: Logger;
  private readonly pods: Lister<Pod>;
  private readonly nodes: Lister<Node>;
  private readonly threshold: number;
  private readonly periodMs: number;
  private readonly quarantineMs: number;
  // Missing nodes and when their quarantine ends.
  private readonly quarantine = new Map<string, number>();

  constructor(options: PodGCControllerOptions) {
    const ctx = (this.ctx = options.context);
    this.log = ctx.log.child('pod-gc');
    this.threshold = options.terminatedPodThreshold ?? 12_500;
    this.periodMs = options.gcCheckPeriodMs ?? 20_000;
    this.quarantineMs = options.quarantineMs ?? 40_000;
    this.pods = ctx.informers.informerFor<Pod>(podsResource).lister;
    this.nodes = ctx.informers.informerFor<Node>(nodesResource).lister;
  }

  /** Collects every period until the context's signal aborts. */
  run(): Promise<void> {
    const { clock, signal } = this.ctx;
    return runPeriodically(() => this.gc(), { clock, periodMs: this.periodMs, signal, log: this.log });
  }

  /** One collection pass. */
  async gc(): Promise<void> {
    const pods = this.pods.list();
    const nodes = this.nodes.list();
    await Promise.all(terminatedPodsToDelete(pods, this.threshold).map((p) => this.deleteLogged(p)));
    await Promise.all(
      terminatingPodsOnOutOfServiceNodes(pods, (n) => this.nodes.get('', n)).map((p) => this.deleteLogged(p)),
    );
    await this.gcOrphaned(pods, nodes);
    for (const pod of unscheduledTerminatingPods(pods)) await this.deleteLogged(pod);
  }

  private async gcOrphaned(pods: readonly Pod[], nodes: readonly Node[]): Promise<void> {
    const existing = new Set(nodes.map((n) => n.metadata?.name ?? ''));
    const now = this.ctx.clock.now();
    for (const pod of pods) {
      const nodeName = pod.spec?.nodeName;
      if (nodeName && !existing.has(nodeName) && !this.quarantine.has(nodeName))
        this.quarantine.set(nodeName, now + this.quarantineMs);
    }
    const deleted = new Set<string>();
    for (const [nodeName, until] of [...this.quarantine]) {
      if (until > now) continue;
      this.quarantine.delete(nodeName);
      if (existing.has(nodeName)) continue;
      // The cache may lag: only the apiserver can say the node is really gone.
      try {
        await this.ctx.client.resource<Node>(nodesResource).get(nodeName);
      } catch (err) {
        if (isNotFound(err)) deleted.add(nodeName);
        else this.log.error('Error while getting node', { node: nodeName, err });
      }
    }
    for (const pod of pods) {
      if (!deleted.has(pod.spec?.nodeName ?? '')) continue;
      await this.deleteLogged(pod, {
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'DeletionByPodGC',
        message: 'PodGC: node no longer exists',
      });
    }
  }

  private async deleteLogged(pod: Pod, condition?: PodCondition): Promise<void> {
    try {
      await this.markFailedAndDelete(pod, condition);
    } catch (err) {
      if (!isNotFound(err)) this.log.error('failed to delete pod', { pod: pod.metadata?.name, err });
    }
  }

  /** Moves a non-terminal pod to Failed (with `condition`) and force-deletes it. */
  private async markFailedAndDelete(pod: Pod, condition?: PodCondition): Promise<void> {
    const ns = pod.metadata?.namespace ?? '';
    const name = pod.metadata?.name ?? '';
    this.log.info('PodGC is force deleting Pod', { pod: `${ns}/${name}` });
    const pods = this.ctx.client.resource<Pod>(podsResource).namespace(ns);
    // Without a kubelet nothing else would ever move an orphaned pod out of Running.
    if (!isPodTerminal(pod)) {
      const status: Record<string, unknown> = { phase: 'Failed' };
      if (condition !== undefined) {
        const { conditions } = withPodCondition(
          pod.status?.conditions,
          condition,
          formatRfc3339(this.ctx.clock.now()),
        );
        status['conditions'] = conditions.filter((c) => c.type === condition.type);
      }
      await pods.patch(
        name,
        'strategic',
        { metadata: { uid: pod.metadata?.uid }, status },
        { subresource: 'status' },
      );
    }
    await pods.delete(name, { gracePeriodSeconds: 0 });
  }
}

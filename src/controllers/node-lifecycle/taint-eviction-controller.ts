import type { Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1.js';
import type { Cancel } from '../../base/clock.js';
import { deepEqual } from '../../base/deep-equal.js';
import type { Logger } from '../../base/logger.js';
import { formatRfc3339 } from '../../base/rfc3339.js';
import { Controller, type EventRecorder } from '../../controller-framework/index.js';
import { splitKey, type Lister } from '../../informers/index.js';
import type { ControllerContext } from '../controller-context.js';
import { withPodCondition } from '../shared/infra-pod.js';
import { podInformerByNode, podsByNodeIndex } from '../shared/infra-pods-by-node.js';
import { nodesResource, podsResource } from '../shared/infra-resources.js';
import { isNotFound } from '../shared/infra-status-errors.js';
import { matchingTolerations, minTolerationTimeMs, noExecuteTaints } from './toleration-time.js';

interface ScheduledEviction {
  readonly createdAt: number;
  readonly cancel: Cancel;
}

/** What a TaintEvictionController is created with. */
export interface TaintEvictionControllerOptions {
  readonly context: ControllerContext;
  readonly workers: number;
}

/**
 * Deletes pods from nodes with NoExecute taints they do not tolerate — at once, or when their
 * shortest tolerationSeconds runs out — marking them DisruptionTarget first (upstream's
 * taint-eviction-controller, run with the node lifecycle controller).
 */
export class TaintEvictionController {
  private readonly ctx: ControllerContext;
  private readonly log: Logger;
  private readonly recorder: EventRecorder;
  private readonly nodes: Lister<Node>;
  private readonly pods: Lister<Pod>;
  private readonly nodeQueue: Controller<string>;
  private readonly podQueue: Controller<string>;
  private readonly taintedNodes = new Map<string, Taint[]>();
  // Pending evictions by pod key; null marks one that already ran (upstream keeps a nil worker).
  private readonly evictions = new Map<string, ScheduledEviction | null>();

  constructor(options: TaintEvictionControllerOptions) {
    const ctx = (this.ctx = options.context);
    this.log = ctx.log.child('taint-eviction');
    this.recorder = ctx.recorder('taint-eviction-controller');
    this.nodeQueue = new Controller<string>({
      name: 'noexec_taint_node',
      workers: options.workers,
      reconcile: (name) => this.handleNode(name),
      clock: ctx.clock,
      log: this.log,
    });
    this.podQueue = new Controller<string>({
      name: 'noexec_taint_pod',
      workers: options.workers,
      reconcile: (key) => this.handlePod(key),
      clock: ctx.clock,
      log: this.log,
    });
    const nodeInformer = ctx.informers.informerFor<Node>(nodesResource);
    const podInformer = podInformerByNode(ctx);
    this.nodes = nodeInformer.lister;
    this.pods = podInformer.lister;
    nodeInformer.addEventHandler({
      onAdd: (n) => this.nodeQueue.enqueue(n.metadata?.name ?? ''),
      onUpdate: (o, n) => {
        if (!deepEqual(noExecuteTaints(o.spec?.taints), noExecuteTaints(n.spec?.taints)))
          this.nodeQueue.enqueue(n.metadata?.name ?? '');
      },
      onDelete: (n) => this.nodeQueue.enqueue(n.metadata?.name ?? ''),
    });
    const key = (p: Pod) => `${p.metadata?.namespace}/${p.metadata?.name}`;
    podInformer.addEventHandler({
      onAdd: (p) => this.podQueue.enqueue(key(p)),
      onUpdate: (o, p) => {
        if (
          o.spec?.nodeName !== p.spec?.nodeName ||
          !deepEqual(o.spec?.tolerations ?? [], p.spec?.tolerations ?? [])
        )
          this.podQueue.enqueue(key(p));
      },
      onDelete: (p) => this.podQueue.enqueue(key(p)),
    });
  }

  /** Runs the workers until the context's signal aborts; pending evictions are dropped then. */
  async run(): Promise<void> {
    await Promise.all([this.nodeQueue.start(this.ctx.signal), this.podQueue.start(this.ctx.signal)]);
    for (const e of this.evictions.values()) e?.cancel();
    this.evictions.clear();
  }

  private async handleNode(name: string): Promise<void> {
    const node = this.nodes.get('', name);
    if (node === undefined) {
      this.taintedNodes.delete(name);
      return;
    }
    const taints = noExecuteTaints(node.spec?.taints);
    if (taints.length === 0) this.taintedNodes.delete(name);
    else this.taintedNodes.set(name, taints);
    const pods = this.pods.byIndex(podsByNodeIndex, name);
    if (taints.length === 0) {
      for (const pod of pods) this.cancel(`${pod.metadata?.namespace}/${pod.metadata?.name}`);
      return;
    }
    const now = this.ctx.clock.now();
    for (const pod of pods)
      this.processPodOnNode(
        `${pod.metadata?.namespace}/${pod.metadata?.name}`,
        taints,
        pod.spec?.tolerations,
        now,
      );
  }

  private async handlePod(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const pod = this.pods.get(namespace, name);
    if (pod === undefined) {
      this.cancel(key);
      return;
    }
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) return;
    const taints = this.taintedNodes.get(nodeName);
    // An untainted (or deleted) node cancelled its pods' evictions already.
    if (taints === undefined) return;
    this.processPodOnNode(key, taints, pod.spec?.tolerations, this.ctx.clock.now());
  }

  private processPodOnNode(
    key: string,
    taints: Taint[],
    tolerations: Toleration[] | undefined,
    now: number,
  ): void {
    if (taints.length === 0) this.cancel(key);
    const { allTolerated, used } = matchingTolerations(taints, tolerations);
    if (!allTolerated) {
      this.log.debug('Not all taints are tolerated after update for pod on node', { pod: key });
      this.cancel(key);
      this.schedule(key, now, now);
      return;
    }
    const ms = minTolerationTimeMs(used);
    if (ms < 0) {
      this.cancel(key);
      return;
    }
    let start = now;
    const scheduled = this.evictions.get(key);
    if (scheduled) {
      // An earlier schedule keeps its start: the pod's time runs from when it was first due to go.
      start = scheduled.createdAt;
      if (start + ms < now + ms) return;
      this.cancel(key);
    }
    this.schedule(key, start, start + ms);
  }

  private schedule(key: string, createdAt: number, fireAt: number): void {
    if (this.evictions.has(key)) return;
    const run = () => {
      void this.evict(key).then(
        () => this.evictions.set(key, null),
        (err) => {
          this.log.error('evicting pod failed', { pod: key, err });
          this.evictions.delete(key);
        },
      );
    };
    const cancel = this.ctx.clock.after(Math.max(0, fireAt - this.ctx.clock.now()), run);
    this.evictions.set(key, { createdAt, cancel });
  }

  private cancel(key: string): void {
    const scheduled = this.evictions.get(key);
    this.evictions.delete(key);
    if (!scheduled) return;
    scheduled.cancel();
    const { namespace, name } = splitKey(key);
    this.recorder.event(
      { apiVersion: 'v1', kind: 'Pod', namespace, name },
      'Normal',
      'TaintManagerEviction',
      'Cancelling deletion of Pod %s',
      key,
    );
  }

  private async evict(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    this.recorder.event(
      { apiVersion: 'v1', kind: 'Pod', namespace, name },
      'Normal',
      'TaintManagerEviction',
      'Marking for deletion Pod %s',
      key,
    );
    const pods = this.ctx.client.resource<Pod>(podsResource).namespace(namespace);
    let last: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const pod = await pods.get(name);
        const { conditions, changed } = withPodCondition(
          pod.status?.conditions,
          {
            type: 'DisruptionTarget',
            status: 'True',
            reason: 'DeletionByTaintManager',
            message: 'Taint manager: deleting due to NoExecute taint',
          },
          formatRfc3339(this.ctx.clock.now()),
        );
        if (changed) {
          const condition = conditions.find((c) => c.type === 'DisruptionTarget');
          await pods.patch(
            name,
            'strategic',
            { metadata: { uid: pod.metadata?.uid }, status: { conditions: [condition] } },
            { subresource: 'status' },
          );
        }
        await pods.delete(name);
        return;
      } catch (err) {
        if (isNotFound(err)) return;
        last = err;
      }
    }
    throw last;
  }
}

// The DaemonSet controller (upstream's DaemonSetsController): one pod per eligible node, pinned by
// node affinity and bound by the scheduler, rolled by RollingUpdate (maxUnavailable/maxSurge) or
// replaced on delete, with ControllerRevisions and status.
import type { ControllerRevision, DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { deepEqual } from '../../base/deep-equal.js';
import type { ResourceClient } from '../../client/index.js';
import { RateLimitingQueue, runController, type EventRecorder } from '../../controller-framework/index.js';
import { splitKey, type Lister } from '../../informers/index.js';
import { isStatusError } from '../../machinery/errors/index.js';
import { selectorFromLabelSelector } from '../../machinery/labels/index.js';
import type { ControllerContext } from '../controller-context.js';
import { podRevisionLabel } from '../history/controller-revision.js';
import { RevisionStore } from '../history/revision-store.js';
import { claimObjects } from '../shared/workload-claim.js';
import { ControllerExpectations } from '../shared/workload-expectations.js';
import { controllerOf, keyOf, objectReference } from '../shared/workload-owner-refs.js';
import { PodControl, podFromTemplate } from '../shared/workload-pod-control.js';
import { isPodReady } from '../shared/workload-pod-state.js';
import {
  daemonSetsResource,
  nodesResource,
  podsResource,
  revisionsResource,
} from '../shared/workload-resources.js';
import { slowStartBatch, slowStartInitialBatchSize } from '../shared/workload-slow-start.js';
import { writeStatusWithRetry } from '../shared/workload-status-writer.js';
import {
  daemonPodTemplate,
  daemonSetKind,
  replaceNodeNameAffinity,
  targetNodeName,
  templateGeneration,
} from './daemon-pod-template.js';
import { cleanupHistory, constructHistory, type DaemonSetHistoryEnv } from './daemonset-history.js';
import { countDaemonPods, statusUpToDate } from './daemonset-status.js';
import { FailedPodBackoff } from './failed-pod-backoff.js';
import { isHeartbeatOnly, nodeShouldRunDaemonPod } from './node-should-run.js';
import { podsShouldBeOnNode, surgeCount, unavailableCount } from './pods-on-node.js';
import { planRollingUpdate } from './rolling-update.js';
import { daemonSetStatusOmitEmpty, omitEmpty } from '../shared/go-omit-empty.js';

/** Upstream's BurstReplicas: creates or deletes per sync. */
export const burstReplicas = 250;

/** What a DaemonSetController is created with. */
export interface DaemonSetControllerOptions {
  readonly ctx: ControllerContext;
  readonly workers: number;
}

type NodeToPods = Map<string, Pod[]>;

function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** Reconciles DaemonSets against the nodes. */
export class DaemonSetController {
  private readonly ctx: ControllerContext;
  private readonly workers: number;
  private readonly queue: RateLimitingQueue<string>;
  private readonly sets: Lister<DaemonSet>;
  private readonly pods: Lister<Pod>;
  private readonly nodes: Lister<Node>;
  private readonly setClient: ResourceClient<DaemonSet>;
  private readonly podClient: ResourceClient<Pod>;
  private readonly recorder: EventRecorder;
  private readonly podControl: PodControl;
  private readonly revisions: RevisionStore;
  private readonly expectations: ControllerExpectations;
  private readonly failedPods = new FailedPodBackoff();

  constructor(options: DaemonSetControllerOptions) {
    const { ctx } = options;
    this.ctx = ctx;
    this.workers = options.workers;
    this.queue = new RateLimitingQueue<string>({ name: 'daemonset', clock: ctx.clock });
    this.expectations = new ControllerExpectations({ clock: ctx.clock });
    this.recorder = ctx.recorder('daemonset-controller');
    const setInformer = ctx.informers.informerFor<DaemonSet>(daemonSetsResource);
    const podInformer = ctx.informers.informerFor<Pod>(podsResource);
    const nodeInformer = ctx.informers.informerFor<Node>(nodesResource);
    const revisionInformer = ctx.informers.informerFor<ControllerRevision>(revisionsResource);
    this.sets = setInformer.lister;
    this.pods = podInformer.lister;
    this.nodes = nodeInformer.lister;
    this.setClient = ctx.client.resource<DaemonSet>(daemonSetsResource);
    this.podClient = ctx.client.resource<Pod>(podsResource);
    this.podControl = new PodControl({
      client: ctx.client,
      recorder: this.recorder,
      ownerKind: daemonSetKind,
    });
    this.revisions = new RevisionStore({ client: ctx.client, lister: revisionInformer.lister });
    setInformer.addEventHandler({
      onAdd: (ds) => this.enqueue(ds),
      onUpdate: (_old, cur) => this.enqueue(cur),
      onDelete: (ds) => this.enqueue(ds),
    });
    revisionInformer.addEventHandler({
      onAdd: (r) => this.revisionChanged(r),
      onUpdate: (_old, cur) => this.revisionChanged(cur),
      onDelete: (r) => this.revisionChanged(r),
    });
    podInformer.addEventHandler({
      onAdd: (pod) => this.addPod(pod),
      onUpdate: (old, cur) => this.updatePod(old, cur),
      onDelete: (pod) => this.deletePod(pod),
    });
    nodeInformer.addEventHandler({
      onAdd: (node) => this.nodeChanged(undefined, node),
      onUpdate: (old, cur) => this.nodeChanged(old, cur),
    });
  }

  /** Runs the workers until the context's signal aborts. */
  run(): Promise<void> {
    return runController({
      name: 'daemonset',
      queue: this.queue,
      workers: this.workers,
      reconcile: (key) => this.sync(key),
      signal: this.ctx.signal,
      clock: this.ctx.clock,
      log: this.ctx.log,
    });
  }

  private enqueue(ds: DaemonSet): void {
    this.queue.add(keyOf(ds));
  }

  private resolve(object: { metadata?: Pod['metadata'] }): DaemonSet | undefined {
    const ref = controllerOf(object);
    if (ref === undefined || ref.kind !== daemonSetKind.kind) return undefined;
    const ds = this.sets.get(object.metadata?.namespace ?? '', ref.name);
    return ds?.metadata?.uid === ref.uid ? ds : undefined;
  }

  private selecting(namespace: string, labels: Readonly<Record<string, string>>): DaemonSet[] {
    return this.sets
      .namespace(namespace)
      .list()
      .filter((ds) => {
        const selector = selectorFromLabelSelector(ds.spec?.selector);
        return !selector.isEmpty() && selector.matches(labels);
      });
  }

  private revisionChanged(revision: ControllerRevision): void {
    const owner = this.resolve(revision);
    if (owner !== undefined) return this.enqueue(owner);
    if (controllerOf(revision) === undefined)
      for (const ds of this.selecting(revision.metadata?.namespace ?? '', revision.metadata?.labels ?? {}))
        this.enqueue(ds);
  }

  private addPod(pod: Pod): void {
    if (pod.metadata?.deletionTimestamp) return this.deletePod(pod);
    if (controllerOf(pod) !== undefined) {
      const ds = this.resolve(pod);
      if (ds === undefined) return;
      this.expectations.creationObserved(keyOf(ds));
      return this.enqueue(ds);
    }
    for (const ds of this.selecting(pod.metadata?.namespace ?? '', pod.metadata?.labels ?? {}))
      this.enqueue(ds);
  }

  private updatePod(old: Pod, cur: Pod): void {
    if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
    const curRef = controllerOf(cur);
    const oldRef = controllerOf(old);
    const refChanged = !deepEqual(curRef ?? null, oldRef ?? null);
    if (refChanged && oldRef !== undefined) {
      const oldDs = this.resolve(old);
      if (oldDs !== undefined) this.enqueue(oldDs);
    }
    if (curRef !== undefined) {
      const ds = this.resolve(cur);
      if (ds === undefined) return;
      this.enqueue(ds);
      const minReady = ds.spec?.minReadySeconds ?? 0;
      if (!isPodReady(old) && isPodReady(cur) && minReady > 0)
        this.queue.addAfter(keyOf(ds), minReady * 1000 + 1000);
      return;
    }
    if (refChanged || !deepEqual(old.metadata?.labels ?? {}, cur.metadata?.labels ?? {}))
      for (const ds of this.selecting(cur.metadata?.namespace ?? '', cur.metadata?.labels ?? {}))
        this.enqueue(ds);
  }

  private deletePod(pod: Pod): void {
    const ds = this.resolve(pod);
    if (ds === undefined) return;
    this.expectations.deletionObserved(keyOf(ds));
    this.enqueue(ds);
  }

  private nodeChanged(old: Node | undefined, cur: Node): void {
    if (old !== undefined && isHeartbeatOnly(old, cur)) return;
    for (const ds of this.sets.list()) {
      const now = nodeShouldRunDaemonPod(cur, ds);
      if (old === undefined) {
        if (now.shouldRun) this.enqueue(ds);
        continue;
      }
      const before = nodeShouldRunDaemonPod(old, ds);
      if (before.shouldRun !== now.shouldRun || before.shouldContinueRunning !== now.shouldContinueRunning)
        this.enqueue(ds);
    }
  }

  private async claimPods(ds: DaemonSet): Promise<Pod[]> {
    const ns = ds.metadata?.namespace ?? '';
    const name = ds.metadata?.name ?? '';
    return claimObjects(this.pods.namespace(ns).list(), {
      owner: ds,
      ownerKind: daemonSetKind,
      selector: selectorFromLabelSelector(ds.spec?.selector),
      patch: (pod, patch) => this.podClient.namespace(ns).patch(pod.metadata?.name ?? '', 'strategic', patch),
      recheckOwner: async () => {
        const fresh = await this.setClient.namespace(ns).get(name);
        if (fresh.metadata?.uid !== ds.metadata?.uid)
          throw new Error(
            `original DaemonSet ${ns}/${name} is gone: got uid ${fresh.metadata?.uid}, wanted ${ds.metadata?.uid}`,
          );
        if (fresh.metadata?.deletionTimestamp)
          throw new Error(`${ns}/${name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
      },
    });
  }

  // Claimed pods by target node. Finished pods being deleted are left out unless asked for: the
  // kubelet or the pod GC finishes them, there is nothing left to decide about them.
  private async nodesToDaemonPods(ds: DaemonSet, includeDeletedTerminal = false): Promise<NodeToPods> {
    const result: NodeToPods = new Map();
    for (const pod of await this.claimPods(ds)) {
      if (!includeDeletedTerminal && isTerminal(pod) && pod.metadata?.deletionTimestamp) continue;
      const node = targetNodeName(pod);
      if (node === undefined) continue;
      const list = result.get(node) ?? [];
      list.push(pod);
      result.set(node, list);
    }
    return result;
  }

  private historyEnv(ds: DaemonSet): DaemonSetHistoryEnv {
    const ns = ds.metadata?.namespace ?? '';
    return {
      revisions: this.revisions,
      daemonSets: this.setClient,
      patchPod: (pod, patch) => this.podClient.namespace(ns).patch(pod.metadata?.name ?? '', 'merge', patch),
      pods: () => this.claimPods(ds),
    };
  }

  private async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const ds = this.sets.get(namespace, name);
    if (ds === undefined) {
      this.expectations.delete(key);
      return;
    }
    const nodes = this.nodes.list();
    if (deepEqual(ds.spec?.selector ?? null, {})) {
      this.recorder.event(
        objectReference(ds, daemonSetKind),
        'Warning',
        'SelectingAll',
        'This daemon set is selecting all pods. A non-empty selector is required.',
      );
      return;
    }
    // Whether the revisions of a DaemonSet being deleted still exist is unknown, so its status
    // cannot be computed reliably: leave it as it is.
    if (ds.metadata?.deletionTimestamp) return;
    const { current, old } = await constructHistory(this.historyEnv(ds), ds);
    const hash = current.metadata?.labels?.[podRevisionLabel] ?? '';
    if (!this.expectations.satisfied(key)) return this.updateStatus(ds, nodes, hash, false);
    let failure: unknown;
    try {
      await this.manage(ds, nodes, hash);
      if (this.expectations.satisfied(key) && ds.spec?.updateStrategy?.type === 'RollingUpdate')
        await this.rollingUpdate(ds, nodes, hash);
      const pods = [...(await this.nodesToDaemonPods(ds, true)).values()].flat();
      await cleanupHistory(this.historyEnv(ds), ds, old, pods);
    } catch (err) {
      failure = err;
    }
    try {
      await this.updateStatus(ds, nodes, hash, true);
    } catch (err) {
      failure ??= err;
    }
    if (failure !== undefined) throw failure;
  }

  private async manage(ds: DaemonSet, nodes: readonly Node[], hash: string): Promise<void> {
    const nodeToPods = await this.nodesToDaemonPods(ds);
    const now = this.ctx.clock.now();
    const creates: string[] = [];
    const deletes: string[] = [];
    const ref = objectReference(ds, daemonSetKind);
    const uid = ds.metadata?.uid ?? '';
    const generation = ds.status?.observedGeneration ?? 0;
    for (const node of nodes) {
      const nodeName = node.metadata?.name ?? '';
      const plan = podsShouldBeOnNode({
        ds,
        nodeName,
        verdict: nodeShouldRunDaemonPod(node, ds),
        pods: nodeToPods.get(nodeName),
        hash,
        nowMs: now,
        failedGate: {
          holdBack: (n) => {
            const backoffKey = `${uid}/${generation}/${n}`;
            if (this.failedPods.inBackoffSinceUpdate(backoffKey, now)) return this.failedPods.get(backoffKey);
            this.failedPods.next(backoffKey, now);
            return undefined;
          },
        },
      });
      if (plan.createPod) creates.push(nodeName);
      deletes.push(...plan.podsToDelete);
      for (const e of plan.events) this.recorder.event(ref, e.type, e.reason, '%s', e.message);
      if (plan.requeueAfterMs !== undefined) this.queue.addAfter(keyOf(ds), plan.requeueAfterMs);
    }
    // Unscheduled pods aimed at nodes that no longer exist would never be cleaned up by pod GC.
    const known = new Set(nodes.map((n) => n.metadata?.name ?? ''));
    for (const [node, pods] of nodeToPods)
      if (!known.has(node))
        for (const pod of pods) if (!pod.spec?.nodeName) deletes.push(pod.metadata?.name ?? '');
    await this.syncNodes(ds, deletes, creates, hash);
  }

  private async rollingUpdate(ds: DaemonSet, nodes: readonly Node[], hash: string): Promise<void> {
    const nodeToPods = await this.nodesToDaemonPods(ds);
    let desired = 0;
    for (const node of nodes) {
      if (!nodeShouldRunDaemonPod(node, ds).shouldRun) continue;
      desired++;
      const name = node.metadata?.name ?? '';
      if (!nodeToPods.has(name)) nodeToPods.set(name, []);
    }
    let maxUnavailable = unavailableCount(ds, desired);
    const maxSurge = surgeCount(ds, desired);
    // Neither surge nor unavailability allowed would stall forever: accept one unavailable.
    if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
    const byName = new Map(nodes.map((n) => [n.metadata?.name ?? '', n] as const));
    const plan = planRollingUpdate({
      ds,
      nodeToPods,
      hash,
      generation: templateGeneration(ds),
      maxSurge,
      maxUnavailable,
      desiredNumberScheduled: desired,
      nowMs: this.ctx.clock.now(),
      shouldRun: (n) => {
        const node = byName.get(n);
        return node !== undefined && nodeShouldRunDaemonPod(node, ds).shouldRun;
      },
    });
    await this.syncNodes(ds, plan.podsToDelete, plan.nodesToCreate, hash);
  }

  private async syncNodes(
    ds: DaemonSet,
    podsToDelete: readonly string[],
    nodesToCreate: readonly string[],
    hash: string,
  ) {
    const key = keyOf(ds);
    const ns = ds.metadata?.namespace ?? '';
    const createCount = Math.min(nodesToCreate.length, burstReplicas);
    const deleteCount = Math.min(podsToDelete.length, burstReplicas);
    // Expectations go first so that the informer events of these writes are never missed.
    this.expectations.set(key, createCount, deleteCount);
    const template = daemonPodTemplate(ds.spec?.template, templateGeneration(ds), hash);
    const errors: unknown[] = [];
    const created = await slowStartBatch(createCount, slowStartInitialBatchSize, async (i) => {
      const podTemplate = structuredClone(template);
      podTemplate.spec!.affinity = replaceNodeNameAffinity(podTemplate.spec?.affinity, nodesToCreate[i]!);
      try {
        await this.podControl.create(podFromTemplate(podTemplate, ds, daemonSetKind), ds);
      } catch (err) {
        this.expectations.creationObserved(key);
        throw err;
      }
    });
    errors.push(...created.errors);
    const attempted = created.successes + created.errors.length;
    // Creates never attempted after a failing batch will not be observed either.
    if (attempted < createCount) this.expectations.lower(key, createCount - attempted, 0);
    await Promise.all(
      podsToDelete.slice(0, deleteCount).map(async (name) => {
        try {
          await this.podControl.delete(ns, name, ds);
        } catch (err) {
          this.expectations.deletionObserved(key);
          if (!isStatusError(err, 'NotFound')) errors.push(err);
        }
      }),
    );
    if (errors.length > 0) throw errors[0];
  }

  private async updateStatus(
    ds: DaemonSet,
    nodes: readonly Node[],
    hash: string,
    updateObservedGeneration: boolean,
  ) {
    const nodeToPods = await this.nodesToDaemonPods(ds);
    const counts = countDaemonPods(ds, nodes, nodeToPods, hash, this.ctx.clock.now());
    if (!statusUpToDate(ds, counts)) {
      await writeStatusWithRetry(this.setClient.namespace(ds.metadata?.namespace ?? ''), ds, (copy) => ({
        ...copy,
        status: omitEmpty(
          {
            ...copy.status,
            ...counts,
            ...(updateObservedGeneration ? { observedGeneration: ds.metadata?.generation ?? 0 } : {}),
          },
          daemonSetStatusOmitEmpty,
        ),
      }));
    }
    const minReady = ds.spec?.minReadySeconds ?? 0;
    // A last line of defence against clock skew: look again once pods should have become available.
    if (minReady > 0 && counts.numberReady !== counts.numberAvailable)
      this.queue.addAfter(keyOf(ds), minReady * 1000);
  }
}

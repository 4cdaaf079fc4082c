// The StatefulSet controller: informer handlers that enqueue sets, and a reconcile that claims the
// set's pods and revisions and hands them to the StatefulSet core (upstream's StatefulSetController).
import type { ControllerRevision, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import { deepEqual } from '../../base/deep-equal.js';
import type { ResourceClient } from '../../client/index.js';
import { RateLimitingQueue, runController, type ReconcileResult } from '../../controller-framework/index.js';
import { splitKey, type Lister } from '../../informers/index.js';
import { selectorFromLabelSelector } from '../../machinery/labels/index.js';
import type { ControllerContext } from '../controller-context.js';
import { RevisionStore } from '../history/revision-store.js';
import { claimObjects } from '../shared/workload-claim.js';
import { controllerOf, keyOf } from '../shared/workload-owner-refs.js';
import { isPodReady } from '../shared/workload-pod-state.js';
import {
  claimsResource,
  podsResource,
  revisionsResource,
  statefulSetsResource,
} from '../shared/workload-resources.js';
import { isMemberOf, statefulSetKind } from './stateful-pod-identity.js';
import { StatefulPodControl } from './stateful-pod-control.js';
import { updateStatefulSet, type StatefulSetControlOptions } from './stateful-set-control.js';

/** What a StatefulSetController is created with. */
export interface StatefulSetControllerOptions extends StatefulSetControlOptions {
  readonly ctx: ControllerContext;
  readonly workers: number;
}

/** Keeps every StatefulSet's pods, claims, revisions and status in line with its spec. */
export class StatefulSetController {
  private readonly ctx: ControllerContext;
  private readonly workers: number;
  private readonly options: StatefulSetControlOptions;
  private readonly queue: RateLimitingQueue<string>;
  private readonly sets: Lister<StatefulSet>;
  private readonly pods: Lister<Pod>;
  private readonly setClient: ResourceClient<StatefulSet>;
  private readonly podClient: ResourceClient<Pod>;
  private readonly revisions: RevisionStore;
  private readonly control: StatefulPodControl;

  constructor(options: StatefulSetControllerOptions) {
    const { ctx } = options;
    this.ctx = ctx;
    this.workers = options.workers;
    this.options = { maxUnavailableStatefulSet: options.maxUnavailableStatefulSet ?? false };
    this.queue = new RateLimitingQueue<string>({ name: 'statefulset', clock: ctx.clock });
    const setInformer = ctx.informers.informerFor<StatefulSet>(statefulSetsResource);
    const podInformer = ctx.informers.informerFor<Pod>(podsResource);
    const claimInformer = ctx.informers.informerFor<PersistentVolumeClaim>(claimsResource);
    const revisionInformer = ctx.informers.informerFor<ControllerRevision>(revisionsResource);
    this.sets = setInformer.lister;
    this.pods = podInformer.lister;
    this.setClient = ctx.client.resource<StatefulSet>(statefulSetsResource);
    this.podClient = ctx.client.resource<Pod>(podsResource);
    this.revisions = new RevisionStore({ client: ctx.client, lister: revisionInformer.lister });
    this.control = new StatefulPodControl({
      client: ctx.client,
      recorder: ctx.recorder('statefulset-controller'),
      clock: ctx.clock,
      pods: podInformer.lister,
      claims: claimInformer.lister,
      revisions: this.revisions,
    });
    setInformer.addEventHandler({
      onAdd: (set) => this.enqueue(set),
      onUpdate: (_old, cur) => this.enqueue(cur),
      onDelete: (set) => this.enqueue(set),
    });
    podInformer.addEventHandler({
      onAdd: (pod) => this.addPod(pod),
      onUpdate: (old, cur) => this.updatePod(old, cur),
      onDelete: (pod) => this.deletePod(pod),
    });
  }

  /** Runs the workers until the context's signal aborts. */
  run(): Promise<void> {
    return runController({
      name: 'statefulset',
      queue: this.queue,
      workers: this.workers,
      reconcile: (key) => this.sync(key),
      signal: this.ctx.signal,
      clock: this.ctx.clock,
      log: this.ctx.log,
    });
  }

  private enqueue(set: StatefulSet): void {
    this.queue.add(keyOf(set));
  }

  private resolve(pod: Pod): StatefulSet | undefined {
    const ref = controllerOf(pod);
    if (ref === undefined || ref.kind !== statefulSetKind.kind) return undefined;
    const set = this.sets.get(pod.metadata?.namespace ?? '', ref.name);
    return set?.metadata?.uid === ref.uid ? set : undefined;
  }

  // Sets whose selector matches an orphan pod's labels, so that one of them can adopt it.
  private setsSelecting(pod: Pod): StatefulSet[] {
    return this.sets
      .namespace(pod.metadata?.namespace ?? '')
      .list()
      .filter((set) => {
        const selector = selectorFromLabelSelector(set.spec?.selector);
        return !selector.isEmpty() && selector.matches(pod.metadata?.labels ?? {});
      });
  }

  private addPod(pod: Pod): void {
    if (pod.metadata?.deletionTimestamp) return this.deletePod(pod);
    const owner = controllerOf(pod);
    if (owner !== undefined) {
      const set = this.resolve(pod);
      if (set !== undefined) this.enqueue(set);
      return;
    }
    for (const set of this.setsSelecting(pod)) this.enqueue(set);
  }

  private updatePod(old: Pod, cur: Pod): void {
    if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
    const labelsChanged = !deepEqual(old.metadata?.labels ?? {}, cur.metadata?.labels ?? {});
    const curRef = controllerOf(cur);
    const oldRef = controllerOf(old);
    const refChanged = !deepEqual(curRef ?? null, oldRef ?? null);
    if (refChanged && oldRef !== undefined) {
      const oldSet = this.resolve(old);
      if (oldSet !== undefined) this.enqueue(oldSet);
    }
    if (curRef !== undefined) {
      const set = this.resolve(cur);
      if (set === undefined) return;
      this.enqueue(set);
      // A pod that just turned ready becomes available minReadySeconds later: look again then.
      const minReady = set.spec?.minReadySeconds ?? 0;
      if (!isPodReady(old) && isPodReady(cur) && minReady > 0)
        this.queue.addAfter(keyOf(set), minReady * 1000 + 1000);
      return;
    }
    if (labelsChanged || refChanged) for (const set of this.setsSelecting(cur)) this.enqueue(set);
  }

  private deletePod(pod: Pod): void {
    const set = this.resolve(pod);
    if (set !== undefined) this.enqueue(set);
  }

  private async sync(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitKey(key);
    const set = this.sets.get(namespace, name);
    if (set === undefined) return;
    const selector = selectorFromLabelSelector(set.spec?.selector);
    const recheckOwner = async () => {
      const fresh = await this.setClient.namespace(namespace).get(name);
      if (fresh.metadata?.uid !== set.metadata?.uid)
        throw new Error(
          `original StatefulSet ${namespace}/${name} is gone: got uid ${fresh.metadata?.uid}, wanted ${set.metadata?.uid}`,
        );
      if (fresh.metadata?.deletionTimestamp)
        throw new Error(`${namespace}/${name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
    };
    await this.adoptOrphanRevisions(set, recheckOwner);
    const pods = await claimObjects(this.pods.namespace(namespace).list(), {
      owner: set,
      ownerKind: statefulSetKind,
      selector,
      filter: (pod) => isMemberOf(set, pod),
      patch: (pod, patch) =>
        this.podClient.namespace(namespace).patch(pod.metadata?.name ?? '', 'strategic', patch),
      recheckOwner,
    });
    const status = await updateStatefulSet(this.control, set, pods, this.options);
    const minReady = set.spec?.minReadySeconds ?? 0;
    // One more sync after minReadySeconds, for pods becoming available (and clock skew).
    if (minReady > 0 && status !== undefined && (status.availableReplicas ?? 0) !== (set.spec?.replicas ?? 1))
      return { requeueAfter: minReady * 1000 };
  }

  private async adoptOrphanRevisions(set: StatefulSet, recheckOwner: () => Promise<void>): Promise<void> {
    const orphans = this.revisions
      .list(set, selectorFromLabelSelector(set.spec?.selector))
      .filter((r) => controllerOf(r) === undefined);
    if (orphans.length === 0) return;
    await recheckOwner();
    for (const revision of orphans) await this.revisions.adopt(set, statefulSetKind, revision);
  }
}

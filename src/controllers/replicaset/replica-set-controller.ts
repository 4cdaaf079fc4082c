import type { Pod } from 'kubernetes-types/core/v1.js';
import type { ReplicaSetStatus } from 'kubernetes-types/apps/v1.js';
import type { Logger } from '../../base/logger.js';
import type { ResourceClient } from '../../client/index.js';
import { Controller, type EventRecorder } from '../../controller-framework/index.js';
import type { Lister, SharedInformer } from '../../informers/index.js';
import { isStatusError } from '../../machinery/errors/index.js';
import type { Selector } from '../../machinery/labels/index.js';
import type { ControllerContext } from '../controller-context.js';
import { ControllerExpectations } from '../shared/controller-expectations.js';
import { controllerOf, newControllerRef } from '../shared/controller-ref.js';
import { claimObjects, ownerDeletingError } from '../shared/controller-ref-manager.js';
import { isNamespaceTerminatingError } from '../shared/namespace-terminating.js';
import { podsToDelete } from '../shared/pod-deletion-order.js';
import { claimablePods, podInformerByController } from '../shared/pods-by-controller.js';
import { podIsActive, podIsReady } from '../shared/pod-readiness.js';
import { slowStartBatch } from '../shared/slow-start-batch.js';
import { podFromTemplate } from './pod-from-template.js';
import { podsResource, type ReplicaKind, type ReplicaObject } from './replica-kind.js';
import { calculateReplicaStatus, replicaStatusChanged } from './replica-status.js';
import { omitEmpty, replicaSetStatusOmitEmpty } from '../shared/go-omit-empty.js';

/** Upstream's --replicaset-burst / BurstReplicas: at most this many creates or deletes per sync. */
export const burstReplicas = 500;
// Upstream's statusUpdateRetries: one re-read and retry before the key is requeued.
const statusUpdateRetries = 1;
const controllerUidIndex = 'replica-controller-uid';

/** What a ReplicaSetController is created with. */
export interface ReplicaSetControllerOptions {
  readonly ctx: ControllerContext;
  readonly kind: ReplicaKind;
  readonly workers: number;
}

function keyOf(o: { metadata?: { namespace?: string; name?: string } }): string {
  return `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
}

function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}

/**
 * The ReplicaSet controller (and, with replicationControllerKind, the ReplicationController
 * manager): keeps `spec.replicas` active pods per object, creating them in slow-start batches and
 * deleting the least valuable first, adopting and releasing pods by selector, and reporting status.
 */
export class ReplicaSetController {
  private readonly ctx: ControllerContext;
  private readonly kind: ReplicaKind;
  private readonly controller: Controller<string>;
  private readonly expectations: ControllerExpectations;
  private readonly rsInformer: SharedInformer<ReplicaObject>;
  private readonly rsLister: Lister<ReplicaObject>;
  private readonly podLister: Lister<Pod>;
  private readonly recorder: EventRecorder;
  private readonly log: Logger;

  constructor(options: ReplicaSetControllerOptions) {
    const { ctx, kind } = options;
    this.ctx = ctx;
    this.kind = kind;
    this.log = ctx.log.child(kind.name);
    this.recorder = ctx.recorder(kind.component);
    this.expectations = new ControllerExpectations({ clock: ctx.clock });
    this.rsInformer = ctx.informers.informerFor<ReplicaObject>(kind.resource, {
      indexers: {
        [controllerUidIndex]: (o) => {
          const ref = controllerOf(o);
          return ref?.uid ? [ref.uid] : [];
        },
      },
    });
    this.rsLister = this.rsInformer.lister;
    const podInformer = podInformerByController(ctx);
    this.podLister = podInformer.lister;
    this.controller = new Controller<string>({
      name: kind.name,
      workers: options.workers,
      reconcile: (key) => this.sync(key),
      clock: ctx.clock,
      log: this.log,
    });
    this.rsInformer.addEventHandler({
      onAdd: (rs) => this.enqueue(rs),
      onUpdate: (old, cur) => {
        // A re-created object under the same name: its expectations belong to the old one.
        if (old.metadata?.uid !== cur.metadata?.uid) this.expectations.delete(keyOf(old));
        this.enqueue(cur);
      },
      onDelete: (rs) => {
        this.expectations.delete(keyOf(rs));
        this.enqueue(rs);
      },
    });
    podInformer.addEventHandler({
      onAdd: (pod) => this.addPod(pod),
      onUpdate: (old, cur) => this.updatePod(old, cur),
      onDelete: (pod) => this.deletePod(pod),
    });
  }

  /** Runs the workers until the context's signal aborts. */
  run(): Promise<void> {
    return this.controller.start(this.ctx.signal);
  }

  private enqueue(rs: ReplicaObject): void {
    this.controller.enqueue(keyOf(rs));
  }

  private resolveControllerRef(namespace: string, pod: Pod): ReplicaObject | undefined {
    const ref = controllerOf(pod);
    if (ref === undefined || ref.kind !== this.kind.kind) return undefined;
    const rs = this.rsLister.get(namespace, ref.name ?? '');
    return rs?.metadata?.uid === ref.uid ? rs : undefined;
  }

  private podReplicaSets(pod: Pod): ReplicaObject[] {
    const labels = pod.metadata?.labels;
    if (!labels || Object.keys(labels).length === 0) return [];
    return this.rsLister
      .namespace(pod.metadata?.namespace ?? '')
      .list()
      .filter((rs) => {
        const sel = this.safeSelector(rs);
        return sel !== undefined && !sel.isEmpty() && sel.matches(labels);
      });
  }

  private safeSelector(rs: ReplicaObject): Selector | undefined {
    try {
      return this.kind.selector(rs);
    } catch {
      return undefined;
    }
  }

  private addPod(pod: Pod): void {
    if (pod.metadata?.deletionTimestamp) return this.deletePod(pod);
    const ns = pod.metadata?.namespace ?? '';
    if (controllerOf(pod) !== undefined) {
      const rs = this.resolveControllerRef(ns, pod);
      if (rs === undefined) return;
      this.expectations.creationObserved(keyOf(rs));
      this.enqueue(rs);
      return;
    }
    // An orphan: every matching controller gets a chance to adopt it (no expectation is observed).
    for (const rs of this.podReplicaSets(pod)) this.enqueue(rs);
  }

  private updatePod(old: Pod, cur: Pod): void {
    if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
    const labelsChanged =
      JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(cur.metadata?.labels ?? {});
    if (cur.metadata?.deletionTimestamp) {
      // Graceful deletion: replace the pod now rather than when it finally disappears.
      this.deletePod(cur);
      if (labelsChanged) this.deletePod(old);
      return;
    }
    const ns = cur.metadata?.namespace ?? '';
    const curRef = controllerOf(cur);
    const oldRef = controllerOf(old);
    const refChanged = JSON.stringify(curRef) !== JSON.stringify(oldRef);
    if (refChanged && oldRef !== undefined) {
      const oldRs = this.resolveControllerRef(ns, old);
      if (oldRs !== undefined) this.enqueue(oldRs);
    }
    if (curRef !== undefined) {
      const rs = this.resolveControllerRef(ns, cur);
      if (rs === undefined) return;
      this.enqueue(rs);
      const minReady = rs.spec?.minReadySeconds ?? 0;
      // Availability needs a second look once minReadySeconds have passed since readiness.
      if (!podIsReady(old) && podIsReady(cur) && minReady > 0)
        this.controller.queue.addAfter(keyOf(rs), minReady * 1000 + 1000);
      return;
    }
    if (labelsChanged || refChanged) for (const rs of this.podReplicaSets(cur)) this.enqueue(rs);
  }

  private deletePod(pod: Pod): void {
    const rs = this.resolveControllerRef(pod.metadata?.namespace ?? '', pod);
    if (rs === undefined) return;
    const key = keyOf(rs);
    this.expectations.deletionObserved(key, keyOf(pod));
    this.controller.enqueue(key);
  }

  private rsClient(namespace: string): ResourceClient<ReplicaObject> {
    return this.ctx.client.resource<ReplicaObject>(this.kind.resource).namespace(namespace);
  }

  private podClient(namespace: string): ResourceClient<Pod> {
    return this.ctx.client.resource<Pod>(podsResource).namespace(namespace);
  }

  /** syncReplicaSet: level-driven reconcile of one object's pods and status. */
  private async sync(key: string): Promise<void> {
    const [namespace, name] = splitKey(key);
    const rs = this.rsLister.get(namespace, name);
    if (rs === undefined) {
      this.expectations.delete(key);
      return;
    }
    const needsSync = this.expectations.satisfied(key);
    let selector: Selector;
    try {
      selector = this.kind.selector(rs);
    } catch (err) {
      this.log.error('invalid selector', { key, err });
      return;
    }
    // Only its own pods and orphans can be claimed: an index lookup, not a scan of the namespace.
    const active = claimablePods(this.podLister, namespace, rs.metadata?.uid ?? '').filter(podIsActive);
    const pods = await claimObjects(active, {
      owner: rs,
      ownerKind: this.kind,
      selector,
      client: this.podClient(namespace),
      canAdopt: async () => {
        const fresh = await this.rsClient(namespace).get(name);
        if (fresh.metadata?.uid !== rs.metadata?.uid)
          throw new Error(
            `original ${this.kind.kind} ${namespace}/${name} is gone: got uid ${fresh.metadata?.uid ?? ''}, wanted ${rs.metadata?.uid ?? ''}`,
          );
        if (fresh.metadata?.deletionTimestamp)
          throw ownerDeletingError(namespace, name, fresh.metadata.deletionTimestamp);
      },
    });
    let manageError: unknown;
    if (needsSync && !rs.metadata?.deletionTimestamp) {
      try {
        await this.manageReplicas(key, pods, rs);
      } catch (err) {
        manageError = err;
      }
    }
    const replicas = rs.spec?.replicas ?? 1;
    const status = calculateReplicaStatus(
      {
        replicas,
        minReadySeconds: rs.spec?.minReadySeconds ?? 0,
        templateLabels: this.kind.template(rs)?.metadata?.labels ?? {},
        status: (rs.status ?? { replicas: 0 }) as ReplicaSetStatus,
      },
      pods,
      manageError === undefined ? undefined : { message: errorMessage(manageError) },
      this.ctx.clock.now(),
    );
    const updated = await this.updateStatus(rs, status);
    const st = updated.status;
    const minReady = updated.spec?.minReadySeconds ?? 0;
    // A last line of defence against clock skew: look again once the pods could be available.
    if (
      manageError === undefined &&
      minReady > 0 &&
      (st?.readyReplicas ?? 0) === replicas &&
      (st?.availableReplicas ?? 0) !== replicas
    )
      this.controller.queue.addAfter(key, minReady * 1000);
    if (manageError !== undefined) throw manageError;
  }

  private async updateStatus(rs: ReplicaObject, status: ReplicaSetStatus): Promise<ReplicaObject> {
    const generation = rs.metadata?.generation ?? 0;
    if (!replicaStatusChanged(rs.status as ReplicaSetStatus | undefined, status, generation)) return rs;
    let current = rs;
    for (let attempt = 0; ; attempt++) {
      const next = {
        ...structuredClone(current),
        status: omitEmpty({ ...status, observedGeneration: generation }, replicaSetStatusOmitEmpty),
      } as ReplicaObject;
      try {
        return await this.rsClient(rs.metadata?.namespace ?? '').updateStatus(next);
      } catch (err) {
        if (attempt >= statusUpdateRetries) throw err;
        current = await this.rsClient(rs.metadata?.namespace ?? '').get(rs.metadata?.name ?? '');
      }
    }
  }

  /** manageReplicas: creates or deletes pods towards spec.replicas, at most burstReplicas at a time. */
  private async manageReplicas(key: string, pods: readonly Pod[], rs: ReplicaObject): Promise<void> {
    const namespace = rs.metadata?.namespace ?? '';
    const wanted = rs.spec?.replicas ?? 1;
    let diff = pods.length - wanted;
    if (diff < 0) {
      diff = Math.min(-diff, burstReplicas);
      this.expectations.expectCreations(key, diff);
      this.log.debug('Too few replicas', { key, need: wanted, creating: diff });
      const template = this.kind.template(rs) ?? {};
      const ref = newControllerRef(rs, this.kind);
      const { successes, error } = await slowStartBatch(diff, 1, async () => {
        try {
          await this.createPod(template, rs, namespace, ref);
        } catch (err) {
          if (isNamespaceTerminatingError(err)) return;
          throw err;
        }
      });
      // Pods never attempted will not be observed either.
      for (let i = 0; i < diff - successes; i++) this.expectations.creationObserved(key);
      if (error !== undefined) throw error;
      return;
    }
    if (diff === 0) return;
    diff = Math.min(diff, burstReplicas);
    this.log.debug('Too many replicas', { key, need: wanted, deleting: diff });
    const victims = podsToDelete(pods, this.relatedPods(rs), diff, this.ctx.clock.now());
    this.expectations.expectDeletions(key, victims.map(keyOf));
    const results = await Promise.allSettled(victims.map((pod) => this.deletePodOf(rs, pod)));
    const errors: unknown[] = [];
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') return;
      // The informer will never see this deletion.
      this.expectations.deletionObserved(key, keyOf(victims[i]!));
      if (!isStatusError(r.reason, 'NotFound')) errors.push(r.reason);
    });
    if (errors.length > 0) throw errors[0];
  }

  private async createPod(
    template: NonNullable<ReturnType<ReplicaKind['template']>>,
    rs: ReplicaObject,
    namespace: string,
    ref: ReturnType<typeof newControllerRef>,
  ): Promise<void> {
    const pod = podFromTemplate(template, rs.metadata?.name ?? '', namespace, ref);
    if (Object.keys(pod.metadata?.labels ?? {}).length === 0)
      throw new Error('unable to create pods, no labels');
    let created: Pod;
    try {
      created = await this.podClient(namespace).create(pod);
    } catch (err) {
      if (!isNamespaceTerminatingError(err))
        this.recorder.event(rs, 'Warning', 'FailedCreate', 'Error creating: %v', errorMessage(err));
      throw err;
    }
    this.recorder.event(rs, 'Normal', 'SuccessfulCreate', 'Created pod: %v', created.metadata?.name ?? '');
  }

  private async deletePodOf(rs: ReplicaObject, pod: Pod): Promise<void> {
    const name = pod.metadata?.name ?? '';
    try {
      await this.podClient(pod.metadata?.namespace ?? '').delete(name);
    } catch (err) {
      if (isStatusError(err, 'NotFound')) throw err;
      this.recorder.event(rs, 'Warning', 'FailedDelete', 'Error deleting: %v', errorMessage(err));
      throw new Error(`unable to delete pods: ${errorMessage(err)}`, { cause: err });
    }
    this.recorder.event(rs, 'Normal', 'SuccessfulDelete', 'Deleted pod: %v', name);
  }

  /** getIndirectlyRelatedPods: the pods of every ReplicaSet sharing this one's controller. */
  private relatedPods(rs: ReplicaObject): Pod[] {
    const ref = controllerOf(rs);
    if (ref?.uid === undefined) return [];
    const seen = new Set<string>();
    const related: Pod[] = [];
    for (const other of this.rsLister.byIndex(controllerUidIndex, ref.uid)) {
      const sel = this.safeSelector(other);
      if (sel === undefined) continue;
      for (const pod of this.podLister.namespace(other.metadata?.namespace ?? '').list(sel)) {
        const uid = pod.metadata?.uid ?? '';
        if (seen.has(uid)) continue;
        seen.add(uid);
        related.push(pod);
      }
    }
    return related;
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

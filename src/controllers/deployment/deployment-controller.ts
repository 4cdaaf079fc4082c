import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Logger } from '../../base/logger.js';
import { Controller } from '../../controller-framework/index.js';
import type { Lister } from '../../informers/index.js';
import { selectorFromLabelSelector, type Selector } from '../../machinery/labels/index.js';
import type { ControllerContext } from '../controller-context.js';
import { controllerOf } from '../shared/controller-ref.js';
import { claimObjects, ownerDeletingError } from '../shared/controller-ref-manager.js';
import { isNamespaceTerminatingError } from '../shared/namespace-terminating.js';
import { podInformerByController, podsByControllerIndex } from '../shared/pods-by-controller.js';
import { rolloutRecreate } from './deployment-recreate.js';
import { deploymentsResource, replicaSetsResource } from './deployment-resources.js';
import { rollback, rollbackTarget } from './deployment-rollback.js';
import { rolloutRolling } from './deployment-rolling.js';
import { DeploymentSync, workingCopy } from './deployment-sync.js';

/** What a DeploymentController is created with. */
export interface DeploymentControllerOptions {
  readonly ctx: ControllerContext;
  readonly workers: number;
}

const deploymentKind = { apiVersion: 'apps/v1', kind: 'Deployment' };

function keyOf(o: { metadata?: { namespace?: string; name?: string } }): string {
  return `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
}

/**
 * The Deployment controller: owns one ReplicaSet per pod template, rolls between them by the
 * Deployment's strategy (RollingUpdate or Recreate), scales proportionally, keeps revisions and
 * history, and reports status and conditions the way `kubectl rollout` reads them.
 */
export class DeploymentController {
  private readonly ctx: ControllerContext;
  private readonly controller: Controller<string>;
  private readonly dLister: Lister<Deployment>;
  private readonly rsLister: Lister<ReplicaSet>;
  private readonly podLister: Lister<Pod>;
  private readonly steps: DeploymentSync;
  private readonly log: Logger;

  constructor(options: DeploymentControllerOptions) {
    const { ctx } = options;
    this.ctx = ctx;
    this.log = ctx.log.child('deployment');
    const dInformer = ctx.informers.informerFor<Deployment>(deploymentsResource);
    const rsInformer = ctx.informers.informerFor<ReplicaSet>(replicaSetsResource);
    const podInformer = podInformerByController(ctx);
    this.dLister = dInformer.lister;
    this.rsLister = rsInformer.lister;
    this.podLister = podInformer.lister;
    this.controller = new Controller<string>({
      name: 'deployment',
      workers: options.workers,
      reconcile: (key) => this.syncKey(key),
      clock: ctx.clock,
      log: this.log,
    });
    this.steps = new DeploymentSync({
      client: ctx.client,
      recorder: ctx.recorder('deployment-controller'),
      clock: ctx.clock,
      log: this.log,
      rsLister: this.rsLister,
      enqueueAfter: (d, ms) => this.controller.queue.addAfter(keyOf(d), ms),
      enqueueRateLimited: (d) => this.controller.queue.addRateLimited(keyOf(d)),
    });
    dInformer.addEventHandler({
      onAdd: (d) => this.enqueue(d),
      onUpdate: (_old, cur) => this.enqueue(cur),
      onDelete: (d) => this.enqueue(d),
    });
    rsInformer.addEventHandler({
      onAdd: (rs) => this.addReplicaSet(rs),
      onUpdate: (old, cur) => this.updateReplicaSet(old, cur),
      onDelete: (rs) => this.deleteReplicaSet(rs),
    });
    podInformer.addEventHandler({ onDelete: (pod) => this.deletePod(pod) });
  }

  /** Runs the workers until the context's signal aborts. */
  run(): Promise<void> {
    return this.controller.start(this.ctx.signal);
  }

  private enqueue(d: Deployment): void {
    this.controller.enqueue(keyOf(d));
  }

  private resolve(namespace: string, rs: ReplicaSet): Deployment | undefined {
    const ref = controllerOf(rs);
    if (ref === undefined || ref.kind !== 'Deployment') return undefined;
    const d = this.dLister.get(namespace, ref.name ?? '');
    return d?.metadata?.uid === ref.uid ? d : undefined;
  }

  /** GetDeploymentsForReplicaSet: Deployments whose (non-empty) selector matches the ReplicaSet's labels. */
  private deploymentsSelecting(rs: ReplicaSet): Deployment[] {
    const labels = rs.metadata?.labels;
    if (!labels || Object.keys(labels).length === 0) return [];
    return this.dLister
      .namespace(rs.metadata?.namespace ?? '')
      .list()
      .filter((d) => {
        const sel = safeSelector(d);
        return sel !== undefined && !sel.isEmpty() && sel.matches(labels);
      });
  }

  private addReplicaSet(rs: ReplicaSet): void {
    if (rs.metadata?.deletionTimestamp) return this.deleteReplicaSet(rs);
    if (controllerOf(rs) !== undefined) {
      const d = this.resolve(rs.metadata?.namespace ?? '', rs);
      if (d !== undefined) this.enqueue(d);
      return;
    }
    // An orphan: the Deployments that match may adopt it.
    for (const d of this.deploymentsSelecting(rs)) this.enqueue(d);
  }

  private updateReplicaSet(old: ReplicaSet, cur: ReplicaSet): void {
    if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
    const ns = cur.metadata?.namespace ?? '';
    const curRef = controllerOf(cur);
    const oldRef = controllerOf(old);
    const refChanged = JSON.stringify(curRef) !== JSON.stringify(oldRef);
    if (refChanged && oldRef !== undefined) {
      const d = this.resolve(ns, old);
      if (d !== undefined) this.enqueue(d);
    }
    if (curRef !== undefined) {
      const d = this.resolve(ns, cur);
      if (d !== undefined) this.enqueue(d);
      return;
    }
    const labelsChanged =
      JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(cur.metadata?.labels ?? {});
    if (labelsChanged || refChanged) for (const d of this.deploymentsSelecting(cur)) this.enqueue(d);
  }

  private deleteReplicaSet(rs: ReplicaSet): void {
    const d = this.resolve(rs.metadata?.namespace ?? '', rs);
    if (d !== undefined) this.enqueue(d);
  }

  /** A Recreate Deployment waits for its old pods to be gone: their deletion is its cue. */
  private deletePod(pod: Pod): void {
    const ref = controllerOf(pod);
    if (ref === undefined || ref.kind !== 'ReplicaSet') return;
    const ns = pod.metadata?.namespace ?? '';
    const rs = this.rsLister.get(ns, ref.name ?? '');
    if (rs === undefined || rs.metadata?.uid !== ref.uid) return;
    const d = this.resolve(ns, rs);
    if (d === undefined || d.spec?.strategy?.type !== 'Recreate') return;
    const rsList = this.rsLister
      .namespace(ns)
      .list()
      .filter((r) => controllerOf(r)?.uid === d.metadata?.uid);
    let pods = 0;
    for (const list of this.podMap(d, rsList).values()) pods += list.length;
    if (pods === 0) this.enqueue(d);
  }

  /**
   * getPodMapForDeployment: the Deployment's pods (its namespace, its selector) grouped by the uid
   * of their ReplicaSet. Read through the by-controller index, so the cost is the Deployment's own
   * pods rather than every pod in the namespace.
   */
  private podMap(d: Deployment, rsList: readonly ReplicaSet[]): Map<string, Pod[]> {
    const map = new Map<string, Pod[]>();
    const sel = safeSelector(d);
    const ns = d.metadata?.namespace ?? '';
    for (const rs of rsList) {
      const uid = rs.metadata?.uid ?? '';
      if (map.has(uid)) continue;
      const owned = uid === '' || sel === undefined ? [] : this.podLister.byIndex(podsByControllerIndex, uid);
      map.set(
        uid,
        owned.filter((pod) => pod.metadata?.namespace === ns && sel!.matches(pod.metadata?.labels ?? {})),
      );
    }
    return map;
  }

  private async syncKey(key: string): Promise<void> {
    try {
      await this.syncDeployment(key);
    } catch (err) {
      // Every create in a terminating namespace fails; retrying helps nobody.
      if (isNamespaceTerminatingError(err)) return;
      throw err;
    }
  }

  /** syncDeployment: one level-driven pass over a Deployment. */
  private async syncDeployment(key: string): Promise<void> {
    const slash = key.indexOf('/');
    const namespace = key.slice(0, slash);
    const name = key.slice(slash + 1);
    const cached = this.dLister.get(namespace, name);
    if (cached === undefined) return;
    const d = workingCopy(cached);
    const sel = d.spec?.selector;
    if (
      sel !== undefined &&
      Object.keys(sel.matchLabels ?? {}).length === 0 &&
      (sel.matchExpressions ?? []).length === 0
    ) {
      this.steps.options.recorder.event(
        d,
        'Warning',
        'SelectingAll',
        'This deployment is selecting all pods. A non-empty selector is required.',
      );
      if ((d.status?.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) {
        d.status = { ...d.status, observedGeneration: d.metadata?.generation ?? 0 };
        await this.steps.writeStatus(d).catch(() => undefined);
      }
      return;
    }
    const rsList = await this.replicaSetsFor(d);
    if (d.metadata?.deletionTimestamp) {
      const { newRs, oldRss } = await this.steps.replicaSetsAndSyncRevision(d, rsList, false);
      return this.steps.syncStatus([...oldRss, newRs], newRs, d);
    }
    await this.steps.checkPausedConditions(d);
    if (d.spec?.paused) return this.steps.sync(d, rsList);
    if (rollbackTarget(d) !== undefined) return rollback(this.steps, d, rsList);
    if (await this.steps.isScalingEvent(d, rsList)) return this.steps.sync(d, rsList);
    const type = d.spec?.strategy?.type ?? 'RollingUpdate';
    // Only Recreate reads the pods (are old ones still running?): upstream builds the map on
    // every sync, but at thousands of pods that scan would be most of a rollout's cost.
    if (type === 'Recreate') return rolloutRecreate(this.steps, d, rsList, this.podMap(d, rsList));
    if (type === 'RollingUpdate') return rolloutRolling(this.steps, d, rsList);
    throw new Error(`unexpected deployment strategy type: ${type}`);
  }

  /** getReplicaSetsForDeployment: adopts matching orphans, releases what stopped matching. */
  private async replicaSetsFor(d: Deployment): Promise<ReplicaSet[]> {
    const ns = d.metadata?.namespace ?? '';
    let selector: Selector;
    try {
      selector = selectorFromLabelSelector(d.spec?.selector);
    } catch (err) {
      throw new Error(
        `deployment ${ns}/${d.metadata?.name ?? ''} has invalid label selector: ${String(err)}`,
      );
    }
    return claimObjects(this.rsLister.namespace(ns).list(), {
      owner: d,
      ownerKind: deploymentKind,
      selector,
      client: this.steps.replicaSets(ns),
      canAdopt: async () => {
        const fresh = await this.ctx.client
          .resource<Deployment>(deploymentsResource)
          .namespace(ns)
          .get(d.metadata?.name ?? '');
        if (fresh.metadata?.uid !== d.metadata?.uid)
          throw new Error(
            `original Deployment ${ns}/${d.metadata?.name ?? ''} is gone: got uid ${fresh.metadata?.uid ?? ''}, wanted ${d.metadata?.uid ?? ''}`,
          );
        if (fresh.metadata?.deletionTimestamp)
          throw ownerDeletingError(ns, d.metadata?.name ?? '', fresh.metadata.deletionTimestamp);
      },
    });
  }
}

function safeSelector(d: Deployment): Selector | undefined {
  try {
    return selectorFromLabelSelector(d.spec?.selector);
  } catch {
    return undefined;
  }
}

import type { Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { Pod, ReplicationController } from 'kubernetes-types/core/v1.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from 'kubernetes-types/policy/v1.js';
import type { Logger } from '../../base/logger.js';
import { formatRfc3339 } from '../../base/rfc3339.js';
import { Controller, type EventRecorder, type ReconcileResult } from '../../controller-framework/index.js';
import { splitKey, type Lister } from '../../informers/index.js';
import { selectorFromLabelSelector } from '../../machinery/labels/index.js';
import { budgetsSelectingPod } from '../../machinery/policy/index.js';
import type { ControllerContext } from '../controller-context.js';
import { eventTarget } from '../shared/infra-event-target.js';
import { isPodTerminal, podCondition, timeMs, withPodCondition } from '../shared/infra-pod.js';
import {
  deploymentsResource,
  pdbsResource,
  podsResource,
  replicaSetsResource,
  replicationControllersResource,
  statefulSetsResource,
} from '../shared/infra-resources.js';
import { isConflict } from '../shared/infra-status-errors.js';
import { expectedPodCount, type ScaleFinder } from './expected-count.js';
import { countHealthyPods, disruptedPodMap, failSafeStatus, nextPdbStatus } from './pdb-math.js';
import { scaleFinders } from './scale-finders.js';

/** How long a DisruptionTarget condition may stay on a pod that is not being deleted. */
export const stalePodDisruptionTimeoutMs = 2 * 60_000;

/** What a DisruptionController is created with. */
export interface DisruptionControllerOptions {
  readonly context: ControllerContext;
  readonly workers: number;
}

/** Go's %v of a *LabelSelector, as upstream's UnmanagedPods event prints it. */
export function goLabelSelector(ls: LabelSelector | undefined): string {
  if (ls === undefined) return '<nil>';
  const labels = Object.keys(ls.matchLabels ?? {})
    .sort()
    .map((k) => `${k}: ${ls.matchLabels?.[k]},`)
    .join('');
  const exprs = (ls.matchExpressions ?? [])
    .map(
      (e) =>
        `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],}`,
    )
    .join(',');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}

/**
 * Keeps every PodDisruptionBudget's status current — healthy, desired and expected pods,
 * disruptionsAllowed, disruptedPods and the DisruptionAllowed condition — and clears
 * DisruptionTarget conditions left on pods that were not deleted after all.
 */
export class DisruptionController {
  private readonly ctx: ControllerContext;
  private readonly log: Logger;
  private readonly recorder: EventRecorder;
  private readonly pdbs: Lister<PodDisruptionBudget>;
  private readonly pods: Lister<Pod>;
  private readonly controller: Controller<string>;
  private readonly staleController: Controller<string>;
  private readonly finders: ScaleFinder[];

  constructor(options: DisruptionControllerOptions) {
    const ctx = (this.ctx = options.context);
    this.log = ctx.log.child('disruption');
    this.recorder = ctx.recorder('controllermanager');
    this.controller = new Controller<string>({
      name: 'disruption',
      workers: options.workers,
      reconcile: (key) => this.sync(key),
      clock: ctx.clock,
      log: this.log,
    });
    this.staleController = new Controller<string>({
      name: 'stale_pod_disruption',
      workers: 1,
      reconcile: (key) => this.syncStalePodDisruption(key),
      clock: ctx.clock,
      log: this.log,
    });
    const pdbInformer = ctx.informers.informerFor<PodDisruptionBudget>(pdbsResource);
    const podInformer = ctx.informers.informerFor<Pod>(podsResource);
    this.pdbs = pdbInformer.lister;
    this.pods = podInformer.lister;
    this.finders = scaleFinders(
      {
        replicationControllers: ctx.informers.lister<ReplicationController>(replicationControllersResource),
        replicaSets: ctx.informers.lister<ReplicaSet>(replicaSetsResource),
        deployments: ctx.informers.lister<Deployment>(deploymentsResource),
        statefulSets: ctx.informers.lister<StatefulSet>(statefulSetsResource),
      },
      ctx.client,
    );
    const enqueue = (pdb: PodDisruptionBudget) =>
      this.controller.enqueue(`${pdb.metadata?.namespace}/${pdb.metadata?.name}`);
    pdbInformer.addEventHandler({ onAdd: enqueue, onUpdate: (_o, p) => enqueue(p), onDelete: enqueue });
    const onPod = (pod: Pod, checkStale: boolean) => {
      const pdb = this.pdbForPod(pod);
      if (pdb !== undefined) enqueue(pdb);
      if (!checkStale) return;
      const cleanAfter = this.staleDisruptionDelay(pod);
      if (cleanAfter !== undefined)
        this.staleController.queue.addAfter(`${pod.metadata?.namespace}/${pod.metadata?.name}`, cleanAfter);
    };
    podInformer.addEventHandler({
      onAdd: (p) => onPod(p, true),
      onUpdate: (_o, p) => onPod(p, true),
      onDelete: (p) => onPod(p, false),
    });
  }

  /** Runs the workers until the context's signal aborts. */
  async run(): Promise<void> {
    await Promise.all([this.controller.start(this.ctx.signal), this.staleController.start(this.ctx.signal)]);
  }

  /** The PDB a pod event is reported to: the first of its matches, with a warning when several (getPdbForPod). */
  private pdbForPod(pod: Pod): PodDisruptionBudget | undefined {
    // The v1 lister lets an empty selector match every pod (the eviction subresource does not).
    const matching = budgetsSelectingPod(
      this.pdbs.namespace(pod.metadata?.namespace ?? '').list(),
      pod,
      'every-pod',
    );
    const first = matching[0];
    if (matching.length > 1)
      this.recorder.event(
        eventTarget(pod, 'v1', 'Pod'),
        'Warning',
        'MultiplePodDisruptionBudgets',
        '%s',
        `Pod "${pod.metadata?.namespace}"/"${pod.metadata?.name}" matches multiple PodDisruptionBudgets.  Chose "${first?.metadata?.name}" arbitrarily.`,
      );
    return first;
  }

  private podsForPdb(pdb: PodDisruptionBudget): Pod[] {
    return this.pods
      .namespace(pdb.metadata?.namespace ?? '')
      .list(selectorFromLabelSelector(pdb.spec?.selector));
  }

  private async sync(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitKey(key);
    const pdb = this.pdbs.get(namespace, name);
    if (pdb === undefined) return;
    try {
      return await this.trySync(pdb);
    } catch (err) {
      // A conflict only means the cache was behind: retry without declaring the budget broken.
      if (isConflict(err)) throw err;
      this.log.error('Failed to sync PDB', { pdb: key, err });
      await this.writeStatus(pdb, failSafeStatus(pdb, (err as Error).message, this.ctx.clock.now()));
    }
  }

  private async trySync(pdb: PodDisruptionBudget): Promise<ReconcileResult | void> {
    const target = eventTarget(pdb, 'policy/v1', 'PodDisruptionBudget');
    let pods: Pod[];
    try {
      pods = this.podsForPdb(pdb);
    } catch (err) {
      this.recorder.event(target, 'Warning', 'NoPods', 'Failed to get pods: %v', (err as Error).message);
      throw err;
    }
    if (pods.length === 0) this.recorder.event(target, 'Normal', 'NoPods', 'No matching pods found');
    let expected;
    try {
      expected = await expectedPodCount(pdb, pods, this.finders);
    } catch (err) {
      this.recorder.event(
        target,
        'Warning',
        'CalculateExpectedPodCountFailed',
        'Failed to calculate the number of expected pods: %v',
        (err as Error).message,
      );
      throw err;
    }
    if (expected.unmanagedPods.length > 0)
      this.recorder.event(
        target,
        'Warning',
        'UnmanagedPods',
        'Pods selected by this PodDisruptionBudget (selector: %v) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.',
        goLabelSelector(pdb.spec?.selector),
      );
    const now = this.ctx.clock.now();
    const { disrupted, recheckAt, overdue } = disruptedPodMap(pods, pdb, now);
    for (const pod of overdue)
      this.recorder.event(
        eventTarget(pod, 'v1', 'Pod'),
        'Warning',
        'NotDeleted',
        "Pod was expected by PDB %s/%s to be deleted but it wasn't",
        pdb.metadata?.namespace,
        pdb.metadata?.namespace,
      );
    const status = nextPdbStatus(
      pdb,
      {
        currentHealthy: countHealthyPods(pods, disrupted, now),
        desiredHealthy: expected.desiredHealthy,
        expectedPods: expected.expectedCount,
        disruptedPods: disrupted,
      },
      now,
    );
    if (status !== undefined) await this.writeStatus(pdb, status);
    if (recheckAt !== undefined) return { requeueAfter: Math.max(1, recheckAt - now) };
  }

  private async writeStatus(pdb: PodDisruptionBudget, status: PodDisruptionBudgetStatus): Promise<void> {
    await this.ctx.client
      .resource<PodDisruptionBudget>(pdbsResource)
      .namespace(pdb.metadata?.namespace ?? '')
      .updateStatus({ ...pdb, status });
  }

  /** When a DisruptionTarget=True on a live, non-terminal pod becomes stale; undefined if it has none. */
  private staleDisruptionDelay(pod: Pod): number | undefined {
    if (pod.metadata?.deletionTimestamp) return undefined;
    const c = podCondition(pod.status, 'DisruptionTarget');
    // Conditions the kubelet set may precede deletion by any time; terminal pods keep theirs.
    if (c === undefined || c.status !== 'True' || c.reason === 'TerminationByKubelet' || isPodTerminal(pod))
      return undefined;
    const since = timeMs(c.lastTransitionTime) ?? 0;
    return Math.max(0, stalePodDisruptionTimeoutMs - (this.ctx.clock.now() - since));
  }

  private async syncStalePodDisruption(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitKey(key);
    const pod = this.pods.get(namespace, name);
    if (pod === undefined) return;
    const wait = this.staleDisruptionDelay(pod);
    if (wait === undefined) return;
    if (wait > 0) return { requeueAfter: wait };
    const { conditions, changed } = withPodCondition(
      pod.status?.conditions,
      { type: 'DisruptionTarget', status: 'False' },
      formatRfc3339(this.ctx.clock.now()),
    );
    if (!changed) return;
    await this.ctx.client
      .resource<Pod>(podsResource)
      .namespace(namespace)
      .updateStatus({ ...pod, status: { ...pod.status, conditions } });
  }
}

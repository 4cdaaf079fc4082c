import type { ResourceQuota } from 'kubernetes-types/core/v1.js';
import { builtinResources } from '../../api/scheme/builtin-resources.js';
import type { Logger } from '../../base/logger.js';
import type { ApiObject, GroupVersionResource } from '../../client/index.js';
import { Controller, type ReconcileResult } from '../../controller-framework/index.js';
import { splitKey, type Lister, type SharedInformer } from '../../informers/index.js';
import type { ControllerContext } from '../controller-context.js';
import { runPeriodically } from '../shared/infra-periodic.js';
import type { Quantity } from '../shared/infra-quantity.js';
import { resourceQuotasResource } from '../shared/infra-resources.js';
import { evaluatorsFor, nextQuotaStatus, usageStats } from './calculate-usage.js';
import {
  claimEvaluator,
  objectCountEvaluator,
  podEvaluator,
  serviceEvaluator,
  type QuotaEvaluator,
} from './quota-evaluators.js';

/** What a ResourceQuotaController is created with. */
export interface ResourceQuotaControllerOptions {
  readonly context: ControllerContext;
  readonly workers: number;
  /** --resource-quota-sync-period: full recalculation of every quota (5 min). */
  readonly resyncPeriodMs?: number;
}

// The core kinds whose object count also has a legacy quota name.
const legacyCounts: Readonly<Record<string, string>> = {
  configmaps: 'configmaps',
  secrets: 'secrets',
  replicationcontrollers: 'replicationcontrollers',
  resourcequotas: 'resourcequotas',
};

/** The builtin resource a quota resource like "count/deployments.apps" counts; undefined if none. */
export function resourceForCount(name: string): GroupVersionResource | undefined {
  if (!name.startsWith('count/')) return undefined;
  const qualified = name.slice('count/'.length);
  const dot = qualified.indexOf('.');
  const resource = dot < 0 ? qualified : qualified.slice(0, dot);
  const group = dot < 0 ? '' : qualified.slice(dot + 1);
  const type = builtinResources.find(
    (r) =>
      r.resource === resource && r.group === group && r.verbs.includes('list') && r.verbs.includes('watch'),
  );
  return type && { group: type.group, version: type.version, resource: type.resource };
}

function qualifiedName(gvr: GroupVersionResource): string {
  return gvr.group === '' ? gvr.resource : `${gvr.resource}.${gvr.group}`;
}

/**
 * Keeps every ResourceQuota's status in line with what its namespace uses: status.hard mirrors
 * spec.hard, status.used sums pods' compute requests and limits, service, claim and storage
 * counts and the object count of any resource named as count/<resource>.
 */
export class ResourceQuotaController {
  private readonly ctx: ControllerContext;
  private readonly log: Logger;
  private readonly controller: Controller<string>;
  private readonly quotas: Lister<ResourceQuota>;
  private readonly resyncPeriodMs: number;
  // Evaluators and the informers of what they charge, created as quotas come to need them.
  private readonly tracked = new Map<
    string,
    { evaluator: QuotaEvaluator; informer: SharedInformer<ApiObject> }
  >();

  constructor(options: ResourceQuotaControllerOptions) {
    const ctx = (this.ctx = options.context);
    this.log = ctx.log.child('resourcequota');
    this.resyncPeriodMs = options.resyncPeriodMs ?? 5 * 60_000;
    this.controller = new Controller<string>({
      name: 'resource_quota_controller',
      workers: options.workers,
      reconcile: (key) => this.syncQuota(key),
      clock: ctx.clock,
      log: this.log,
    });
    const informer = ctx.informers.informerFor<ResourceQuota>(resourceQuotasResource);
    this.quotas = informer.lister;
    const enqueue = (q: ResourceQuota) =>
      this.controller.enqueue(`${q.metadata?.namespace}/${q.metadata?.name}`);
    informer.addEventHandler({ onAdd: enqueue, onUpdate: (_o, q) => enqueue(q) });
    // The kinds almost every quota tracks are watched from the start.
    this.track({ group: '', version: 'v1', resource: 'pods' }, podEvaluator);
    this.track({ group: '', version: 'v1', resource: 'services' }, serviceEvaluator);
    this.track({ group: '', version: 'v1', resource: 'persistentvolumeclaims' }, claimEvaluator);
  }

  /** Runs the workers and the periodic full resync until the context's signal aborts. */
  async run(): Promise<void> {
    const { clock, signal } = this.ctx;
    await Promise.all([
      this.controller.start(signal),
      runPeriodically(() => this.enqueueAll(), {
        clock,
        periodMs: this.resyncPeriodMs,
        signal,
        log: this.log,
      }),
    ]);
  }

  private enqueueAll(): void {
    for (const q of this.quotas.list())
      this.controller.enqueue(`${q.metadata?.namespace}/${q.metadata?.name}`);
  }

  private track(
    gvr: GroupVersionResource,
    evaluator: QuotaEvaluator,
  ): { evaluator: QuotaEvaluator; informer: SharedInformer<ApiObject> } {
    const key = qualifiedName(gvr);
    const existing = this.tracked.get(key);
    if (existing !== undefined) return existing;
    const informer = this.ctx.informers.informerFor<ApiObject>(gvr);
    const replenish = (o: ApiObject) => this.replenish(o.metadata?.namespace ?? '', evaluator);
    informer.addEventHandler({ onAdd: replenish, onUpdate: (_o, n) => replenish(n), onDelete: replenish });
    const entry = { evaluator, informer };
    this.tracked.set(key, entry);
    return entry;
  }

  /** Queues the quotas of `namespace` that track anything `evaluator` charges. */
  private replenish(namespace: string, evaluator: QuotaEvaluator): void {
    for (const q of this.quotas.namespace(namespace).list()) {
      if (evaluator.matchingResources(Object.keys(q.spec?.hard ?? {})).length > 0)
        this.controller.enqueue(`${namespace}/${q.metadata?.name}`);
    }
  }

  private trackedFor(
    hard: readonly string[],
  ): { evaluator: QuotaEvaluator; informer: SharedInformer<ApiObject> }[] {
    let started = false;
    for (const name of hard) {
      const gvr = resourceForCount(name);
      if (gvr === undefined || this.tracked.has(qualifiedName(gvr))) continue;
      const qualified = qualifiedName(gvr);
      this.track(gvr, objectCountEvaluator(qualified, legacyCounts[qualified]));
      started = true;
    }
    for (const [resource, legacy] of Object.entries(legacyCounts)) {
      if (!hard.includes(legacy) || this.tracked.has(resource)) continue;
      this.track({ group: '', version: 'v1', resource }, objectCountEvaluator(resource, legacy));
      started = true;
    }
    // Informers asked for after the manager started them are started here.
    if (started) this.ctx.informers.start(this.ctx.signal);
    return [...this.tracked.values()];
  }

  private async syncQuota(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitKey(key);
    const quota = this.quotas.get(namespace, name);
    if (quota === undefined) return;
    const hard = Object.keys(quota.spec?.hard ?? {});
    const tracked = this.trackedFor(hard);
    const byEvaluator = new Map(tracked.map((t) => [t.evaluator, t.informer]));
    const matched = evaluatorsFor(
      hard,
      tracked.map((t) => t.evaluator),
    );
    if (matched.some(({ evaluator }) => !byEvaluator.get(evaluator)?.hasSynced()))
      return { requeueAfter: 200 };
    const usage = new Map<string, Quantity>();
    const now = this.ctx.clock.now();
    for (const { evaluator, resources } of matched) {
      const objects = (byEvaluator.get(evaluator) as SharedInformer<ApiObject>).lister
        .namespace(namespace)
        .list();
      const stats = usageStats(
        evaluator,
        objects,
        resources,
        quota.spec?.scopes ?? [],
        quota.spec?.scopeSelector?.matchExpressions ?? [],
        now,
      );
      for (const [resource, q] of stats) usage.set(resource, q);
    }
    const status = nextQuotaStatus(quota, usage);
    if (status === undefined) return;
    await this.ctx.client
      .resource<ResourceQuota>(resourceQuotasResource)
      .namespace(namespace)
      .updateStatus({ ...quota, status });
  }
}

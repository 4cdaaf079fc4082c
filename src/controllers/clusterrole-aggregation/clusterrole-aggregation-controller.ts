import type { ClusterRole, PolicyRule } from 'kubernetes-types/rbac/v1.js';
import { Controller } from '../../controller-framework/index.js';
import type { Lister } from '../../informers/index.js';
import { isStatusError } from '../../machinery/errors/index.js';
import type { ControllerContext } from '../controller-context.js';
import { clusterRolesResource } from '../shared/infra-resources.js';
import { aggregatedRules, sameRules } from './aggregate-rules.js';

/** The field manager the aggregated rules are applied with. */
export const aggregationFieldManager = 'clusterrole-aggregation-controller';

/** What a ClusterRoleAggregationController is created with. */
export interface ClusterRoleAggregationControllerOptions {
  readonly context: ControllerContext;
  readonly workers: number;
}

/** Keeps the rules of every ClusterRole with an aggregationRule equal to the union of the roles it selects. */
export class ClusterRoleAggregationController {
  private readonly ctx: ControllerContext;
  private readonly controller: Controller<string>;
  private readonly roles: Lister<ClusterRole>;

  constructor(options: ClusterRoleAggregationControllerOptions) {
    const ctx = (this.ctx = options.context);
    this.controller = new Controller<string>({
      name: 'ClusterRoleAggregator',
      workers: options.workers,
      reconcile: (name) => this.syncClusterRole(name),
      clock: ctx.clock,
      log: ctx.log.child('clusterrole-aggregation'),
    });
    const informer = ctx.informers.informerFor<ClusterRole>(clusterRolesResource);
    this.roles = informer.lister;
    // Which role feeds which is not tracked: any change queues every aggregated role (few exist).
    const enqueueAll = () => {
      for (const role of this.roles.list())
        if (role.aggregationRule !== undefined && role.aggregationRule !== null)
          this.controller.enqueue(role.metadata?.name ?? '');
    };
    informer.addEventHandler({ onAdd: enqueueAll, onUpdate: enqueueAll, onDelete: enqueueAll });
  }

  /** Runs the workers until the context's signal aborts. */
  run(): Promise<void> {
    return this.controller.start(this.ctx.signal);
  }

  private async syncClusterRole(name: string): Promise<void> {
    const role = this.roles.get('', name);
    if (role === undefined) return;
    const rules = aggregatedRules(role, this.roles.list());
    if (rules === undefined || sameRules(rules, role.rules)) return;
    const client = this.ctx.client.resource<ClusterRole>(clusterRolesResource);
    try {
      await client.patch(
        name,
        'apply',
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          metadata: { name },
          rules: rules.map(applyRule),
        },
        { fieldManager: aggregationFieldManager, force: true },
      );
    } catch (err) {
      // A server without server-side apply gets a plain update instead.
      if (!isStatusError(err, 'UnsupportedMediaType')) throw err;
      await client.update({ ...role, rules });
    }
  }
}

// Only the rule fields upstream's apply configuration carries.
function applyRule(rule: PolicyRule): PolicyRule {
  const out: PolicyRule = { verbs: rule.verbs };
  if (rule.apiGroups !== undefined) out.apiGroups = rule.apiGroups;
  if (rule.resources !== undefined) out.resources = rule.resources;
  if (rule.resourceNames !== undefined) out.resourceNames = rule.resourceNames;
  if (rule.nonResourceURLs !== undefined) out.nonResourceURLs = rule.nonResourceURLs;
  return out;
}

import type { Namespace, ServiceAccount } from 'kubernetes-types/core/v1.js';
import { Controller } from '../../controller-framework/index.js';
import type { Lister } from '../../informers/index.js';
import type { ControllerContext } from '../controller-context.js';
import { namespacesResource, serviceAccountsResource } from '../shared/infra-resources.js';
import { isAlreadyExists, isNamespaceTerminating } from '../shared/infra-status-errors.js';

/** What a ServiceAccountsController is created with. */
export interface ServiceAccountsControllerOptions {
  readonly context: ControllerContext;
  readonly workers: number;
  /** The accounts every active namespace must have (default: just "default"). */
  readonly serviceAccounts?: readonly string[];
}

/** Ensures every active namespace has its default ServiceAccount(s), recreating deleted ones. */
export class ServiceAccountsController {
  private readonly ctx: ControllerContext;
  private readonly controller: Controller<string>;
  private readonly namespaces: Lister<Namespace>;
  private readonly accounts: Lister<ServiceAccount>;
  private readonly names: readonly string[];

  constructor(options: ServiceAccountsControllerOptions) {
    const ctx = (this.ctx = options.context);
    this.names = options.serviceAccounts ?? ['default'];
    this.controller = new Controller<string>({
      name: 'serviceaccount',
      workers: options.workers,
      reconcile: (ns) => this.syncNamespace(ns),
      clock: ctx.clock,
      log: ctx.log.child('serviceaccount'),
    });
    const nsInformer = ctx.informers.informerFor<Namespace>(namespacesResource);
    const saInformer = ctx.informers.informerFor<ServiceAccount>(serviceAccountsResource);
    this.namespaces = nsInformer.lister;
    this.accounts = saInformer.lister;
    const enqueueNs = (ns: Namespace) => this.controller.enqueue(ns.metadata?.name ?? '');
    nsInformer.addEventHandler({ onAdd: enqueueNs, onUpdate: (_o, ns) => enqueueNs(ns) });
    saInformer.addEventHandler({
      // Only a deleted account can leave a namespace without one of ours.
      onDelete: (sa) => {
        if (this.names.includes(sa.metadata?.name ?? ''))
          this.controller.enqueue(sa.metadata?.namespace ?? '');
      },
    });
  }

  /** Runs the workers until the context's signal aborts. */
  run(): Promise<void> {
    return this.controller.start(this.ctx.signal);
  }

  private async syncNamespace(name: string): Promise<void> {
    const ns = this.namespaces.get('', name);
    // Nothing may be created in a namespace that is not Active.
    if (ns === undefined || (ns.status?.phase ?? 'Active') !== 'Active') return;
    const failures: unknown[] = [];
    for (const saName of this.names) {
      if (this.accounts.get(name, saName) !== undefined) continue;
      try {
        await this.ctx.client
          .resource<ServiceAccount>(serviceAccountsResource)
          .namespace(name)
          .create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: saName } });
      } catch (err) {
        if (!isAlreadyExists(err) && !isNamespaceTerminating(err)) failures.push(err);
      }
    }
    if (failures.length > 0) throw failures[0];
  }
}

import type { Namespace } from 'kubernetes-types/core/v1.js';
import { Controller, type ReconcileResult } from '../../controller-framework/index.js';
import type { Lister } from '../../informers/index.js';
import type { ControllerContext } from '../controller-context.js';
import { NamespacedResourcesDeleter, ResourcesRemainingError } from './namespaced-resources-deleter.js';

/** What a NamespaceController is created with. */
export interface NamespaceControllerOptions {
  readonly ctx: ControllerContext;
  readonly workers: number;
}

const namespacesResource = {
  group: '',
  version: 'v1',
  resource: 'namespaces',
  namespaced: false,
  kind: 'Namespace',
};
// Upstream resyncs namespaces every 5 minutes so stuck terminations are retried.
const resyncPeriodMs = 5 * 60 * 1000;

/**
 * The namespace controller: a namespace that is being deleted is emptied of all its content, with
 * conditions reporting what remains, and then released by removing the "kubernetes" finalizer.
 */
export class NamespaceController {
  private readonly ctx: ControllerContext;
  private readonly controller: Controller<string>;
  private readonly lister: Lister<Namespace>;
  private readonly deleter: NamespacedResourcesDeleter;

  constructor(options: NamespaceControllerOptions) {
    const { ctx } = options;
    this.ctx = ctx;
    const informer = ctx.informers.informerFor<Namespace>(namespacesResource);
    this.lister = informer.lister;
    this.deleter = new NamespacedResourcesDeleter({ client: ctx.client, clock: ctx.clock });
    this.controller = new Controller<string>({
      name: 'namespace',
      workers: options.workers,
      reconcile: (name) => this.sync(name),
      clock: ctx.clock,
      log: ctx.log.child('namespace'),
    });
    const enqueue = (ns: Namespace) => {
      if (ns.metadata?.deletionTimestamp) this.controller.enqueue(ns.metadata.name ?? '');
    };
    informer.addEventHandler({ onAdd: enqueue, onUpdate: (_o, cur) => enqueue(cur) }, { resyncPeriodMs });
  }

  /** Runs the workers until the context's signal aborts. */
  run(): Promise<void> {
    return this.controller.start(this.ctx.signal);
  }

  /** syncNamespaceFromKey. */
  private async sync(name: string): Promise<ReconcileResult | void> {
    if (this.lister.get('', name) === undefined) return;
    try {
      await this.deleter.delete(name);
    } catch (err) {
      if (err instanceof ResourcesRemainingError) {
        const after = Math.floor(err.estimate / 2) * 1000;
        return after > 0 ? { requeueAfter: after } : { requeue: true };
      }
      throw err;
    }
  }
}

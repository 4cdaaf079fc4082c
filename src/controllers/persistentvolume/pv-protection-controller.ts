import type { PersistentVolume } from 'kubernetes-types/core/v1.js';
import { Controller } from '../../controller-framework/index.js';
import type { Lister } from '../../informers/index.js';
import type { ControllerContext } from '../controller-context.js';
import { persistentVolumesResource } from '../shared/infra-resources.js';

/** The finalizer that keeps a bound volume from going away. */
export const pvProtectionFinalizer = 'kubernetes.io/pv-protection';

/** What a PVProtectionController is created with. */
export interface PVProtectionControllerOptions {
  readonly context: ControllerContext;
  readonly workers: number;
}

function has(pv: PersistentVolume): boolean {
  return (pv.metadata?.finalizers ?? []).includes(pvProtectionFinalizer);
}

/** Adds kubernetes.io/pv-protection to every volume; removes it from a deleted one once it is not Bound. */
export class PVProtectionController {
  private readonly ctx: ControllerContext;
  private readonly controller: Controller<string>;
  private readonly volumes: Lister<PersistentVolume>;

  constructor(options: PVProtectionControllerOptions) {
    const ctx = (this.ctx = options.context);
    this.controller = new Controller<string>({
      name: 'pvprotection',
      workers: options.workers,
      reconcile: (name) => this.processVolume(name),
      clock: ctx.clock,
      log: ctx.log.child('pv-protection'),
    });
    const informer = ctx.informers.informerFor<PersistentVolume>(persistentVolumesResource);
    this.volumes = informer.lister;
    const onVolume = (pv: PersistentVolume) => {
      const deleting = !!pv.metadata?.deletionTimestamp;
      if ((deleting && has(pv)) || (!deleting && !has(pv))) this.controller.enqueue(pv.metadata?.name ?? '');
    };
    informer.addEventHandler({ onAdd: onVolume, onUpdate: (_o, pv) => onVolume(pv) });
  }

  /** Runs the workers until the context's signal aborts. */
  run(): Promise<void> {
    return this.controller.start(this.ctx.signal);
  }

  private async processVolume(name: string): Promise<void> {
    const pv = this.volumes.get('', name);
    if (pv === undefined) return;
    const client = this.ctx.client.resource<PersistentVolume>(persistentVolumesResource);
    if (pv.metadata?.deletionTimestamp && has(pv)) {
      // The PV controller sets Bound; a bound volume is in use.
      if (pv.status?.phase === 'Bound') return;
      const finalizers = (pv.metadata.finalizers ?? []).filter((f) => f !== pvProtectionFinalizer);
      await client.update({ ...pv, metadata: { ...pv.metadata, finalizers } });
      return;
    }
    if (!pv.metadata?.deletionTimestamp && !has(pv))
      await client.update({
        ...pv,
        metadata: { ...pv.metadata, finalizers: [...(pv.metadata?.finalizers ?? []), pvProtectionFinalizer] },
      });
  }
}

import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { Logger } from '../../base/logger.js';
import { Controller } from '../../controller-framework/index.js';
import { splitKey, type Lister } from '../../informers/index.js';
import type { ControllerContext } from '../controller-context.js';
import { isPodTerminal } from '../shared/infra-pod.js';
import { persistentVolumeClaimsResource, podsResource } from '../shared/infra-resources.js';

/** The finalizer that keeps a claim in use by a pod from going away. */
export const pvcProtectionFinalizer = 'kubernetes.io/pvc-protection';

/** What a PVCProtectionController is created with. */
export interface PVCProtectionControllerOptions {
  readonly context: ControllerContext;
  readonly workers: number;
}

// A pod force-deleted or already let go by the kubelet no longer holds its ephemeral claims.
function podIsShutDown(pod: Pod): boolean {
  return !!pod.metadata?.deletionTimestamp && pod.metadata.deletionGracePeriodSeconds === 0;
}

/**
 * True when a scheduled pod uses the claim (podUsesPVC): a persistentVolumeClaim volume naming
 * it, or a generic ephemeral volume whose claim ("<pod>-<volume>") it is and the pod owns.
 */
export function podUsesClaim(pod: Pod, claim: PersistentVolumeClaim): boolean {
  if (!pod.spec?.nodeName) return false;
  const name = claim.metadata?.name;
  return (pod.spec.volumes ?? []).some((v) => {
    if (v.persistentVolumeClaim?.claimName === name) return true;
    if (v.ephemeral === undefined || podIsShutDown(pod)) return false;
    return (
      `${pod.metadata?.name}-${v.name}` === name &&
      (claim.metadata?.ownerReferences ?? []).some((o) => o.controller && o.uid === pod.metadata?.uid)
    );
  });
}

/**
 * Adds kubernetes.io/pvc-protection to every claim and removes it from a deleted claim only once
 * no pod uses it — checked in the cache and then with a live list, so a pod the cache has not seen
 * yet still counts.
 */
export class PVCProtectionController {
  private readonly ctx: ControllerContext;
  private readonly log: Logger;
  private readonly controller: Controller<string>;
  private readonly claims: Lister<PersistentVolumeClaim>;
  private readonly pods: Lister<Pod>;

  constructor(options: PVCProtectionControllerOptions) {
    const ctx = (this.ctx = options.context);
    this.log = ctx.log.child('pvc-protection');
    this.controller = new Controller<string>({
      name: 'pvcprotection',
      workers: options.workers,
      reconcile: (key) => this.processClaim(key),
      clock: ctx.clock,
      log: this.log,
    });
    const pvcInformer = ctx.informers.informerFor<PersistentVolumeClaim>(persistentVolumeClaimsResource);
    const podInformer = ctx.informers.informerFor<Pod>(podsResource);
    this.claims = pvcInformer.lister;
    this.pods = podInformer.lister;
    const onClaim = (c: PersistentVolumeClaim) => {
      if (needsFinalizer(c) || isDeletionCandidate(c))
        this.controller.enqueue(`${c.metadata?.namespace}/${c.metadata?.name}`);
    };
    pvcInformer.addEventHandler({ onAdd: onClaim, onUpdate: (_o, c) => onClaim(c) });
    const onPod = (pod: Pod, deleted: boolean) => {
      // Only a pod that stops using its claims can unblock a deletion.
      if (!deleted && !isPodTerminal(pod) && pod.spec?.nodeName) return;
      for (const v of pod.spec?.volumes ?? []) {
        if (v.persistentVolumeClaim)
          this.controller.enqueue(`${pod.metadata?.namespace}/${v.persistentVolumeClaim.claimName}`);
        else if (v.ephemeral)
          this.controller.enqueue(`${pod.metadata?.namespace}/${pod.metadata?.name}-${v.name}`);
      }
    };
    podInformer.addEventHandler({
      onAdd: (p) => onPod(p, false),
      onUpdate: (o, p) => {
        onPod(p, false);
        // An update can hide a delete and re-create under the same name: the old pod's claims too.
        if (o.metadata?.uid !== p.metadata?.uid) onPod(o, true);
      },
      onDelete: (p) => onPod(p, true),
    });
  }

  /** Runs the workers until the context's signal aborts. */
  run(): Promise<void> {
    return this.controller.start(this.ctx.signal);
  }

  private async processClaim(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const claim = this.claims.get(namespace, name);
    if (claim === undefined) return;
    const client = this.ctx.client
      .resource<PersistentVolumeClaim>(persistentVolumeClaimsResource)
      .namespace(namespace);
    if (isDeletionCandidate(claim)) {
      if (await this.isBeingUsed(claim)) {
        this.log.info('Keeping PVC because it is being used', { pvc: key });
      } else {
        const finalizers = (claim.metadata?.finalizers ?? []).filter((f) => f !== pvcProtectionFinalizer);
        await client.update({ ...claim, metadata: { ...claim.metadata, finalizers } });
        return;
      }
    }
    if (needsFinalizer(claim)) {
      const finalizers = [...(claim.metadata?.finalizers ?? []), pvcProtectionFinalizer];
      await client.update({ ...claim, metadata: { ...claim.metadata, finalizers } });
    }
  }

  private async isBeingUsed(claim: PersistentVolumeClaim): Promise<boolean> {
    const ns = claim.metadata?.namespace ?? '';
    if (
      this.pods
        .namespace(ns)
        .list()
        .some((p) => podUsesClaim(p, claim))
    )
      return true;
    // The cache may not have every pod yet: only the apiserver can say none uses it.
    const live = await this.ctx.client.resource<Pod>(podsResource).namespace(ns).list();
    return live.items.some((p) => podUsesClaim(p, claim));
  }
}

function hasFinalizer(obj: { metadata?: { finalizers?: string[] } }, f: string): boolean {
  return (obj.metadata?.finalizers ?? []).includes(f);
}

/** Not being deleted and missing the finalizer (NeedToAddFinalizer). */
export function needsFinalizer(claim: PersistentVolumeClaim, finalizer = pvcProtectionFinalizer): boolean {
  return !claim.metadata?.deletionTimestamp && !hasFinalizer(claim, finalizer);
}

/** Being deleted and still holding the finalizer (IsDeletionCandidate). */
export function isDeletionCandidate(
  claim: PersistentVolumeClaim,
  finalizer = pvcProtectionFinalizer,
): boolean {
  return !!claim.metadata?.deletionTimestamp && hasFinalizer(claim, finalizer);
}

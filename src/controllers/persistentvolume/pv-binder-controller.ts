import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import type { Logger } from '../../base/logger.js';
import type { ResourceClient } from '../../client/index.js';
import { Controller, type EventRecorder } from '../../controller-framework/index.js';
import { splitKey, type Lister } from '../../informers/index.js';
import type { ControllerContext } from '../controller-context.js';
import { eventTarget } from '../shared/infra-event-target.js';
import { runPeriodically } from '../shared/infra-periodic.js';
import {
  nodesResource,
  persistentVolumeClaimsResource,
  persistentVolumesResource,
  podsResource,
  storageClassesResource,
} from '../shared/infra-resources.js';
import { isNotFound } from '../shared/infra-status-errors.js';
import {
  annBetaStorageProvisioner,
  annBindCompleted,
  annBoundByController,
  annDynamicallyProvisioned,
  annSelectedNode,
  annStorageProvisioner,
} from './binding-updates.js';
import { BindingStore } from './binding-store.js';
import { claimHasClass, defaultStorageClass } from './default-class.js';
import {
  claimClass,
  findBestMatchForClaim,
  findMatchingVolume,
  isVolumeBoundToClaim,
  volumeModeMismatch,
  volumeSatisfiesClaim,
} from './volume-matching.js';

/** What a PersistentVolumeBinderController is created with. */
export interface PersistentVolumeBinderOptions {
  readonly context: ControllerContext;
  /** --pvclaimbinder-sync-period: how often every volume and claim is looked at again (15 s). */
  readonly syncPeriodMs?: number;
}

/**
 * The PersistentVolume controller's binder: binds claims to matching volumes (Immediate, or for
 * WaitForFirstConsumer once the scheduler chose a node), keeps both sides' phases (Pending/Bound/
 * Lost, Available/Bound/Released/Failed), asks external provisioners for volumes, and reclaims
 * released volumes by their policy (Retain keeps, Delete removes the PV).
 */
export class PersistentVolumeBinderController {
  private readonly ctx: ControllerContext;
  private readonly log: Logger;
  private readonly recorder: EventRecorder;
  private readonly volumes: Lister<PersistentVolume>;
  private readonly claims: Lister<PersistentVolumeClaim>;
  private readonly classes: Lister<StorageClass>;
  private readonly nodes: Lister<Node>;
  private readonly pods: Lister<Pod>;
  private readonly volumeQueue: Controller<string>;
  private readonly claimQueue: Controller<string>;
  private readonly pvClient: ResourceClient<PersistentVolume>;
  private readonly pvcClient: ResourceClient<PersistentVolumeClaim>;
  private readonly syncPeriodMs: number;
  private readonly store: BindingStore;

  constructor(options: PersistentVolumeBinderOptions) {
    const ctx = (this.ctx = options.context);
    this.log = ctx.log.child('persistentvolume-binder');
    this.recorder = ctx.recorder('persistentvolume-controller');
    this.syncPeriodMs = options.syncPeriodMs ?? 15_000;
    this.pvClient = ctx.client.resource<PersistentVolume>(persistentVolumesResource);
    this.pvcClient = ctx.client.resource<PersistentVolumeClaim>(persistentVolumeClaimsResource);
    this.volumeQueue = new Controller<string>({
      name: 'volumes',
      workers: 1,
      reconcile: (name) => this.syncVolumeKey(name),
      clock: ctx.clock,
      log: this.log,
    });
    this.claimQueue = new Controller<string>({
      name: 'claims',
      workers: 1,
      reconcile: (key) => this.syncClaimKey(key),
      clock: ctx.clock,
      log: this.log,
    });
    const pvInformer = ctx.informers.informerFor<PersistentVolume>(persistentVolumesResource);
    const pvcInformer = ctx.informers.informerFor<PersistentVolumeClaim>(persistentVolumeClaimsResource);
    this.volumes = pvInformer.lister;
    this.claims = pvcInformer.lister;
    const classInformer = ctx.informers.informerFor<StorageClass>(storageClassesResource);
    this.classes = classInformer.lister;
    // Upstream waits for the resync; a new default class reaches class-less claims at once here.
    classInformer.addEventHandler({
      onAdd: (c) => defaultStorageClass([c]) !== undefined && this.enqueuePendingClaims(),
      onUpdate: (_o, c) => defaultStorageClass([c]) !== undefined && this.enqueuePendingClaims(),
    });
    this.nodes = ctx.informers.lister<Node>(nodesResource);
    this.pods = ctx.informers.lister<Pod>(podsResource);
    this.store = new BindingStore({
      volumes: this.volumes,
      claims: this.claims,
      volumeClient: this.pvClient,
      claimClient: this.pvcClient,
    });
    const enqueueVolume = (v: PersistentVolume) => this.volumeQueue.enqueue(v.metadata?.name ?? '');
    const enqueueClaim = (c: PersistentVolumeClaim) =>
      this.claimQueue.enqueue(`${c.metadata?.namespace}/${c.metadata?.name}`);
    pvInformer.addEventHandler({
      onAdd: enqueueVolume,
      onUpdate: (_o, v) => enqueueVolume(v),
      onDelete: (v) => {
        this.store.volumeDeleted(v.metadata?.name ?? '');
        // The claim bound to a deleted volume has lost it.
        const ref = v.spec?.claimRef;
        if (ref) this.claimQueue.enqueue(`${ref.namespace}/${ref.name}`);
      },
    });
    pvcInformer.addEventHandler({
      onAdd: enqueueClaim,
      onUpdate: (_o, c) => enqueueClaim(c),
      onDelete: (c) => {
        this.store.claimDeleted(c.metadata?.namespace ?? '', c.metadata?.name ?? '');
        // Its volume may now be released.
        if (c.spec?.volumeName) this.volumeQueue.enqueue(c.spec.volumeName);
      },
    });
  }

  /** Runs both workers and the periodic resync until the context's signal aborts. */
  async run(): Promise<void> {
    const { clock, signal } = this.ctx;
    await Promise.all([
      this.volumeQueue.start(signal),
      this.claimQueue.start(signal),
      runPeriodically(() => this.resync(), { clock, periodMs: this.syncPeriodMs, signal, log: this.log }),
    ]);
  }

  private enqueuePendingClaims(): void {
    for (const c of this.claims.list())
      if (!c.spec?.volumeName) this.claimQueue.enqueue(`${c.metadata?.namespace}/${c.metadata?.name}`);
  }

  private resync(): void {
    for (const v of this.volumes.list()) this.volumeQueue.enqueue(v.metadata?.name ?? '');
    for (const c of this.claims.list())
      this.claimQueue.enqueue(`${c.metadata?.namespace}/${c.metadata?.name}`);
  }

  private claimEvent(
    claim: PersistentVolumeClaim,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
  ): void {
    this.recorder.event(eventTarget(claim, 'v1', 'PersistentVolumeClaim'), type, reason, '%s', message);
  }

  private volumeEvent(
    volume: PersistentVolume,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
  ): void {
    this.recorder.event(eventTarget(volume, 'v1', 'PersistentVolume'), type, reason, '%s', message);
  }

  // ---- claims

  private async syncClaimKey(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const claim = this.store.claim(namespace, name);
    if (claim === undefined) return;
    if (claim.metadata?.annotations?.[annBindCompleted] === undefined) await this.syncUnboundClaim(claim);
    else await this.syncBoundClaim(claim);
  }

  private delayBinding(claim: PersistentVolumeClaim): boolean {
    const cls = claimClass(claim);
    if (cls === '') return false;
    return this.classes.get('', cls)?.volumeBindingMode === 'WaitForFirstConsumer';
  }

  private async syncUnboundClaim(claim: PersistentVolumeClaim): Promise<void> {
    const wanted = claim.spec?.volumeName ?? '';
    if (wanted === '') {
      const delay = this.delayBinding(claim);
      const selectedNode = claim.metadata?.annotations?.[annSelectedNode];
      let volume = findBestMatchForClaim(claim, this.store.allVolumes(), delay);
      if (volume === undefined && delay && selectedNode) {
        // The scheduler chose a node for the claim's pod: a static volume that fits that node will do.
        const node = this.nodes.get('', selectedNode);
        if (node !== undefined)
          volume = findMatchingVolume(claim, this.store.allVolumes(), { node, delayBinding: true });
      }
      if (volume !== undefined) {
        await this.store.bind(volume, claim);
        return;
      }
      // A claim that named no class gets the default one, even one made after the claim
      // (RetroactiveDefaultStorageClass); the update brings the claim back here.
      const fallback = claimHasClass(claim) ? undefined : defaultStorageClass(this.classes.list());
      if (fallback !== undefined) {
        await this.store.updateClaim({
          ...claim,
          spec: { ...claim.spec, storageClassName: fallback.metadata?.name ?? '' },
        });
        return;
      }
      if (delay && !selectedNode) {
        this.emitWaitForFirstConsumer(claim);
      } else if (claimClass(claim) !== '') {
        await this.provisionClaim(claim);
        return;
      } else {
        this.claimEvent(
          claim,
          'Normal',
          'FailedBinding',
          'no persistent volumes available for this claim and no storage class is set',
        );
      }
      await this.store.updateClaimStatus(claim, 'Pending', undefined);
      return;
    }
    const volume = this.store.volume(wanted);
    if (volume === undefined) {
      // The user named a volume that does not exist (yet).
      await this.store.updateClaimStatus(claim, 'Pending', undefined);
      return;
    }
    if (!volume.spec?.claimRef) {
      const why = volumeSatisfiesClaim(volume, claim);
      if (why !== undefined) {
        this.claimEvent(
          claim,
          'Warning',
          'VolumeMismatch',
          `Cannot bind to requested volume "${wanted}": ${why}`,
        );
        await this.store.updateClaimStatus(claim, 'Pending', undefined);
        return;
      }
      await this.store.bind(volume, claim);
      return;
    }
    if (isVolumeBoundToClaim(volume, claim)) {
      await this.store.bind(volume, claim);
      return;
    }
    if (claim.metadata?.annotations?.[annBoundByController] === undefined) {
      // The user asked for a volume someone else has: wait for it.
      await this.store.updateClaimStatus(claim, 'Pending', undefined);
      return;
    }
    this.claimEvent(
      claim,
      'Warning',
      'ClaimMisbound',
      'Two claims are bound to the same volume, this one is bound incorrectly',
    );
    const ref = volume.spec.claimRef;
    throw new Error(
      `invalid binding of claim "${claim.metadata?.namespace}/${claim.metadata?.name}" to volume "${wanted}": volume already claimed by "${ref.namespace}/${ref.name}"`,
    );
  }

  private emitWaitForFirstConsumer(claim: PersistentVolumeClaim): void {
    const waiting = this.pods
      .namespace(claim.metadata?.namespace ?? '')
      .list()
      .filter(
        (p) =>
          !p.spec?.nodeName &&
          (p.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === claim.metadata?.name),
      )
      .map((p) => p.metadata?.name ?? '');
    if (waiting.length === 0) {
      this.claimEvent(
        claim,
        'Normal',
        'WaitForFirstConsumer',
        'waiting for first consumer to be created before binding',
      );
    } else {
      const message =
        waiting.length > 1
          ? `waiting for pods ${waiting.join(',')} to be scheduled`
          : `waiting for pod ${waiting[0]} to be scheduled`;
      this.claimEvent(claim, 'Normal', 'WaitForPodScheduled', message);
    }
  }

  /** Hands the claim to its class's external provisioner (provisionClaim); in-tree ones do not exist here. */
  private async provisionClaim(claim: PersistentVolumeClaim): Promise<void> {
    const cls = claimClass(claim);
    const storageClass = this.classes.get('', cls);
    if (storageClass === undefined) {
      const message = `storageclass.storage.k8s.io "${cls}" not found`;
      this.claimEvent(claim, 'Warning', 'ProvisioningFailed', message);
      throw new Error(message);
    }
    const provisioner = storageClass.provisioner;
    if (provisioner.startsWith('kubernetes.io/')) {
      const message = `no volume plugin matched name: ${provisioner}`;
      this.claimEvent(claim, 'Warning', 'ProvisioningFailed', message);
      throw new Error(message);
    }
    let current = claim;
    if (claim.metadata?.annotations?.[annStorageProvisioner] !== provisioner) {
      current = await this.store.updateClaim({
        ...claim,
        metadata: {
          ...claim.metadata,
          annotations: {
            ...(claim.metadata?.annotations ?? {}),
            [annBetaStorageProvisioner]: provisioner,
            [annStorageProvisioner]: provisioner,
          },
        },
      });
    }
    this.claimEvent(
      current,
      'Normal',
      'ExternalProvisioning',
      `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
    );
  }

  private async syncBoundClaim(claim: PersistentVolumeClaim): Promise<void> {
    const volumeName = claim.spec?.volumeName ?? '';
    if (volumeName === '') {
      await this.lostClaim(
        claim,
        'ClaimLost',
        'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!',
      );
      return;
    }
    const volume = this.store.volume(volumeName);
    if (volume === undefined) {
      await this.lostClaim(
        claim,
        'ClaimLost',
        'Bound claim has lost its PersistentVolume. Data on the volume is lost!',
      );
      return;
    }
    const ref = volume.spec?.claimRef;
    if (!ref || ref.uid === claim.metadata?.uid) {
      // Unbound volume (or our own binding the cache has not seen): (re)bind; a no-op when all is set.
      await this.store.bind(volume, claim);
      return;
    }
    await this.lostClaim(
      claim,
      'ClaimMisbound',
      'Two claims are bound to the same volume, this one is bound incorrectly',
    );
  }

  private async lostClaim(claim: PersistentVolumeClaim, reason: string, message: string): Promise<void> {
    if (claim.status?.phase === 'Lost') return;
    await this.store.updateClaimStatus(claim, 'Lost', undefined);
    this.claimEvent(claim, 'Warning', reason, message);
  }

  // ---- volumes

  private async syncVolumeKey(name: string): Promise<void> {
    const volume = this.store.volume(name);
    if (volume === undefined) return;
    await this.syncVolume(volume);
  }

  private async syncVolume(volume: PersistentVolume): Promise<void> {
    const ref = volume.spec?.claimRef;
    if (!ref || !ref.uid) {
      // Unused, or reserved for a claim that has not bound yet (its sync will).
      const wasAvailable = volume.status?.phase === 'Available';
      await this.store.updateVolumePhase(volume, 'Available');
      // Upstream waits for the periodic resync; pending claims get the new volume at once instead.
      if (!wasAvailable) this.enqueuePendingClaims();
      return;
    }
    let claim = this.store.claim(ref.namespace ?? '', ref.name ?? '');
    if (claim === undefined && volume.status?.phase !== 'Released' && volume.status?.phase !== 'Failed') {
      // Never release a volume because the cache has not seen its claim yet.
      claim = await this.liveClaim(ref.namespace ?? '', ref.name ?? '');
    }
    if (claim !== undefined && claim.metadata?.uid !== ref.uid) {
      claim = await this.liveClaim(ref.namespace ?? '', ref.name ?? '');
      if (claim !== undefined && claim.metadata?.uid !== ref.uid) claim = undefined;
    }
    if (claim === undefined) {
      let v = volume;
      if (v.status?.phase !== 'Released' && v.status?.phase !== 'Failed')
        v = await this.store.updateVolumePhase(v, 'Released');
      await this.reclaimVolume(v);
      return;
    }
    if (!claim.spec?.volumeName) {
      if (volumeModeMismatch(claim, volume)) {
        this.volumeEvent(
          volume,
          'Warning',
          'VolumeMismatch',
          `Cannot bind PersistentVolume to requested PersistentVolumeClaim "${claim.metadata?.name}" due to incompatible volumeMode.`,
        );
        this.claimEvent(
          claim,
          'Warning',
          'VolumeMismatch',
          `Cannot bind PersistentVolume "${volume.metadata?.name}" to requested PersistentVolumeClaim due to incompatible volumeMode.`,
        );
        return;
      }
      // The claim side is not done yet: its sync finishes the binding.
      this.claimQueue.enqueue(`${claim.metadata?.namespace}/${claim.metadata?.name}`);
      return;
    }
    if (claim.spec.volumeName === volume.metadata?.name) {
      await this.store.updateVolumePhase(volume, 'Bound');
      return;
    }
    // The claim went to another volume.
    const provisioned = volume.metadata?.annotations?.[annDynamicallyProvisioned] !== undefined;
    if (provisioned && volume.spec?.persistentVolumeReclaimPolicy === 'Delete') {
      let v = volume;
      if (v.status?.phase !== 'Released' && v.status?.phase !== 'Failed')
        v = await this.store.updateVolumePhase(v, 'Released');
      await this.reclaimVolume(v);
      return;
    }
    await this.unbindVolume(volume);
  }

  private async liveClaim(namespace: string, name: string): Promise<PersistentVolumeClaim | undefined> {
    try {
      return await this.pvcClient.namespace(namespace).get(name);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Frees a volume: drops a controller-made binding, or only the UID of a user's pre-binding. */
  private async unbindVolume(volume: PersistentVolume): Promise<void> {
    let next: PersistentVolume;
    if (volume.metadata?.annotations?.[annBoundByController] !== undefined) {
      const { [annBoundByController]: _b, ...annotations } = volume.metadata.annotations;
      const { claimRef: _c, ...spec } = volume.spec ?? {};
      next = { ...volume, metadata: { ...volume.metadata, annotations }, spec };
    } else {
      next = { ...volume, spec: { ...volume.spec, claimRef: { ...volume.spec?.claimRef, uid: '' } } };
    }
    const stored = await this.store.updateVolume(next);
    await this.store.updateVolumePhase(stored, 'Available');
  }

  /** Applies the reclaim policy of a released volume (reclaimVolume). */
  private async reclaimVolume(volume: PersistentVolume): Promise<void> {
    switch (volume.spec?.persistentVolumeReclaimPolicy ?? 'Retain') {
      case 'Retain':
        return;
      case 'Recycle':
        // No recycler plugin exists here (upstream has them only for NFS and test hostPaths).
        this.volumeEvent(
          volume,
          'Warning',
          'VolumeFailedRecycle',
          'No recycler plugin found for the volume!',
        );
        await this.store.updateVolumePhase(volume, 'Failed', 'No recycler plugin found for the volume!');
        return;
      case 'Delete': {
        const provisioner = volume.metadata?.annotations?.[annDynamicallyProvisioned] ?? '';
        // An external provisioner deletes what it provisioned.
        if (provisioner !== '' && !provisioner.startsWith('kubernetes.io/')) return;
        try {
          await this.pvClient.delete(volume.metadata?.name ?? '');
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
        return;
      }
      default:
        this.volumeEvent(
          volume,
          'Warning',
          'VolumeUnknownReclaimPolicy',
          'Volume has unrecognized PersistentVolumeReclaimPolicy',
        );
        await this.store.updateVolumePhase(
          volume,
          'Failed',
          'Volume has unrecognized PersistentVolumeReclaimPolicy',
        );
    }
  }
}

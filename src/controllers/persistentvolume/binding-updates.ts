import type {
  PersistentVolume,
  PersistentVolumeClaim,
  PersistentVolumeClaimStatus,
} from 'kubernetes-types/core/v1.js';
import { isVolumeBoundToClaim } from './volume-matching.js';

/** Set on a PVC once the controller has bound it (or seen it bound). */
export const annBindCompleted = 'pv.kubernetes.io/bind-completed';
/** Set on a PV or PVC when the controller (not the user) made the binding. */
export const annBoundByController = 'pv.kubernetes.io/bound-by-controller';
/** Set on a PVC by the scheduler for WaitForFirstConsumer claims: the node its pod goes to. */
export const annSelectedNode = 'volume.kubernetes.io/selected-node';
/** Set on a PV by the provisioner that created it. */
export const annDynamicallyProvisioned = 'pv.kubernetes.io/provisioned-by';
/** Set on a PVC to tell external provisioners it is theirs. */
export const annStorageProvisioner = 'volume.kubernetes.io/storage-provisioner';
/** The beta twin of annStorageProvisioner, still set for older provisioners. */
export const annBetaStorageProvisioner = 'volume.beta.kubernetes.io/storage-provisioner';

/**
 * The volume bound to the claim (GetBindVolumeToClaim): claimRef set to the claim, and marked
 * bound-by-controller unless the user had pre-bound it; undefined when nothing changes.
 */
export function volumeBoundToClaim(
  volume: PersistentVolume,
  claim: PersistentVolumeClaim,
): PersistentVolume | undefined {
  const ref = volume.spec?.claimRef;
  let next = volume;
  let dirty = false;
  const preBound = isVolumeBoundToClaim(volume, claim);
  if (
    !ref ||
    ref.name !== claim.metadata?.name ||
    ref.namespace !== claim.metadata?.namespace ||
    ref.uid !== claim.metadata?.uid
  ) {
    next = {
      ...next,
      spec: {
        ...next.spec,
        claimRef: {
          kind: 'PersistentVolumeClaim',
          namespace: claim.metadata?.namespace ?? '',
          name: claim.metadata?.name ?? '',
          uid: claim.metadata?.uid ?? '',
          apiVersion: 'v1',
          resourceVersion: claim.metadata?.resourceVersion ?? '',
        },
      },
    };
    dirty = true;
  }
  if (!preBound && next.metadata?.annotations?.[annBoundByController] === undefined) {
    next = {
      ...next,
      metadata: {
        ...next.metadata,
        annotations: { ...(next.metadata?.annotations ?? {}), [annBoundByController]: 'yes' },
      },
    };
    dirty = true;
  }
  return dirty ? next : undefined;
}

/**
 * The claim bound to the volume (bindClaimToVolume): spec.volumeName set, bound-by-controller when
 * the user had not named the volume, bind-completed; undefined when nothing changes.
 */
export function claimBoundToVolume(
  claim: PersistentVolumeClaim,
  volume: PersistentVolume,
): PersistentVolumeClaim | undefined {
  const name = volume.metadata?.name ?? '';
  const annotations = { ...(claim.metadata?.annotations ?? {}) };
  let dirty = false;
  if (claim.spec?.volumeName !== name && annotations[annBoundByController] === undefined) {
    annotations[annBoundByController] = 'yes';
    dirty = true;
  }
  if (annotations[annBindCompleted] === undefined) {
    annotations[annBindCompleted] = 'yes';
    dirty = true;
  }
  if (claim.spec?.volumeName !== name) dirty = true;
  if (!dirty) return undefined;
  return {
    ...claim,
    metadata: { ...claim.metadata, annotations },
    spec: { ...claim.spec, volumeName: name },
  };
}

/**
 * The claim status for `phase` (updateClaimStatus): access modes follow the volume (cleared
 * without one), capacity is taken from the volume when the claim becomes Bound; undefined when
 * nothing changes.
 */
export function claimStatusFor(
  claim: PersistentVolumeClaim,
  phase: string,
  volume: PersistentVolume | undefined,
): PersistentVolumeClaimStatus | undefined {
  const status: PersistentVolumeClaimStatus = { ...(claim.status ?? {}) };
  let dirty = false;
  if (status.phase !== phase) {
    status.phase = phase;
    dirty = true;
  }
  if (volume === undefined) {
    if (status.accessModes !== undefined) {
      delete status.accessModes;
      dirty = true;
    }
    if (status.capacity !== undefined) {
      delete status.capacity;
      dirty = true;
    }
  } else {
    const modes = volume.spec?.accessModes;
    if (JSON.stringify(status.accessModes ?? null) !== JSON.stringify(modes ?? null)) {
      if (modes === undefined) delete status.accessModes;
      else status.accessModes = modes;
      dirty = true;
    }
    // Only when becoming Bound: a later difference may be intended (filesystem smaller than device).
    if (claim.status?.phase !== phase) {
      const capacity = volume.spec?.capacity;
      if (capacity?.['storage'] === undefined)
        throw new Error(`PersistentVolume "${volume.metadata?.name}" is without a storage capacity`);
      if (claim.status?.capacity?.['storage'] !== capacity['storage']) {
        status.capacity = capacity;
        dirty = true;
      }
    }
  }
  return dirty ? status : undefined;
}

import type { PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import { timeMs } from '../shared/infra-pod.js';

/** True when the claim asked for a class, even "" (PersistentVolumeClaimHasClass). */
export function claimHasClass(claim: PersistentVolumeClaim): boolean {
  return (
    claim.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] !== undefined ||
    (claim.spec?.storageClassName !== undefined && claim.spec.storageClassName !== null)
  );
}

function isDefault(cls: StorageClass): boolean {
  const a = cls.metadata?.annotations ?? {};
  return (
    a['storageclass.kubernetes.io/is-default-class'] === 'true' ||
    a['storageclass.beta.kubernetes.io/is-default-class'] === 'true'
  );
}

/** The default StorageClass: of several, the newest, then by name (GetDefaultClass). */
export function defaultStorageClass(classes: readonly StorageClass[]): StorageClass | undefined {
  return classes.filter(isDefault).sort((a, b) => {
    const ta = timeMs(a.metadata?.creationTimestamp) ?? 0;
    const tb = timeMs(b.metadata?.creationTimestamp) ?? 0;
    if (ta !== tb) return tb - ta;
    return (a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1;
  })[0];
}

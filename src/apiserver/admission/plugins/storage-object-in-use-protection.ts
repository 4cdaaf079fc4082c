import type { AdmissionPlugin } from '../admission-chain.js';

/** The finalizer that keeps a PVC while pods use it. */
export const PVC_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection';
/** The finalizer that keeps a PV while a PVC is bound to it. */
export const PV_PROTECTION_FINALIZER = 'kubernetes.io/pv-protection';

/** Upstream's StorageObjectInUseProtection: new PVCs and PVs get their protection finalizer. */
export function storageObjectInUseProtection(): AdmissionPlugin {
  return {
    name: 'StorageObjectInUseProtection',
    async mutate(attrs, obj) {
      const t = attrs.resource.type;
      if (attrs.operation !== 'CREATE' || attrs.subresource !== '' || t.group !== '') return;
      const finalizer =
        t.resource === 'persistentvolumeclaims'
          ? PVC_PROTECTION_FINALIZER
          : t.resource === 'persistentvolumes'
            ? PV_PROTECTION_FINALIZER
            : undefined;
      if (!finalizer) return;
      const meta = (obj.metadata ??= {});
      const list = (meta.finalizers ??= []);
      if (!list.includes(finalizer)) list.push(finalizer);
    },
  };
}

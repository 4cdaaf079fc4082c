import type { KubeObject } from '../../../api/object.js';
import type { AdmissionPlugin } from '../admission-chain.js';
import { isCreateOf } from './admission-forbidden.js';
import { pickDefaultClass } from './default-class.js';

/** The annotations that mark a StorageClass as the default. */
export const DEFAULT_STORAGE_CLASS_ANNOTATIONS = [
  'storageclass.kubernetes.io/is-default-class',
  'storageclass.beta.kubernetes.io/is-default-class',
];

/** Upstream's DefaultStorageClass: a PVC that names no class gets the default one (if any). */
export function defaultStorageClass(options: {
  listStorageClasses(): Promise<readonly KubeObject[]>;
}): AdmissionPlugin {
  return {
    name: 'DefaultStorageClass',
    async mutate(attrs, pvc) {
      if (!isCreateOf(attrs, '', 'persistentvolumeclaims')) return;
      const spec = ((pvc as { spec?: { storageClassName?: string | null } }).spec ??= {});
      // An explicit class (even "") or the beta annotation is the user's choice.
      if (spec.storageClassName !== undefined && spec.storageClassName !== null) return;
      if (pvc.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] !== undefined) return;
      const def = pickDefaultClass(await options.listStorageClasses(), DEFAULT_STORAGE_CLASS_ANNOTATIONS);
      if (def?.metadata?.name) spec.storageClassName = def.metadata.name;
    },
  };
}

import type { CSIDriver, StorageClass, VolumeAttachment } from 'kubernetes-types/storage/v1.js';
import type { KubeObject } from '../object.js';
import { defaultPersistentVolumeSource } from './core-volume.js';
import { ensureStruct, hasItems, struct, view } from './fields.js';

/** StorageClass (storage.k8s.io/v1): Delete reclaim policy, Immediate binding. */
export function defaultStorageClass(object: KubeObject): void {
  const storageClass = view<StorageClass>(object);
  storageClass.reclaimPolicy ??= 'Delete';
  storageClass.volumeBindingMode ??= 'Immediate';
}

/**
 * CSIDriver (storage.k8s.io/v1): attach required, no pod info, no capacity tracking, fsGroup for
 * RWO volumes with an fsType, persistent volumes only, no republish, no SELinux mount (its gate is
 * on by default in 1.32).
 */
export function defaultCsiDriver(object: KubeObject): void {
  const spec = ensureStruct(view<CSIDriver>(object), 'spec');
  if (!spec) return;
  spec.attachRequired ??= true;
  spec.podInfoOnMount ??= false;
  spec.storageCapacity ??= false;
  spec.fsGroupPolicy ??= 'ReadWriteOnceWithFSType';
  if (!hasItems(spec.volumeLifecycleModes)) spec.volumeLifecycleModes = ['Persistent'];
  spec.requiresRepublish ??= false;
  spec.seLinuxMount ??= false;
}

/** VolumeAttachment (storage.k8s.io/v1): an inline volume spec gets its source's defaults. */
export function defaultVolumeAttachment(object: KubeObject): void {
  const inline = struct(struct(struct(view<VolumeAttachment>(object).spec)?.source)?.inlineVolumeSpec);
  if (inline) defaultPersistentVolumeSource(inline);
}

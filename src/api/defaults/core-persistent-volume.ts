import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../object.js';
import { defaultPersistentVolumeClaimSpec, defaultPersistentVolumeSource } from './core-volume.js';
import { ensureStruct, view } from './fields.js';
import { defaultResourceList } from './quantity.js';

/** PersistentVolume: Retain, Filesystem, phase Pending, and its source's defaults. */
export function defaultPersistentVolume(object: KubeObject): void {
  const volume = view<PersistentVolume>(object);
  const status = ensureStruct(volume, 'status');
  if (status) status.phase ||= 'Pending';
  const spec = ensureStruct(volume, 'spec');
  if (!spec) return;
  spec.persistentVolumeReclaimPolicy ||= 'Retain';
  spec.volumeMode ??= 'Filesystem';
  defaultPersistentVolumeSource(spec);
}

/**
 * A claim (a PersistentVolumeClaim, or a StatefulSet's claim template): phase Pending, the spec's
 * defaults and rounded status quantities.
 */
export function defaultClaim(claim: PersistentVolumeClaim): void {
  const status = ensureStruct(claim, 'status');
  if (status) {
    status.phase ||= 'Pending';
    defaultResourceList(status.capacity);
    defaultResourceList(status.allocatedResources);
  }
  const spec = ensureStruct(claim, 'spec');
  if (spec) defaultPersistentVolumeClaimSpec(spec);
}

/** PersistentVolumeClaim (core/v1). */
export function defaultPersistentVolumeClaim(object: KubeObject): void {
  defaultClaim(view<PersistentVolumeClaim>(object));
}

import type {
  AzureDiskVolumeSource,
  DownwardAPIVolumeFile,
  HostPathVolumeSource,
  PersistentVolumeClaimSpec,
  PersistentVolumeSpec,
  Volume,
} from 'kubernetes-types/core/v1.js';
import { defaultFieldRef, defaultResourceFieldRef } from './core-container.js';
import { ensureStruct, markNestedMeta, struct, structs, view } from './fields.js';
import { defaultResourceList, normalizeQuantity } from './quantity.js';

/** Secret, ConfigMap, downward API and projected volumes default to 0644 files. */
const defaultFileMode = 0o644;

/** Every volume source a Volume may name (1.32, including the alpha image source). */
const volumeSources = [
  'awsElasticBlockStore',
  'azureDisk',
  'azureFile',
  'cephfs',
  'cinder',
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'fc',
  'flexVolume',
  'flocker',
  'gcePersistentDisk',
  'gitRepo',
  'glusterfs',
  'hostPath',
  'image',
  'iscsi',
  'nfs',
  'persistentVolumeClaim',
  'photonPersistentDisk',
  'portworxVolume',
  'projected',
  'quobyte',
  'rbd',
  'scaleIO',
  'secret',
  'storageos',
  'vsphereVolume',
] as const;

/** The sources shared by Volume and PersistentVolumeSpec that carry defaults. */
interface SharedSources {
  hostPath?: HostPathVolumeSource;
  azureDisk?: AzureDiskVolumeSource;
  iscsi?: { iscsiInterface?: string };
  rbd?: { pool?: string; user?: string; keyring?: string };
  scaleIO?: { storageMode?: string; fsType?: string };
}

function defaultSharedSources(source: SharedSources): void {
  const hostPath = struct(source.hostPath);
  // HostPathUnset: a pointer to "", so `type: ""` shows on the wire.
  if (hostPath) hostPath.type ??= '';
  const azureDisk = struct(source.azureDisk);
  if (azureDisk) {
    azureDisk.cachingMode ??= 'ReadWrite';
    azureDisk.kind ??= 'Shared';
    azureDisk.fsType ??= 'ext4';
    azureDisk.readOnly ??= false;
  }
  const iscsi = struct(source.iscsi);
  if (iscsi) iscsi.iscsiInterface ||= 'default';
  const rbd = struct(source.rbd);
  if (rbd) {
    rbd.pool ||= 'rbd';
    rbd.user ||= 'admin';
    rbd.keyring ||= '/etc/ceph/keyring';
  }
  const scaleIO = struct(source.scaleIO);
  if (scaleIO) {
    scaleIO.storageMode ||= 'ThinProvisioned';
    scaleIO.fsType ||= 'xfs';
  }
}

function defaultDownwardApiItems(items: DownwardAPIVolumeFile[] | undefined): void {
  for (const item of structs(items)) {
    defaultFieldRef(item.fieldRef);
    defaultResourceFieldRef(item.resourceFieldRef);
  }
}

/** PersistentVolumeClaimSpec: Filesystem volume mode, resources always present and rounded. */
export function defaultPersistentVolumeClaimSpec(spec: PersistentVolumeClaimSpec): void {
  spec.volumeMode ??= 'Filesystem';
  const resources = ensureStruct(spec, 'resources');
  if (resources) {
    defaultResourceList(resources.limits);
    defaultResourceList(resources.requests);
  }
}

/** The volume-source defaults of a PersistentVolumeSpec (also used for inline specs in VolumeAttachments). */
export function defaultPersistentVolumeSource(spec: PersistentVolumeSpec): void {
  defaultResourceList(spec.capacity);
  defaultSharedSources(spec as SharedSources);
}

/** SetDefaults_Volume and the defaulters of every source a pod volume may use. */
export function defaultVolume(volume: Volume): void {
  const fields = view<Record<string, unknown>>(volume);
  if (volumeSources.every((key) => fields[key] === undefined || fields[key] === null)) volume.emptyDir = {};
  defaultSharedSources(volume as SharedSources);
  const emptyDir = struct(volume.emptyDir);
  if (emptyDir?.sizeLimit !== undefined) emptyDir.sizeLimit = normalizeQuantity(emptyDir.sizeLimit) as string;
  for (const key of ['secret', 'configMap'] as const) {
    const source = struct(volume[key]);
    if (source) source.defaultMode ??= defaultFileMode;
  }
  const downwardAPI = struct(volume.downwardAPI);
  if (downwardAPI) {
    downwardAPI.defaultMode ??= defaultFileMode;
    defaultDownwardApiItems(downwardAPI.items);
  }
  const projected = struct(volume.projected);
  if (projected) {
    projected.defaultMode ??= defaultFileMode;
    for (const projection of structs(projected.sources)) {
      defaultDownwardApiItems(struct(projection.downwardAPI)?.items);
      const token = struct(projection.serviceAccountToken);
      if (token) token.expirationSeconds ??= 3600;
    }
  }
  const claimTemplate = struct(struct(volume.ephemeral)?.volumeClaimTemplate);
  if (claimTemplate) {
    markNestedMeta(claimTemplate);
    const spec = ensureStruct(claimTemplate, 'spec');
    if (spec) defaultPersistentVolumeClaimSpec(spec);
  }
}

// PersistentVolumes and PersistentVolumeClaims (upstream core validation): exactly one volume
// source, capacity and access modes; a claim's spec is immutable except for growing its storage
// request and binding its volumeName once.

import { deepEqual } from '../../base/deep-equal.js';
import {
  type FieldError,
  fieldForbidden,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
} from './field-error.js';
import { type FieldPath, fieldPath } from './field-path.js';
import { goStructDiff } from './go-diff.js';
import { validateImmutableField } from './common-fields.js';
import {
  validateAccessModes,
  validatePersistentVolumeClaimSpec,
  validatePositiveQuantity,
  supportedVolumeModes,
} from './core-pvc-spec.js';
import { validateNodeSelector } from './core-scheduling-fields.js';
import {
  requireFields,
  validateAzureDisk,
  validateCSIDriverName,
  validateFC,
  validateFlexVolume,
  validateHostPath,
  validateNFS,
  validatePartition,
  validatePathNoBacksteps,
  validateStorageOS,
} from './core-volume-sources.js';
import { arr, type Json, obj, optStr, str, strMap, strs } from './json-access.js';
import { isDNS1123Label, isDNS1123Subdomain } from './label-validation.js';
import { compareQuantities, parseQuantity } from './resource-quantity.js';

type Rule = (src: Json, path: FieldPath) => FieldError[];

function secretRef(ref: unknown, path: FieldPath): FieldError[] {
  const r = obj(ref);
  if (!r) return [];
  const errs: FieldError[] = [];
  const name = str(r['name']);
  const ns = str(r['namespace']);
  if (!name) errs.push(fieldRequired(path.child('name')));
  else for (const msg of isDNS1123Subdomain(name)) errs.push(fieldInvalid(path.child('name'), name, msg));
  if (!ns) errs.push(fieldRequired(path.child('namespace')));
  else for (const msg of isDNS1123Label(ns)) errs.push(fieldInvalid(path.child('namespace'), ns, msg));
  return errs;
}

const csiRule: Rule = (s, p) => {
  const errs = validateCSIDriverName(str(s['driver']), p.child('driver'));
  if (!str(s['volumeHandle'])) errs.push(fieldRequired(p.child('volumeHandle')));
  for (const ref of [
    'controllerPublishSecretRef',
    'controllerExpandSecretRef',
    'nodePublishSecretRef',
    'nodeExpandSecretRef',
  ]) {
    errs.push(...secretRef(s[ref], p.child(ref)));
  }
  return errs;
};

const list = (src: Json, name: string, p: FieldPath): FieldError[] =>
  arr(src[name]).length ? [] : [fieldRequired(p.child(name))];

/** PV sources in upstream's order: key, the name of the "more than 1" error, the name its rule uses. */
const pvSources: readonly (readonly [string, string, string, Rule])[] = [
  ['hostPath', 'hostPath', 'hostPath', validateHostPath],
  [
    'gcePersistentDisk',
    'gcePersistentDisk',
    'persistentDisk',
    (s, p) => [...requireFields(s, ['pdName'], p), ...validatePartition(s, p)],
  ],
  [
    'awsElasticBlockStore',
    'awsElasticBlockStore',
    'awsElasticBlockStore',
    (s, p) => [...requireFields(s, ['volumeID'], p), ...validatePartition(s, p)],
  ],
  ['glusterfs', 'glusterfs', 'glusterfs', (s, p) => requireFields(s, ['endpoints', 'path'], p)],
  [
    'flocker',
    'flocker',
    'flocker',
    (s, p) =>
      str(s['datasetName']) || str(s['datasetUUID'])
        ? []
        : [fieldRequired(p, 'one of datasetName and datasetUUID is required')],
  ],
  ['nfs', 'nfs', 'nfs', validateNFS],
  ['rbd', 'rbd', 'rbd', (s, p) => [...list(s, 'monitors', p), ...requireFields(s, ['image'], p)]],
  ['quobyte', 'quobyte', 'quobyte', (s, p) => requireFields(s, ['registry', 'volume'], p)],
  ['cephfs', 'cephFS', 'cephfs', (s, p) => list(s, 'monitors', p)],
  ['iscsi', 'iscsi', 'iscsi', (s, p) => requireFields(s, ['targetPortal', 'iqn'], p)],
  ['cinder', 'cinder', 'cinder', (s, p) => requireFields(s, ['volumeID'], p)],
  ['fc', 'fc', 'fc', validateFC],
  ['flexVolume', 'flexVolume', 'flexVolume', validateFlexVolume],
  ['azureFile', 'azureFile', 'azureFile', (s, p) => requireFields(s, ['secretName', 'shareName'], p)],
  ['vsphereVolume', 'vsphereVolume', 'vsphereVolume', (s, p) => requireFields(s, ['volumePath'], p)],
  [
    'photonPersistentDisk',
    'photonPersistentDisk',
    'photonPersistentDisk',
    (s, p) => requireFields(s, ['pdID'], p),
  ],
  ['portworxVolume', 'portworxVolume', 'portworxVolume', (s, p) => requireFields(s, ['volumeID'], p)],
  ['azureDisk', 'azureDisk', 'azureDisk', validateAzureDisk],
  ['scaleIO', 'scaleIO', 'scaleIO', (s, p) => requireFields(s, ['gateway', 'system', 'volumeName'], p)],
  [
    'local',
    'local',
    'local',
    (s, p) =>
      str(s['path'])
        ? validatePathNoBacksteps(str(s['path']), p.child('path'))
        : [fieldRequired(p.child('path'))],
  ],
  ['storageos', 'storageos', 'storageos', validateStorageOS],
  ['csi', 'csi', 'csi', csiRule],
];

/** The PersistentVolumeSource fields of a PV spec (what may not change after creation). */
const sourceKeys = pvSources.map(([key]) => key);

/** Upstream's ValidatePersistentVolumeSpec (not the inline flavour). */
export function validatePersistentVolumeSpec(spec: Json, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const modes = strs(spec['accessModes']);
  if (modes.length === 0) errs.push(fieldRequired(path.child('accessModes')));
  errs.push(...validateAccessModes(modes, path.child('accessModes')));
  const capacity = obj(spec['capacity']) ?? {};
  const capPath = path.child('capacity');
  if (Object.keys(capacity).length === 0) errs.push(fieldRequired(capPath));
  if (!('storage' in capacity) || Object.keys(capacity).length > 1)
    errs.push(fieldNotSupported(capPath, strMap(capacity) ?? {}, ['storage']));
  for (const [r, q] of Object.entries(capacity)) {
    const v = parseQuantity(q);
    if (v && v.n < 0n)
      errs.push(fieldInvalid(capPath.key(r), Number(v.n), 'must be a valid resource quantity'));
    errs.push(...validatePositiveQuantity(q, capPath.key(r)));
  }
  const policy = str(spec['persistentVolumeReclaimPolicy']);
  const policies = ['Delete', 'Recycle', 'Retain'];
  if (policy && !policies.includes(policy))
    errs.push(fieldNotSupported(path.child('persistentVolumeReclaimPolicy'), policy, policies));
  const affinity = obj(spec['nodeAffinity']);
  if (affinity) {
    const required = obj(affinity['required']);
    if (required) errs.push(...validateNodeSelector(required, path.child('nodeAffinity', 'required')));
    else
      errs.push(
        fieldRequired(path.child('nodeAffinity', 'required'), 'must specify required node constraints'),
      );
  }
  let count = 0;
  for (const [key, forbiddenAt, at, rule] of pvSources) {
    const src = obj(spec[key]);
    if (!src) continue;
    if (count > 0) {
      errs.push(fieldForbidden(path.child(forbiddenAt), 'may not specify more than 1 volume type'));
      continue;
    }
    count++;
    errs.push(...rule(src, path.child(at)));
    if (key === 'local' && !affinity)
      errs.push(fieldRequired(path.child('nodeAffinity'), 'Local volume requires node affinity'));
  }
  if (count === 0) errs.push(fieldRequired(path, 'must specify a volume type'));
  const hostPath = str(obj(spec['hostPath'])?.['path']);
  if (hostPath && hostPath.replace(/\/+$/, '') === '' && policy === 'Recycle') {
    errs.push(
      fieldForbidden(
        path.child('persistentVolumeReclaimPolicy'),
        "may not be 'recycle' for a hostPath mount of '/'",
      ),
    );
  }
  const className = str(spec['storageClassName']);
  if (className)
    for (const msg of isDNS1123Subdomain(className))
      errs.push(fieldInvalid(path.child('storageClassName'), className, msg));
  const volumeMode = optStr(spec['volumeMode']);
  if (volumeMode !== undefined && !supportedVolumeModes.includes(volumeMode)) {
    errs.push(fieldNotSupported(path.child('volumeMode'), volumeMode, supportedVolumeModes));
  }
  return errs;
}

/** A PersistentVolume on create (metadata aside). */
export function validatePersistentVolume(pv: Json): FieldError[] {
  return validatePersistentVolumeSpec(obj(pv['spec']) ?? {}, fieldPath('spec'));
}

/** Upstream's ValidatePersistentVolumeUpdate (metadata aside). */
export function validatePersistentVolumeUpdate(pv: Json, old: Json): FieldError[] {
  const errs = validatePersistentVolume(pv);
  const spec = obj(pv['spec']) ?? {};
  const oldSpec = obj(old['spec']) ?? {};
  const source = (s: Json): Json =>
    Object.fromEntries(sourceKeys.filter((k) => s[k] !== undefined).map((k) => [k, s[k]]));
  const next = source(spec);
  const prev = source(oldSpec);
  const csi = obj(next['csi']);
  if (csi && obj(prev['csi']) && obj(prev['csi'])?.['controllerExpandSecretRef'] === undefined) {
    next['csi'] = { ...csi, controllerExpandSecretRef: undefined };
  }
  if (!deepEqual(next, prev)) {
    const diff = goStructDiff('core.PersistentVolumeSource', prev, next);
    errs.push(
      fieldForbidden(
        fieldPath('spec', 'persistentvolumesource'),
        `spec.persistentvolumesource is immutable after creation\n${diff}`,
      ),
    );
  }
  errs.push(...validateImmutableField(spec['volumeMode'], oldSpec['volumeMode'], fieldPath('volumeMode')));
  if (oldSpec['nodeAffinity'] != null && !deepEqual(spec['nodeAffinity'] ?? null, oldSpec['nodeAffinity'])) {
    errs.push(
      fieldInvalid(
        fieldPath('nodeAffinity'),
        spec['nodeAffinity'] ?? null,
        'field is immutable, except for updating from beta label to GA',
      ),
    );
  }
  return errs;
}

/** A PersistentVolumeClaim on create (metadata aside). */
export function validatePersistentVolumeClaim(pvc: Json): FieldError[] {
  return validatePersistentVolumeClaimSpec(obj(pvc['spec']) ?? {}, fieldPath('spec'));
}

/** Upstream's ValidatePersistentVolumeClaimUpdate (metadata aside). */
export function validatePersistentVolumeClaimUpdate(pvc: Json, old: Json): FieldError[] {
  const errs = validatePersistentVolumeClaim(pvc);
  const spec: Json = structuredClone(obj(pvc['spec']) ?? {});
  const oldSpec: Json = structuredClone(obj(old['spec']) ?? {});
  if (!str(oldSpec['volumeName'])) oldSpec['volumeName'] = spec['volumeName'];
  if (oldSpec['storageClassName'] === undefined && spec['storageClassName'] !== undefined) {
    const annotation = strMap(obj(old['metadata'])?.['annotations'])?.[
      'volume.beta.kubernetes.io/storage-class'
    ];
    if (annotation === undefined || annotation === spec['storageClassName'])
      oldSpec['storageClassName'] = spec['storageClassName'];
  }
  const bound = str(obj(pvc['status'])?.['phase']) === 'Bound';
  const requests = obj(obj(spec['resources'])?.['requests']);
  const oldStorage = obj(obj(oldSpec['resources'])?.['requests'])?.['storage'];
  if (bound && requests) requests['storage'] = oldStorage;
  if (!deepEqual(spec, oldSpec)) {
    const detail =
      'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims';
    errs.push(
      fieldForbidden(
        fieldPath('spec'),
        `${detail}\n${goStructDiff('core.PersistentVolumeClaimSpec', oldSpec, spec)}`,
      ),
    );
  }
  const newSize = parseQuantity(obj(obj(obj(pvc['spec'])?.['resources'])?.['requests'])?.['storage'] ?? '0');
  const oldSize = parseQuantity(oldStorage ?? '0');
  if (newSize && oldSize && compareQuantities(newSize, oldSize) < 0) {
    errs.push(
      fieldForbidden(
        fieldPath('spec', 'resources', 'requests', 'storage'),
        'field can not be less than previous value',
      ),
    );
  }
  errs.push(
    ...validateImmutableField(
      obj(pvc['spec'])?.['volumeMode'],
      obj(old['spec'])?.['volumeMode'],
      fieldPath('volumeMode'),
    ),
  );
  return errs;
}

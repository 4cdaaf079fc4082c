// Pod volumes (upstream's ValidateVolumes / validateVolumeSource): unique DNS-label names, exactly
// one source each, and each source's own rules. Returns the valid volumes by name for the mount
// checks of the containers.

import {
  type FieldError,
  fieldDuplicate,
  fieldForbidden,
  fieldInvalid,
  fieldRequired,
} from './field-error.js';
import type { FieldPath } from './field-path.js';
import { validateDNS1123Label } from './common-fields.js';
import {
  requireFields,
  validateAzureDisk,
  validateCSIDriverName,
  validateFC,
  validateFileMode,
  validateFlexVolume,
  validateHostPath,
  validateISCSI,
  validateItemsAndMode,
  validateKeyToPath,
  validateLocalDescendingPath,
  validateLocalNonReservedPath,
  validateNFS,
  validatePartition,
  validateStorageOS,
} from './core-volume-sources.js';
import { validateDownwardAPIFile } from './core-downward-api.js';
import { validatePersistentVolumeClaimSpec } from './core-pvc-spec.js';
import { arr, type Json, num, obj, objs, str, strMap } from './json-access.js';
import { isDNS1123Subdomain } from './label-validation.js';
import { validateAnnotations, validateLabels } from './object-meta.js';
import { validatePullPolicy } from './core-container-fields.js';

type SourceRule = (src: Json, path: FieldPath, ctx: VolumeContext) => FieldError[];

interface VolumeContext {
  readonly volumeName: string;
  readonly podName: string | undefined;
  readonly isPod: boolean;
}

function validateSecretSource(src: Json, path: FieldPath): FieldError[] {
  const errs = str(src['secretName']) ? [] : [fieldRequired(path.child('secretName'))];
  return [...errs, ...validateItemsAndMode(src, path)];
}

function validateConfigMapSource(src: Json, path: FieldPath): FieldError[] {
  const errs = str(src['name']) ? [] : [fieldRequired(path.child('name'))];
  return [...errs, ...validateItemsAndMode(src, path)];
}

function validateDownwardAPISource(src: Json, path: FieldPath): FieldError[] {
  const errs = validateFileMode(src['defaultMode'], path.child('defaultMode'));
  // Upstream reports item problems at the source's path, not the item's.
  for (const file of objs(src['items'])) errs.push(...validateDownwardAPIFile(file, path));
  return errs;
}

function validateProjectedSource(src: Json, path: FieldPath): FieldError[] {
  const errs = validateFileMode(src['defaultMode'], path.child('defaultMode'));
  const seen = new Set<string>();
  const addPath = (p: string, shown: string): void => {
    if (seen.has(p)) errs.push(fieldInvalid(path, shown, 'conflicting duplicate paths'));
    else seen.add(p);
  };
  objs(src['sources']).forEach((source, i) => {
    const srcPath = path.child('sources').index(i);
    let count = 0;
    for (const kind of ['secret', 'configMap'] as const) {
      const s = obj(source[kind]);
      if (!s) continue;
      count++;
      if (!str(s['name'])) errs.push(fieldRequired(srcPath.child(kind).child('name')));
      objs(s['items']).forEach((kp, j) => {
        errs.push(...validateKeyToPath(kp, srcPath.child(kind).child('items').index(j)));
        if (str(kp['path'])) addPath(str(kp['path']), str(s['name']));
      });
    }
    const downward = obj(source['downwardAPI']);
    if (downward) {
      count++;
      for (const file of objs(downward['items'])) {
        errs.push(...validateDownwardAPIFile(file, srcPath.child('downwardAPI')));
        if (str(file['path'])) addPath(str(file['path']), str(file['path']));
      }
    }
    const token = obj(source['serviceAccountToken']);
    if (token) {
      count++;
      const seconds = num(token['expirationSeconds'] ?? 3600);
      const tp = srcPath.child('serviceAccountToken');
      if (seconds < 600)
        errs.push(
          fieldInvalid(
            tp.child('expirationSeconds'),
            seconds,
            'may not specify a duration less than 10 minutes',
          ),
        );
      if (seconds > 2 ** 32)
        errs.push(
          fieldInvalid(
            tp.child('expirationSeconds'),
            seconds,
            'may not specify a duration larger than 2^32 seconds',
          ),
        );
      if (!str(token['path'])) errs.push(fieldRequired(path.child('path')));
      else errs.push(...validateLocalNonReservedPath(str(token['path']), path.child('path')));
    }
    if (obj(source['clusterTrustBundle'])) count++;
    if (count > 1) errs.push(fieldForbidden(srcPath, 'may not specify more than 1 volume type per source'));
  });
  return errs;
}

function validateEphemeralSource(src: Json, path: FieldPath, ctx: VolumeContext): FieldError[] {
  const template = obj(src['volumeClaimTemplate']);
  if (!template) return [fieldRequired(path.child('volumeClaimTemplate'))];
  const tp = path.child('volumeClaimTemplate');
  const meta = obj(template['metadata']) ?? {};
  const errs = [
    ...validateAnnotations(strMap(meta['annotations']), tp.child('metadata').child('annotations')),
    ...validateLabels(strMap(meta['labels']), tp.child('metadata').child('labels')),
  ];
  for (const [f, v] of Object.entries(meta)) {
    if (!['labels', 'annotations'].includes(f) && v !== null && v !== undefined && v !== '') {
      errs.push(fieldForbidden(tp.child('metadata').child(f === 'uid' ? 'uID' : f), 'cannot be set'));
    }
  }
  errs.push(...validatePersistentVolumeClaimSpec(obj(template['spec']) ?? {}, tp.child('spec')));
  if (ctx.podName && ctx.volumeName) {
    const pvcName = `${ctx.podName}-${ctx.volumeName}`;
    for (const msg of isDNS1123Subdomain(pvcName)) {
      errs.push(fieldInvalid(path.child('name'), ctx.volumeName, `PVC name "${pvcName}": ${msg}`));
    }
  }
  return errs;
}

/**
 * Every source in upstream's order: its key, the name the "more than 1 volume type" error uses and
 * the name its own rule reports under (upstream spells a few of them differently from the key).
 */
const sources: readonly (readonly [key: string, forbiddenAt: string, at: string, rule: SourceRule])[] = [
  ['emptyDir', 'emptyDir', 'emptyDir', () => []],
  ['hostPath', 'hostPath', 'hostPath', validateHostPath],
  [
    'gitRepo',
    'gitRepo',
    'gitRepo',
    (s, p) => [
      ...requireFields(s, ['repository'], p),
      ...validateLocalDescendingPath(str(s['directory']), p.child('directory')),
    ],
  ],
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
  ['secret', 'secret', 'secret', validateSecretSource],
  ['nfs', 'nfs', 'nfs', validateNFS],
  ['iscsi', 'iscsi', 'iscsi', validateISCSI],
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
  [
    'persistentVolumeClaim',
    'persistentVolumeClaim',
    'persistentVolumeClaim',
    (s, p) => requireFields(s, ['claimName'], p),
  ],
  ['rbd', 'rbd', 'rbd', (s, p) => [...requireList(s, 'monitors', p), ...requireFields(s, ['image'], p)]],
  ['cinder', 'cinder', 'cinder', (s, p) => requireFields(s, ['volumeID'], p)],
  ['cephfs', 'cephFS', 'cephfs', (s, p) => requireList(s, 'monitors', p)],
  ['quobyte', 'quobyte', 'quobyte', (s, p) => requireFields(s, ['registry', 'volume'], p)],
  ['downwardAPI', 'downwarAPI', 'downwardAPI', validateDownwardAPISource],
  ['fc', 'fc', 'fc', validateFC],
  ['flexVolume', 'flexVolume', 'flexVolume', validateFlexVolume],
  ['configMap', 'configMap', 'configMap', validateConfigMapSource],
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
  ['storageos', 'storageos', 'storageos', validateStorageOS],
  ['projected', 'projected', 'projected', validateProjectedSource],
  ['scaleIO', 'scaleIO', 'scaleIO', (s, p) => requireFields(s, ['gateway', 'system', 'volumeName'], p)],
  ['csi', 'csi', 'csi', (s, p) => validateCSIDriverName(str(s['driver']), p.child('driver'))],
  ['ephemeral', 'ephemeral', 'ephemeral', validateEphemeralSource],
  [
    'image',
    'image',
    'image',
    (s, p, ctx) => [
      ...(ctx.isPod && !str(s['reference']) ? [fieldRequired(p.child('reference'))] : []),
      ...validatePullPolicy(str(s['pullPolicy']), p.child('pullPolicy')),
    ],
  ],
];

function requireList(src: Json, name: string, path: FieldPath): FieldError[] {
  return arr(src[name]).length > 0 ? [] : [fieldRequired(path.child(name))];
}

/** The source kinds upstream considers PVC-backed (allowed for block devices). */
export function isClaimSource(volume: Json): boolean {
  return obj(volume['persistentVolumeClaim']) !== undefined || obj(volume['ephemeral']) !== undefined;
}

function validateVolumeSource(volume: Json, path: FieldPath, ctx: VolumeContext): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const [key, forbiddenAt, at, rule] of sources) {
    const src = obj(volume[key]);
    if (!src) continue;
    if (count > 0) {
      errs.push(fieldForbidden(path.child(forbiddenAt), 'may not specify more than 1 volume type'));
      continue;
    }
    count++;
    errs.push(...rule(src, path.child(at), ctx));
  }
  if (count === 0) errs.push(fieldRequired(path, 'must specify a volume type'));
  return errs;
}

/** Upstream's ValidateVolumes: errors, and the volumes that passed, by name. */
export function validateVolumes(
  volumes: readonly Json[],
  podName: string | undefined,
  isPod: boolean,
  path: FieldPath,
): { volumes: Map<string, Json>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const valid = new Map<string, Json>();
  const names = new Set<string>();
  const created = new Set(
    podName ? volumes.filter((v) => obj(v['ephemeral'])).map((v) => `${podName}-${str(v['name'])}`) : [],
  );
  volumes.forEach((vol, i) => {
    const p = path.index(i);
    const name = str(vol['name']);
    const el = validateVolumeSource(vol, p, { volumeName: name, podName, isPod });
    if (!name) el.push(fieldRequired(p.child('name')));
    else el.push(...validateDNS1123Label(name, p.child('name')));
    if (names.has(name)) el.push(fieldDuplicate(p.child('name'), name));
    if (el.length === 0) {
      names.add(name);
      valid.set(name, vol);
    } else {
      errors.push(...el);
    }
    const claim = str(obj(vol['persistentVolumeClaim'])?.['claimName']);
    if (claim && created.has(claim)) {
      errors.push(
        fieldInvalid(
          p.child('persistentVolumeClaim').child('claimName'),
          claim,
          'must not reference a PVC that gets created for an ephemeral volume',
        ),
      );
    }
  });
  return { volumes: valid, errors };
}

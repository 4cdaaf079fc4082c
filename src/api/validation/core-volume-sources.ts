// The per-type checks of volume sources shared by pod volumes and PersistentVolumes (upstream's
// validate*VolumeSource): required fields, paths without backsteps, file modes, key-to-path items.

import {
  type FieldError,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
  fieldTooLong,
} from './field-error.js';
import type { FieldPath } from './field-path.js';
import { type Json, num, obj, objs, optNum, optStr, str, strs } from './json-access.js';
import { isDNS1123Label, isDNS1123Subdomain } from './label-validation.js';
import { inclusiveRangeError } from './string-formats.js';

/** Upstream's file mode message (0 to 0777). */
export const fileModeErrorMsg = 'must be a number between 0 and 0777 (octal), both inclusive';

/** Rejects any `..` element of a path. */
export function validatePathNoBacksteps(target: string, path: FieldPath): FieldError[] {
  return target.split('/').includes('..') ? [fieldInvalid(path, target, "must not contain '..'")] : [];
}

/** Relative and without backsteps. */
export function validateLocalDescendingPath(target: string, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (target.startsWith('/')) errs.push(fieldInvalid(path, target, 'must be a relative path'));
  return [...errs, ...validatePathNoBacksteps(target, path)];
}

/** Upstream's ValidateLocalNonReservedPath. */
export function validateLocalNonReservedPath(target: string, path: FieldPath): FieldError[] {
  const errs = validateLocalDescendingPath(target, path);
  if (target.startsWith('..') && !target.startsWith('../'))
    errs.push(fieldInvalid(path, target, "must not start with '..'"));
  return errs;
}

/** A file mode, if set, within 0..0777. */
export function validateFileMode(mode: unknown, path: FieldPath): FieldError[] {
  const m = optNum(mode);
  return m !== undefined && (m > 0o777 || m < 0) ? [fieldInvalid(path, m, fileModeErrorMsg)] : [];
}

/** Upstream's validateKeyToPath. */
export function validateKeyToPath(kp: Json, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!str(kp['key'])) errs.push(fieldRequired(path.child('key')));
  if (!str(kp['path'])) errs.push(fieldRequired(path.child('path')));
  errs.push(...validateLocalNonReservedPath(str(kp['path']), path.child('path')));
  errs.push(...validateFileMode(kp['mode'], path.child('mode')));
  return errs;
}

/** Required string fields of a source, each `Required value` when empty. */
export function requireFields(src: Json, names: readonly string[], path: FieldPath): FieldError[] {
  return names.filter((n) => !str(src[n])).map((n) => fieldRequired(path.child(n)));
}

const hostPathTypes = [
  '',
  'BlockDevice',
  'CharDevice',
  'Directory',
  'DirectoryOrCreate',
  'File',
  'FileOrCreate',
  'Socket',
];

/** Upstream's validateHostPathVolumeSource. */
export function validateHostPath(src: Json, path: FieldPath): FieldError[] {
  const p = str(src['path']);
  if (!p) return [fieldRequired(path.child('path'))];
  const errs = validatePathNoBacksteps(p, path.child('path'));
  const type = optStr(src['type']);
  if (type !== undefined && !hostPathTypes.includes(type)) {
    errs.push(fieldNotSupported(path.child('type'), type, hostPathTypes));
  }
  return errs;
}

/** Upstream's validateNFSVolumeSource. */
export function validateNFS(src: Json, path: FieldPath): FieldError[] {
  const errs = requireFields(src, ['server', 'path'], path);
  if (!str(src['path']).startsWith('/'))
    errs.push(fieldInvalid(path.child('path'), str(src['path']), 'must be an absolute path'));
  return errs;
}

/** Partition of GCE PD and AWS EBS volumes: 0..255. */
export function validatePartition(src: Json, path: FieldPath): FieldError[] {
  const p = num(src['partition']);
  return p < 0 || p > 255 ? [fieldInvalid(path.child('partition'), p, inclusiveRangeError(1, 255))] : [];
}

/** Upstream's ValidateCSIDriverName. */
export function validateCSIDriverName(driver: string, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!driver) errs.push(fieldRequired(path));
  if (Buffer.byteLength(driver) > 63) errs.push(fieldTooLong(path, 63));
  for (const msg of isDNS1123Subdomain(driver.toLowerCase())) errs.push(fieldInvalid(path, driver, msg));
  return errs;
}

/** Upstream's validateFCVolumeSource. */
export function validateFC(src: Json, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const wwns = strs(src['targetWWNs']);
  const wwids = strs(src['wwids']);
  if (wwns.length < 1 && wwids.length < 1) {
    errs.push(
      fieldRequired(path.child('targetWWNs'), 'must specify either targetWWNs or wwids, but not both'),
    );
  }
  if (wwns.length && wwids.length) {
    errs.push(
      fieldInvalid(
        path.child('targetWWNs'),
        wwns,
        'targetWWNs and wwids can not be specified simultaneously',
      ),
    );
  }
  if (wwns.length) {
    const lun = optNum(src['lun']);
    if (lun === undefined)
      errs.push(fieldRequired(path.child('lun'), 'lun is required if targetWWNs is specified'));
    else if (lun < 0 || lun > 255)
      errs.push(fieldInvalid(path.child('lun'), lun, inclusiveRangeError(0, 255)));
  }
  return errs;
}

/** Upstream's validateISCSIVolumeSource (the pod flavour). */
export function validateISCSI(src: Json, path: FieldPath): FieldError[] {
  const errs = requireFields(src, ['targetPortal', 'iqn'], path);
  const lun = num(src['lun']);
  if (lun < 0 || lun > 255) errs.push(fieldInvalid(path.child('lun'), lun, inclusiveRangeError(0, 255)));
  if ((src['chapAuthDiscovery'] === true || src['chapAuthSession'] === true) && !obj(src['secretRef'])) {
    errs.push(fieldRequired(path.child('secretRef')));
  }
  return errs;
}

/** Upstream's validateStorageOSVolumeSource name checks. */
export function validateStorageOS(src: Json, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(src['volumeName']);
  if (!name) errs.push(fieldRequired(path.child('volumeName')));
  else for (const msg of isDNS1123Label(name)) errs.push(fieldInvalid(path.child('volumeName'), name, msg));
  const ns = str(src['volumeNamespace']);
  if (ns)
    for (const msg of isDNS1123Label(ns)) errs.push(fieldInvalid(path.child('volumeNamespace'), ns, msg));
  return errs;
}

/** Flex volume options may not use the kubernetes.io / k8s.io namespaces. */
export function validateFlexVolume(src: Json, path: FieldPath): FieldError[] {
  const errs = requireFields(src, ['driver'], path);
  for (const k of Object.keys(obj(src['options']) ?? {})) {
    const ns = k.includes('/') ? k.slice(0, k.indexOf('/')) : k;
    const normalized = `.${ns.toLowerCase()}`;
    if (normalized.endsWith('.kubernetes.io') || normalized.endsWith('.k8s.io')) {
      errs.push(
        fieldInvalid(path.child('options').key(k), k, 'kubernetes.io and k8s.io namespaces are reserved'),
      );
    }
  }
  return errs;
}

/** Items of configMap/secret sources and their default mode. */
export function validateItemsAndMode(src: Json, path: FieldPath): FieldError[] {
  const errs = validateFileMode(src['defaultMode'], path.child('defaultMode'));
  objs(src['items']).forEach((kp, i) => errs.push(...validateKeyToPath(kp, path.child('items').index(i))));
  return errs;
}

/** Upstream's validateAzureDisk. */
export function validateAzureDisk(src: Json, path: FieldPath): FieldError[] {
  const errs = requireFields(src, ['diskName', 'diskURI'], path);
  const caching = optStr(src['cachingMode']);
  if (caching !== undefined && !['None', 'ReadOnly', 'ReadWrite'].includes(caching)) {
    errs.push(fieldNotSupported(path.child('cachingMode'), caching, ['None', 'ReadOnly', 'ReadWrite']));
  }
  const kind = optStr(src['kind']);
  if (kind !== undefined && !['Dedicated', 'Managed', 'Shared'].includes(kind)) {
    errs.push(fieldNotSupported(path.child('kind'), kind, ['Dedicated', 'Managed', 'Shared']));
  }
  const uri = str(src['diskURI']);
  if (kind === 'Managed' && !uri.startsWith('/subscriptions/')) {
    errs.push(
      fieldNotSupported(path.child('diskURI'), uri, [
        '/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/{disk-id}',
      ]),
    );
  }
  if (kind !== undefined && kind !== 'Managed' && !uri.startsWith('https://')) {
    errs.push(
      fieldNotSupported(path.child('diskURI'), uri, [
        'https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd',
      ]),
    );
  }
  return errs;
}

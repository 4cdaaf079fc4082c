// PersistentVolumeClaimSpec (upstream's ValidatePersistentVolumeClaimSpec), shared by claims and
// the claim templates of generic ephemeral volumes.

import {
  type FieldError,
  fieldForbidden,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
  goRepr,
} from './field-error.js';
import type { FieldPath } from './field-path.js';
import { type Json, obj, optStr, str, strs } from './json-access.js';
import { isDNS1123Label, isDNS1123Subdomain } from './label-validation.js';
import { validateLabelSelector } from './label-selector.js';
import { parseQuantityAt, validateResourceQuantityValue } from './resource-requirements.js';
import { isNotPositiveErrorMsg } from './common-fields.js';
import { quantityString } from './resource-quantity.js';

/** The access modes a volume or claim may ask for. */
export const supportedAccessModes = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
/** The volume modes. */
export const supportedVolumeModes = ['Block', 'Filesystem'];

/** Access modes: known values, and ReadWriteOncePod alone. */
export function validateAccessModes(modes: readonly string[], path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let rwop = false;
  let other = false;
  for (const mode of modes) {
    if (!supportedAccessModes.includes(mode)) errs.push(fieldNotSupported(path, mode, supportedAccessModes));
    if (mode === 'ReadWriteOncePod') rwop = true;
    else if (supportedAccessModes.includes(mode)) other = true;
  }
  if (rwop && other) errs.push(fieldForbidden(path, 'may not use ReadWriteOncePod with other access modes'));
  return errs;
}

/** A storage quantity that must be positive (ValidatePositiveQuantityValue). */
export function validatePositiveQuantity(value: unknown, path: FieldPath): FieldError[] {
  const q = parseQuantityAt(value, path);
  if ('type' in q) return [q];
  return q.n <= 0n ? [fieldInvalid(path, quantityString(value), isNotPositiveErrorMsg)] : [];
}

function validateDataSource(ds: Json, path: FieldPath, withNamespace: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (!str(ds['name'])) errs.push(fieldRequired(path.child('name')));
  if (!str(ds['kind'])) errs.push(fieldRequired(path.child('kind')));
  const group = str(ds['apiGroup']);
  if (!group && str(ds['kind']) !== 'PersistentVolumeClaim') {
    errs.push(
      fieldInvalid(
        path,
        str(ds['kind']),
        "must be 'PersistentVolumeClaim' when referencing the default apiGroup",
      ),
    );
  }
  if (group)
    for (const msg of isDNS1123Subdomain(group)) errs.push(fieldInvalid(path.child('apiGroup'), group, msg));
  const ns = optStr(ds['namespace']);
  if (withNamespace && ns)
    for (const msg of isDNS1123Label(ns)) errs.push(fieldInvalid(path.child('namespace'), ns, msg));
  return errs;
}

/** Upstream's ValidatePersistentVolumeClaimSpec. */
export function validatePersistentVolumeClaimSpec(spec: Json, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const modes = strs(spec['accessModes']);
  if (modes.length === 0)
    errs.push(fieldRequired(path.child('accessModes'), 'at least 1 access mode is required'));
  if (obj(spec['selector'])) errs.push(...validateLabelSelector(spec['selector'], path.child('selector')));
  errs.push(...validateAccessModes(modes, path.child('accessModes')));
  const storagePath = path.child('resources').key('storage');
  const requests = obj(obj(spec['resources'])?.['requests']) ?? {};
  if (!('storage' in requests)) {
    errs.push(fieldRequired(storagePath));
  } else {
    const positive = validatePositiveQuantity(requests['storage'], storagePath);
    errs.push(
      ...(positive.length > 0
        ? positive
        : validateResourceQuantityValue('storage', requests['storage'], storagePath)),
    );
  }
  const className = optStr(spec['storageClassName']);
  if (className)
    for (const msg of isDNS1123Subdomain(className))
      errs.push(fieldInvalid(path.child('storageClassName'), className, msg));
  const volumeMode = optStr(spec['volumeMode']);
  if (volumeMode !== undefined && !supportedVolumeModes.includes(volumeMode)) {
    errs.push(fieldNotSupported(path.child('volumeMode'), volumeMode, supportedVolumeModes));
  }
  const ds = obj(spec['dataSource']);
  const dsRef = obj(spec['dataSourceRef']);
  if (ds) errs.push(...validateDataSource(ds, path.child('dataSource'), false));
  if (dsRef) errs.push(...validateDataSource(dsRef, path.child('dataSourceRef'), true));
  if (dsRef && str(dsRef['namespace'])) {
    if (ds)
      errs.push(
        fieldInvalid(
          path,
          goRepr(path.child('dataSource').toString()),
          'may not be specified when dataSourceRef.namespace is specified',
        ),
      );
  } else if (ds && dsRef) {
    const same =
      str(ds['apiGroup']) === str(dsRef['apiGroup']) &&
      str(ds['kind']) === str(dsRef['kind']) &&
      str(ds['name']) === str(dsRef['name']);
    if (!same)
      errs.push(fieldInvalid(path, goRepr(path.child('dataSource').toString()), 'must match dataSourceRef'));
  }
  return errs;
}

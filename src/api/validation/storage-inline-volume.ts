// The inline PersistentVolumeSpec a VolumeAttachment may carry (upstream's ValidatePersistentVolumeSpec
// with validateInlinePersistentVolumeSpec): CSI only, no capacity, claim or node affinity.

import { type FieldError, fieldForbidden, fieldRequired } from './field-error.js';
import type { FieldPath } from './field-path.js';
import { validateAccessModes } from './core-pvc-spec.js';
import { validatePersistentVolumeSpec } from './core-persistent-volume.js';
import { type Json, obj, optStr, str, strs } from './json-access.js';

/** The inline flavour of a PV spec. */
export function validatePersistentVolumeSpecInline(spec: Json, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const inline = 'may not be specified in the context of inline volumes';
  if (obj(spec['claimRef'])) errs.push(fieldForbidden(path.child('claimRef'), inline));
  if (Object.keys(obj(spec['capacity']) ?? {}).length)
    errs.push(fieldForbidden(path.child('capacity'), inline));
  if (!obj(spec['csi']))
    errs.push(fieldRequired(path.child('csi'), 'has to be specified in the context of inline volumes'));
  const modes = strs(spec['accessModes']);
  if (modes.length === 0) errs.push(fieldRequired(path.child('accessModes')));
  errs.push(...validateAccessModes(modes, path.child('accessModes')));
  const policy = str(spec['persistentVolumeReclaimPolicy']);
  if (policy && policy !== 'Retain')
    errs.push(
      fieldForbidden(
        path.child('persistentVolumeReclaimPolicy'),
        'may only be Retain in the context of inline volumes',
      ),
    );
  if (obj(spec['nodeAffinity'])) errs.push(fieldForbidden(path.child('nodeAffinity'), inline));
  // The source rules are the regular ones; capacity and class problems were reported above.
  const sourceErrs = validatePersistentVolumeSpec(
    { ...spec, accessModes: ['ReadWriteOnce'], capacity: { storage: '1' } },
    path,
  ).filter(
    (e) =>
      !e.field.endsWith('.persistentVolumeReclaimPolicy') &&
      !e.field.endsWith('.storageClassName') &&
      !e.field.endsWith('.volumeMode'),
  );
  errs.push(...sourceErrs);
  if (str(spec['storageClassName'])) errs.push(fieldForbidden(path.child('storageClassName'), inline));
  const mode = optStr(spec['volumeMode']);
  if (mode !== undefined && mode !== 'Filesystem') {
    errs.push(
      fieldForbidden(
        path.child('volumeMode'),
        'may not specify volumeMode other than Filesystem in the context of inline volumes',
      ),
    );
  }
  return errs;
}

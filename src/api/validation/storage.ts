// storage.k8s.io/v1 (upstream's pkg/apis/storage/validation): StorageClasses, CSIDrivers,
// CSINodes and VolumeAttachments.

import { deepEqual } from '../../base/deep-equal.js';
import {
  type FieldError,
  fieldDuplicate,
  fieldForbidden,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
  fieldTooLong,
} from './field-error.js';
import { type FieldPath, fieldPath } from './field-path.js';
import { validateImmutableField, validateNonnegativeField, validateQualifiedName } from './common-fields.js';
import { validatePersistentVolumeSpecInline } from './storage-inline-volume.js';
import { validateCSIDriverName } from './core-volume-sources.js';
import { type Json, obj, objs, optNum, optStr, str, strMap, strs } from './json-access.js';
import { isDNS1123Subdomain, isQualifiedName } from './label-validation.js';
import { inclusiveRangeError } from './string-formats.js';

function validateTopologyTerms(terms: readonly Json[], path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen: Json[] = [];
  terms.forEach((term, i) => {
    const tp = path.index(i);
    const exprs: Json = {};
    objs(term['matchLabelExpressions']).forEach((rq, j) => {
      const rp = tp.child('matchLabelExpressions').index(j);
      const values = strs(rq['values']);
      if (values.length === 0) errs.push(fieldRequired(rp.child('values')));
      const set = new Set<string>();
      values.forEach((v, k) => {
        if (set.has(v)) errs.push(fieldDuplicate(rp.child('values').index(k), v));
        set.add(v);
      });
      const key = str(rq['key']);
      errs.push(...validateQualifiedName(key, rp.child('key')));
      if (key in exprs) errs.push(fieldDuplicate(rp.child('key'), key));
      exprs[key] = [...set].sort();
    });
    if (seen.some((s) => deepEqual(s, exprs)))
      errs.push(fieldDuplicate(tp.child('matchLabelExpressions'), ''));
    seen.push(exprs);
  });
  return errs;
}

function validateParameters(params: Readonly<Record<string, string>>, path: FieldPath): FieldError[] {
  const keys = Object.keys(params);
  if (keys.length > 512) return [fieldTooLong(path, 512)];
  const errs: FieldError[] = [];
  let size = 0;
  for (const k of keys) {
    if (k.length < 1) errs.push(fieldInvalid(path, k, 'field can not be empty.'));
    size += Buffer.byteLength(k) + Buffer.byteLength(params[k] ?? '');
  }
  if (size > 256 * 1024) errs.push(fieldTooLong(path, 256 * 1024));
  return errs;
}

/** Upstream's ValidateStorageClass (metadata aside). */
export function validateStorageClass(sc: Json): FieldError[] {
  const errs: FieldError[] = [];
  const provisioner = str(sc['provisioner']);
  if (!provisioner) errs.push(fieldRequired(fieldPath('provisioner')));
  else errs.push(...validateQualifiedName(provisioner.toLowerCase(), fieldPath('provisioner')));
  errs.push(...validateParameters(strMap(sc['parameters']) ?? {}, fieldPath('parameters')));
  const policy = str(sc['reclaimPolicy']);
  if (policy && policy !== 'Delete' && policy !== 'Retain')
    errs.push(fieldNotSupported(fieldPath('reclaimPolicy'), policy, ['Delete', 'Retain']));
  const mode = optStr(sc['volumeBindingMode']);
  if (mode === undefined) errs.push(fieldRequired(fieldPath('volumeBindingMode')));
  else if (mode !== 'Immediate' && mode !== 'WaitForFirstConsumer') {
    errs.push(fieldNotSupported(fieldPath('volumeBindingMode'), mode, ['Immediate', 'WaitForFirstConsumer']));
  }
  return [...errs, ...validateTopologyTerms(objs(sc['allowedTopologies']), fieldPath('allowedTopologies'))];
}

/** Upstream's ValidateStorageClassUpdate (metadata aside): parameters, provisioner and policies are fixed. */
export function validateStorageClassUpdate(sc: Json, old: Json): FieldError[] {
  const errs: FieldError[] = [];
  if (!deepEqual(sc['parameters'] ?? null, old['parameters'] ?? null))
    errs.push(fieldForbidden(fieldPath('parameters'), 'updates to parameters are forbidden.'));
  if (str(sc['provisioner']) !== str(old['provisioner']))
    errs.push(fieldForbidden(fieldPath('provisioner'), 'updates to provisioner are forbidden.'));
  if (str(sc['reclaimPolicy']) !== str(old['reclaimPolicy']))
    errs.push(fieldForbidden(fieldPath('reclaimPolicy'), 'updates to reclaimPolicy are forbidden.'));
  return [
    ...errs,
    ...validateImmutableField(
      sc['volumeBindingMode'],
      old['volumeBindingMode'],
      fieldPath('volumeBindingMode'),
    ),
  ];
}

function validateCSIDriverSpec(spec: Json): FieldError[] {
  const path = fieldPath('spec');
  const errs: FieldError[] = [];
  for (const [f, p] of [
    ['attachRequired', 'attachedRequired'],
    ['podInfoOnMount', 'podInfoOnMount'],
    ['storageCapacity', 'storageCapacity'],
  ] as const) {
    if (typeof spec[f] !== 'boolean') errs.push(fieldRequired(path.child(p)));
  }
  const fsGroupPolicy = optStr(spec['fsGroupPolicy']);
  const policies = ['File', 'None', 'ReadWriteOnceWithFSType'];
  if (fsGroupPolicy !== undefined && !policies.includes(fsGroupPolicy))
    errs.push(fieldNotSupported(path.child('fsGroupPolicy'), fsGroupPolicy, policies));
  const audiences = new Set<string>();
  objs(spec['tokenRequests']).forEach((t, i) => {
    const tp = path.child('tokenRequests').index(i);
    const audience = str(t['audience']);
    if (audiences.has(audience)) {
      errs.push(fieldDuplicate(tp.child('audience'), audience));
      return;
    }
    audiences.add(audience);
    const seconds = optNum(t['expirationSeconds']);
    if (seconds === undefined) return;
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
  });
  for (const mode of strs(spec['volumeLifecycleModes'])) {
    if (mode !== 'Persistent' && mode !== 'Ephemeral')
      errs.push(fieldNotSupported(path.child('volumeLifecycleModes'), mode, ['Persistent', 'Ephemeral']));
  }
  if (typeof spec['seLinuxMount'] !== 'boolean') errs.push(fieldRequired(path.child('seLinuxMount')));
  return errs;
}

/** Upstream's ValidateCSIDriver (metadata aside). */
export function validateCSIDriver(driver: Json): FieldError[] {
  return validateCSIDriverSpec(obj(driver['spec']) ?? {});
}

/** Upstream's ValidateCSIDriverUpdate (metadata aside). */
export function validateCSIDriverUpdate(driver: Json, old: Json): FieldError[] {
  const spec = obj(driver['spec']) ?? {};
  const oldSpec = obj(old['spec']) ?? {};
  return [
    ...validateCSIDriverSpec(spec),
    ...validateImmutableField(
      spec['attachRequired'],
      oldSpec['attachRequired'],
      fieldPath('spec', 'attachedRequired'),
    ),
    ...validateImmutableField(
      spec['volumeLifecycleModes'],
      oldSpec['volumeLifecycleModes'],
      fieldPath('spec', 'volumeLifecycleModes'),
    ),
  ];
}

/** Upstream's ValidateCSINode (metadata aside). */
export function validateCSINode(node: Json): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  objs(obj(node['spec'])?.['drivers']).forEach((d, i) => {
    const p = fieldPath('spec', 'drivers').index(i);
    const name = str(d['name']);
    errs.push(...validateCSIDriverName(name, p.child('name')));
    const nodeID = str(d['nodeID']);
    if (!nodeID) errs.push(fieldRequired(p.child('nodeID')));
    if (nodeID.length > 192)
      errs.push(fieldInvalid(p.child('nodeID'), nodeID, 'must be 192 characters or less'));
    const count = optNum(obj(d['allocatable'])?.['count']);
    if (count !== undefined) errs.push(...validateNonnegativeField(count, p.child('allocatable', 'count')));
    if (names.has(name)) errs.push(fieldDuplicate(p.child('name'), name));
    names.add(name);
    const keys = new Set<string>();
    for (const key of strs(d['topologyKeys'])) {
      if (!key) errs.push(fieldRequired(p));
      if (keys.has(key)) errs.push(fieldDuplicate(p, key));
      keys.add(key);
      for (const msg of isQualifiedName(key)) errs.push(fieldInvalid(p, key, msg));
    }
  });
  return errs;
}

/** Upstream's ValidateCSINodeUpdate: an existing driver entry may not change. */
export function validateCSINodeUpdate(node: Json, old: Json): FieldError[] {
  const errs = validateCSINode(node);
  const next = objs(obj(node['spec'])?.['drivers']);
  for (const prev of objs(obj(old['spec'])?.['drivers'])) {
    for (const d of next) {
      if (str(d['name']) === str(prev['name']))
        errs.push(...validateImmutableField(d, prev, fieldPath('spec', 'drivers')));
    }
  }
  return errs;
}

/** Upstream's ValidateVolumeAttachment plus its v1 checks (metadata aside). */
export function validateVolumeAttachment(va: Json): FieldError[] {
  const spec = obj(va['spec']) ?? {};
  const path = fieldPath('spec');
  const errs: FieldError[] = [];
  const attacher = str(spec['attacher']);
  if (!attacher) errs.push(fieldRequired(path.child('attacher')));
  const source = obj(spec['source']) ?? {};
  const pvName = optStr(source['persistentVolumeName']);
  const inline = obj(source['inlineVolumeSpec']);
  const sp = path.child('source');
  if (!inline && pvName === undefined)
    errs.push(fieldRequired(sp, 'must specify exactly one of inlineVolumeSpec and persistentVolumeName'));
  else if (inline && pvName !== undefined)
    errs.push(fieldForbidden(sp, 'must specify exactly one of inlineVolumeSpec and persistentVolumeName'));
  else if (pvName !== undefined && pvName === '')
    errs.push(fieldRequired(sp.child('persistentVolumeName'), 'must specify non empty persistentVolumeName'));
  else if (inline) errs.push(...validatePersistentVolumeSpecInline(inline, sp.child('inlineVolumeSpec')));
  const nodeName = str(spec['nodeName']);
  for (const msg of isDNS1123Subdomain(nodeName))
    errs.push(fieldInvalid(path.child('nodeName'), nodeName, msg));
  const status = obj(va['status']) ?? {};
  let size = 0;
  for (const [k, v] of Object.entries(strMap(status['attachmentMetadata']) ?? {}))
    size += Buffer.byteLength(k) + Buffer.byteLength(v);
  if (size > 256 * 1024) errs.push(fieldTooLong(fieldPath('status', 'attachmentMetadata'), 256 * 1024));
  for (const f of ['attachError', 'detachError'] as const) {
    const e = obj(status[f]);
    if (!e) continue;
    if (str(e['message']).length > 1024)
      errs.push(fieldTooLong(fieldPath('status', f, 'message'), 256 * 1024));
    const code = optNum(e['errorCode']);
    if (code !== undefined && code < 0)
      errs.push(fieldInvalid(fieldPath('status', f, 'errorCode'), code, inclusiveRangeError(0, 2147483647)));
  }
  // ValidateVolumeAttachmentV1's extra checks.
  errs.push(...validateCSIDriverName(attacher, fieldPath('spec.attacher')));
  if (pvName !== undefined)
    for (const msg of isDNS1123Subdomain(pvName))
      errs.push(fieldInvalid(fieldPath('spec.source.persistentVolumeName'), pvName, msg));
  return errs;
}

/** Upstream's ValidateVolumeAttachmentUpdate: the spec is read-only. */
export function validateVolumeAttachmentUpdate(va: Json, old: Json): FieldError[] {
  const errs = validateVolumeAttachment(va);
  if (!deepEqual(va['spec'] ?? null, old['spec'] ?? null))
    errs.push(fieldInvalid(fieldPath('spec'), va['spec'], 'field is immutable'));
  return errs;
}

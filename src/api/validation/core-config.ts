// ConfigMaps, Secrets, ServiceAccounts and Namespaces (upstream core validation): key syntax, the
// 1 MiB size limit, per-type Secret requirements, immutability, namespace finalizers.

import { deepEqual } from '../../base/deep-equal.js';
import { type FieldError, fieldForbidden, fieldInvalid, fieldRequired, fieldTooLong } from './field-error.js';
import { fieldPath } from './field-path.js';
import { validateImmutableField } from './common-fields.js';
import { type Json, obj, optBool, str, strMap, strs } from './json-access.js';
import { isQualifiedName } from './label-validation.js';
import { isConfigMapKey } from './string-formats.js';

/** Upstream's MaxSecretSize: 1 MiB of data per Secret or ConfigMap. */
export const maxSecretSize = 1024 * 1024;

function decodedLength(base64: string): number {
  return Buffer.from(base64, 'base64').length;
}

/** Secret data as upstream sees it after conversion: data with stringData merged over it, as bytes. */
function secretData(secret: Json): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const [k, v] of Object.entries(strMap(secret['data']) ?? {})) out.set(k, Buffer.from(v, 'base64'));
  for (const [k, v] of Object.entries(strMap(secret['stringData']) ?? {})) out.set(k, Buffer.from(v, 'utf8'));
  return out;
}

// Go's encoding/json error for a value that is no JSON object, approximately.
function jsonObjectError(bytes: Buffer): string | undefined {
  const text = bytes.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const first = text.trim()[0];
    return first === undefined
      ? 'unexpected end of JSON input'
      : `invalid character '${first}' looking for beginning of value`;
  }
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return undefined;
  const kind = Array.isArray(parsed)
    ? 'array'
    : typeof parsed === 'string'
      ? 'string'
      : typeof parsed === 'number'
        ? 'number'
        : 'bool';
  return parsed === null
    ? undefined
    : `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
}

/** Upstream's ValidateSecret (without metadata). */
export function validateSecret(secret: Json): FieldError[] {
  const errs: FieldError[] = [];
  const dataPath = fieldPath('data');
  const data = secretData(secret);
  let total = 0;
  for (const [key, value] of data) {
    for (const msg of isConfigMapKey(key)) errs.push(fieldInvalid(dataPath.key(key), key, msg));
    total += value.length;
  }
  if (total > maxSecretSize) errs.push(fieldTooLong(dataPath, maxSecretSize));
  const annotations = strMap(obj(secret['metadata'])?.['annotations']) ?? {};
  const required = (key: string): void => void errs.push(fieldRequired(dataPath.key(key)));
  switch (str(secret['type'])) {
    case 'kubernetes.io/service-account-token':
      if (!annotations['kubernetes.io/service-account.name']) {
        errs.push(
          fieldRequired(fieldPath('metadata', 'annotations').key('kubernetes.io/service-account.name')),
        );
      }
      break;
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const key = str(secret['type']) === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
      const bytes = data.get(key);
      if (!bytes) {
        required(key);
        break;
      }
      const problem = jsonObjectError(bytes);
      if (problem) errs.push(fieldInvalid(dataPath.key(key), '<secret contents redacted>', problem));
      break;
    }
    case 'kubernetes.io/basic-auth':
      if (!data.has('username') && !data.has('password')) {
        required('username');
        required('password');
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if ((data.get('ssh-privatekey')?.length ?? 0) === 0) required('ssh-privatekey');
      break;
    case 'kubernetes.io/tls':
      if (!data.has('tls.crt')) required('tls.crt');
      if (!data.has('tls.key')) required('tls.key');
      break;
  }
  return errs;
}

/** Upstream's ValidateSecretUpdate (without metadata). */
export function validateSecretUpdate(secret: Json, old: Json): FieldError[] {
  const errs = validateImmutableField(str(secret['type']), str(old['type']), fieldPath('type'));
  if (optBool(old['immutable']) === true) {
    if (optBool(secret['immutable']) !== true)
      errs.push(fieldForbidden(fieldPath('immutable'), 'field is immutable when `immutable` is set'));
    if (
      !deepEqual(
        [...secretData(secret)].map(([k, v]) => [k, v.toString('base64')]).sort(),
        [...secretData(old)].map(([k, v]) => [k, v.toString('base64')]).sort(),
      )
    ) {
      errs.push(fieldForbidden(fieldPath('data'), 'field is immutable when `immutable` is set'));
    }
  }
  return [...errs, ...validateSecret(secret)];
}

/** Upstream's ValidateConfigMap (without metadata). */
export function validateConfigMap(cm: Json): FieldError[] {
  const errs: FieldError[] = [];
  const data = strMap(cm['data']) ?? {};
  const binary = strMap(cm['binaryData']) ?? {};
  let total = 0;
  for (const [key, value] of Object.entries(data)) {
    for (const msg of isConfigMapKey(key)) errs.push(fieldInvalid(fieldPath('data').key(key), key, msg));
    if (key in binary)
      errs.push(fieldInvalid(fieldPath('data').key(key), key, 'duplicate of key present in binaryData'));
    total += Buffer.byteLength(value);
  }
  for (const [key, value] of Object.entries(binary)) {
    for (const msg of isConfigMapKey(key))
      errs.push(fieldInvalid(fieldPath('binaryData').key(key), key, msg));
    total += decodedLength(value);
  }
  // Upstream reports the whole object with an empty field name.
  if (total > maxSecretSize) errs.push(fieldTooLong('', maxSecretSize));
  return errs;
}

/** Upstream's ValidateConfigMapUpdate (without metadata). */
export function validateConfigMapUpdate(cm: Json, old: Json): FieldError[] {
  const errs: FieldError[] = [];
  if (optBool(old['immutable']) === true) {
    const forbid = (f: string): void =>
      void errs.push(fieldForbidden(fieldPath(f), 'field is immutable when `immutable` is set'));
    if (optBool(cm['immutable']) !== true) forbid('immutable');
    if (!deepEqual(cm['data'] ?? null, old['data'] ?? null)) forbid('data');
    if (!deepEqual(cm['binaryData'] ?? null, old['binaryData'] ?? null)) forbid('binaryData');
  }
  return [...errs, ...validateConfigMap(cm)];
}

/** ServiceAccounts have no rules beyond their metadata. */
export function validateServiceAccount(): FieldError[] {
  return [];
}

/** Upstream's ValidateNamespace (spec.finalizers; upstream reports them without an index). */
export function validateNamespace(ns: Json): FieldError[] {
  const errs: FieldError[] = [];
  const path = fieldPath('spec', 'finalizers');
  for (const f of strs(obj(ns['spec'])?.['finalizers'])) {
    for (const msg of isQualifiedName(f)) errs.push(fieldInvalid(path, f, msg));
    if (!f.includes('/') && f !== 'kubernetes' && f !== 'orphan' && f !== 'foregroundDeletion') {
      errs.push(fieldInvalid(path, f, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  }
  return errs;
}

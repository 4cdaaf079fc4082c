// Downward API references (fieldRef / resourceFieldRef) in env vars and volumes: which pod fields
// and container resources may be exposed, and how (upstream's validateObjectFieldSelector and
// validateContainerResourceFieldSelector).

import { convertDownwardApiFieldLabel, splitSubscriptedPath } from '../downward-api-field-label.js';
import { type FieldError, fieldInvalid, fieldNotSupported, fieldRequired } from './field-error.js';
import type { FieldPath } from './field-path.js';
import { validateQualifiedName } from './common-fields.js';
import { validateFileMode, validateLocalNonReservedPath } from './core-volume-sources.js';
import { type Json, obj, str } from './json-access.js';
import { parseQuantity, quantityString } from './resource-quantity.js';

/** Pod fields an env var may reference. */
export const envFieldPaths = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];
/** Pod fields a downward API volume may reference. */
export const volumeFieldPaths = [
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
];
const resourcePaths = [
  'limits.cpu',
  'limits.ephemeral-storage',
  'limits.memory',
  'requests.cpu',
  'requests.ephemeral-storage',
  'requests.memory',
];
/** Upstream's validateObjectFieldSelector. */
export function validateObjectFieldSelector(
  fs: Json,
  allowed: readonly string[],
  path: FieldPath,
): FieldError[] {
  const apiVersion = str(fs['apiVersion']);
  const fieldPath = str(fs['fieldPath']);
  if (!apiVersion) return [fieldRequired(path.child('apiVersion'))];
  if (!fieldPath) return [fieldRequired(path.child('fieldPath'))];
  let internal: string;
  try {
    internal = convertDownwardApiFieldLabel(apiVersion, fieldPath);
  } catch (err) {
    return [
      fieldInvalid(
        path.child('fieldPath'),
        fieldPath,
        `error converting fieldPath: ${(err as Error).message}`,
      ),
    ];
  }
  const sub = splitSubscriptedPath(internal);
  if (sub) {
    return validateQualifiedName(
      sub.path === 'metadata.annotations' ? sub.subscript.toLowerCase() : sub.subscript,
      path,
    );
  }
  return allowed.includes(internal) ? [] : [fieldNotSupported(path.child('fieldPath'), fieldPath, allowed)];
}

const memoryDivisors = ['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei'];
const divisorList = '1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei';

function validateDivisor(resource: string, divisor: unknown, path: FieldPath): FieldError[] {
  if (divisor === undefined || divisor === null) return [];
  const q = parseQuantity(divisor);
  if (q && q.n === 0n) return [];
  const text = quantityString(divisor);
  const bad = (what: string, allowed: string): FieldError =>
    fieldInvalid(
      path.child('divisor'),
      resource,
      `only divisor's values ${allowed} are supported with the ${what}`,
    );
  const errs: FieldError[] = [];
  if ((resource === 'limits.cpu' || resource === 'requests.cpu') && !['1m', '1'].includes(text)) {
    errs.push(bad('cpu resource', '1m and 1'));
  }
  if ((resource === 'limits.memory' || resource === 'requests.memory') && !memoryDivisors.includes(text)) {
    errs.push(bad('memory resource', divisorList));
  }
  if (resource.endsWith('.ephemeral-storage') && !memoryDivisors.includes(text)) {
    errs.push(bad('local ephemeral storage resource', divisorList));
  }
  if (
    (resource.startsWith('requests.hugepages-') || resource.startsWith('limits.hugepages-')) &&
    !memoryDivisors.includes(text)
  ) {
    errs.push(bad('hugepages resource', divisorList));
  }
  return errs;
}

/** Upstream's validateContainerResourceFieldSelector (volume: containerName is required). */
export function validateResourceFieldSelector(fs: Json, volume: boolean, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const resource = str(fs['resource']);
  if (volume && !str(fs['containerName'])) errs.push(fieldRequired(path.child('containerName')));
  else if (!resource) errs.push(fieldRequired(path.child('resource')));
  else if (
    !resourcePaths.includes(resource) &&
    !resource.startsWith('requests.hugepages-') &&
    !resource.startsWith('limits.hugepages-')
  ) {
    errs.push(fieldNotSupported(path.child('resource'), resource, resourcePaths));
  }
  return [...errs, ...validateDivisor(resource, fs['divisor'], path)];
}

/** Upstream's validateDownwardAPIVolumeFile; errors land at `path` (the source), as upstream's do. */
export function validateDownwardAPIFile(file: Json, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const p = str(file['path']);
  if (!p) errs.push(fieldRequired(path.child('path')));
  errs.push(...validateLocalNonReservedPath(p, path.child('path')));
  const fieldRef = obj(file['fieldRef']);
  const resourceRef = obj(file['resourceFieldRef']);
  if (fieldRef) {
    errs.push(...validateObjectFieldSelector(fieldRef, volumeFieldPaths, path.child('fieldRef')));
    if (resourceRef)
      errs.push(
        fieldInvalid(path, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'),
      );
  } else if (resourceRef) {
    errs.push(...validateResourceFieldSelector(resourceRef, true, path.child('resourceFieldRef')));
  } else {
    errs.push(fieldRequired(path, 'one of fieldRef and resourceFieldRef is required'));
  }
  return [...errs, ...validateFileMode(file['mode'], path.child('mode'))];
}

import type { KubeObject } from '../object.js';
import type { ResourceType } from '../scheme/resource-type.js';
import { type FieldError, fieldForbidden, fieldInvalid, fieldRequired, fieldTooLong } from './field-error.js';
import { type FieldPath, fieldPath } from './field-path.js';
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPathSegmentName,
} from './label-validation.js';

/** Upstream's limit on the total size of an object's annotations. */
export const totalAnnotationSizeLimitBytes = 256 * 1024;

/** Finalizer names that need no domain prefix. */
const standardFinalizers = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

type NameRule = (name: string) => string[];

/** Resources whose names follow a rule other than the default DNS-1123 subdomain (upstream's per-kind name funcs). */
const nameRules: Readonly<Record<string, NameRule>> = {
  namespaces: isDNS1123Label,
  services: isDNS1035Label,
  persistentvolumes: isValidPathSegmentName,
  roles: isValidPathSegmentName,
  rolebindings: isValidPathSegmentName,
  clusterroles: isValidPathSegmentName,
  clusterrolebindings: isValidPathSegmentName,
  horizontalpodautoscalers: isValidPathSegmentName,
  // Upstream accepts any CSR name that can stand in a URL path.
  certificatesigningrequests: isValidPathSegmentName,
};

/** The name rule of a resource. */
export function nameRuleFor(resource: string): NameRule {
  return nameRules[resource] ?? isDNS1123Subdomain;
}

// generateName is validated as a prefix: a trailing dash is fine because characters follow it.
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -1)}a` : name;
}

/** Errors in the labels map (keys are qualified names, values label values). */
export function validateLabels(
  labels: Readonly<Record<string, string>> | undefined,
  path: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const msg of isQualifiedName(k)) errs.push(fieldInvalid(path, k, msg));
    for (const msg of isValidLabelValue(String(v))) errs.push(fieldInvalid(path, v, msg));
  }
  return errs;
}

/** Errors in the annotations map (keys qualified names, case-insensitively; 256 KiB in total). */
export function validateAnnotations(
  annotations: Readonly<Record<string, string>> | undefined,
  path: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(fieldInvalid(path, k, msg));
    total += Buffer.byteLength(k) + Buffer.byteLength(String(v));
  }
  if (total > totalAnnotationSizeLimitBytes) errs.push(fieldTooLong(path, totalAnnotationSizeLimitBytes));
  return errs;
}

function validateFinalizers(finalizers: readonly string[] | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of finalizers ?? []) {
    const msgs = isQualifiedName(f);
    if (msgs.length > 0) {
      for (const msg of msgs) errs.push(fieldInvalid(path, f, msg));
    } else if (!f.includes('/') && !standardFinalizers.has(f)) {
      errs.push(fieldInvalid(path, f, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  }
  return errs;
}

function validateOwnerReferences(object: KubeObject, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const refs = object.metadata?.ownerReferences ?? [];
  let controllers = 0;
  for (const ref of refs) {
    if (!ref.apiVersion)
      errs.push(fieldInvalid(path.child('apiVersion'), ref.apiVersion ?? '', 'version must not be empty'));
    if (!ref.kind) errs.push(fieldInvalid(path.child('kind'), ref.kind ?? '', 'kind must not be empty'));
    if (!ref.name) errs.push(fieldInvalid(path.child('name'), ref.name ?? '', 'name must not be empty'));
    if (!ref.uid) errs.push(fieldInvalid(path.child('uid'), ref.uid ?? '', 'uid must not be empty'));
    if (ref.controller) controllers++;
  }
  if (controllers > 1)
    errs.push(fieldInvalid(path, refs, 'Only one reference can have Controller set to true.'));
  return errs;
}

/** Upstream's ValidateObjectMeta for a new object of `type`. */
export function validateObjectMeta(object: KubeObject, type: ResourceType): FieldError[] {
  const meta = object.metadata ?? {};
  const p = fieldPath('metadata');
  const errs: FieldError[] = [];
  const rule = nameRuleFor(type.resource);
  if (meta.generateName) {
    for (const msg of rule(maskTrailingDash(meta.generateName)))
      errs.push(fieldInvalid(p.child('generateName'), meta.generateName, msg));
  }
  if (!meta.name) {
    if (!meta.generateName) errs.push(fieldRequired(p.child('name'), 'name or generateName is required'));
  } else {
    for (const msg of rule(meta.name)) errs.push(fieldInvalid(p.child('name'), meta.name, msg));
  }
  if (type.namespaced) {
    if (!meta.namespace) errs.push(fieldRequired(p.child('namespace')));
    else
      for (const msg of isDNS1123Label(meta.namespace))
        errs.push(fieldInvalid(p.child('namespace'), meta.namespace, msg));
  } else if (meta.namespace) {
    errs.push(fieldForbidden(p.child('namespace'), 'not allowed on this type'));
  }
  if (meta.generation !== undefined && meta.generation < 0) {
    errs.push(fieldInvalid(p.child('generation'), meta.generation, 'must be greater than or equal to 0'));
  }
  errs.push(...validateLabels(meta.labels, p.child('labels')));
  errs.push(...validateAnnotations(meta.annotations, p.child('annotations')));
  errs.push(...validateOwnerReferences(object, p.child('ownerReferences')));
  errs.push(...validateFinalizers(meta.finalizers, p.child('finalizers')));
  return errs;
}

/** Upstream's ValidateObjectMetaUpdate: the new metadata is valid and its identity fields unchanged. */
export function validateObjectMetaUpdate(
  object: KubeObject,
  old: KubeObject,
  type: ResourceType,
): FieldError[] {
  const errs = validateObjectMeta(object, type).filter((e) => e.field !== 'metadata.generateName');
  const meta = object.metadata ?? {};
  const prev = old.metadata ?? {};
  const p = fieldPath('metadata');
  const immutable = (field: 'name' | 'namespace' | 'uid' | 'creationTimestamp') => {
    if ((meta[field] ?? '') !== (prev[field] ?? ''))
      errs.push(fieldInvalid(p.child(field), meta[field] ?? '', 'field is immutable'));
  };
  immutable('name');
  immutable('namespace');
  immutable('uid');
  immutable('creationTimestamp');
  if (prev.deletionTimestamp !== undefined) {
    const added = (meta.finalizers ?? []).filter((f) => !(prev.finalizers ?? []).includes(f));
    if (added.length > 0) {
      errs.push(
        fieldForbidden(
          p.child('finalizers'),
          `no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`,
        ),
      );
    }
  }
  return errs;
}

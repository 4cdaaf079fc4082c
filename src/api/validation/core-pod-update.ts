// Pod updates (upstream's ValidatePodUpdate): a running pod's spec is fixed except for container
// images, a shrinking activeDeadlineSeconds, added tolerations, removed scheduling gates and (for
// gated pods) added node selectors; anything else is refused with upstream's message and a diff.

import { deepEqual } from '../../base/deep-equal.js';
import { type FieldError, fieldForbidden, fieldInvalid, fieldRequired } from './field-error.js';
import { type FieldPath, fieldPath } from './field-path.js';
import { goStructDiff } from './go-diff.js';
import { validateTolerations } from './core-scheduling-fields.js';
import { validatePodMetadataAndSpec, validatePodSpecificAnnotations } from './core-pod.js';
import { type Json, obj, objs, optNum, str, strMap } from './json-access.js';
import { inclusiveRangeError } from './string-formats.js';

const updatableFields = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

function validateContainerUpdates(
  next: Json[],
  prev: Json[],
  path: FieldPath,
): { errs: FieldError[]; stop: boolean } {
  if (next.length !== prev.length)
    return { errs: [fieldForbidden(path, 'pod updates may not add or remove containers')], stop: true };
  const errs: FieldError[] = [];
  next.forEach((c, i) => {
    const image = str(c['image']);
    if (!image) errs.push(fieldRequired(path.index(i).child('image')));
    if (image.trim() !== image)
      errs.push(
        fieldInvalid(path.index(i).child('image'), image, 'must not have leading or trailing whitespace'),
      );
  });
  return { errs, stop: false };
}

function validateOnlyAddedTolerations(next: Json[], prev: Json[], path: FieldPath): FieldError[] {
  for (const old of prev) {
    const found = next.some((t) => deepEqual({ ...old, tolerationSeconds: t['tolerationSeconds'] }, t));
    if (!found)
      return [fieldForbidden(path, 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return validateTolerations(next, path);
}

function validateOnlyDeletedSchedulingGates(next: Json[], prev: Json[], path: FieldPath): FieldError[] {
  const old = new Set(prev.map((g) => str(g['name'])));
  const errs: FieldError[] = [];
  next.forEach((g, i) => {
    const name = str(g['name']);
    if (!old.has(name))
      errs.push(
        fieldForbidden(
          path.index(i).child('name'),
          `only deletion is allowed, but found new scheduling gate '${name}'`,
        ),
      );
  });
  return errs;
}

/** Upstream's ValidatePodUpdate (without the metadata update rules). */
export function validatePodUpdate(pod: Json, old: Json): FieldError[] {
  const spec = obj(pod['spec']) ?? {};
  const oldSpec = obj(old['spec']) ?? {};
  const specPath = fieldPath('spec');
  const errs = validatePodMetadataAndSpec(pod);
  const annotationsPath = fieldPath('metadata', 'annotations');
  const annotations = strMap(obj(pod['metadata'])?.['annotations']) ?? {};
  const oldAnnotations = strMap(obj(old['metadata'])?.['annotations']) ?? {};
  const apparmor = 'container.apparmor.security.beta.kubernetes.io/';
  const mirror = 'kubernetes.io/config.mirror';
  for (const [k, v] of Object.entries(oldAnnotations)) {
    if (annotations[k] === v) continue;
    if (k.startsWith(apparmor))
      errs.push(fieldForbidden(annotationsPath.key(k), 'may not remove or update AppArmor annotations'));
    if (k === mirror)
      errs.push(fieldForbidden(annotationsPath.key(k), 'may not remove or update mirror pod annotation'));
  }
  for (const k of Object.keys(annotations)) {
    if (k in oldAnnotations) continue;
    if (k.startsWith(apparmor))
      errs.push(fieldForbidden(annotationsPath.key(k), 'may not add AppArmor annotations'));
    if (k === mirror) errs.push(fieldForbidden(annotationsPath.key(k), 'may not add mirror pod annotation'));
  }
  errs.push(...validatePodSpecificAnnotations(annotations, spec, annotationsPath));

  for (const kind of ['containers', 'initContainers'] as const) {
    const r = validateContainerUpdates(objs(spec[kind]), objs(oldSpec[kind]), specPath.child(kind));
    errs.push(...r.errs);
    if (r.stop) return errs;
  }
  const deadline = optNum(spec['activeDeadlineSeconds']);
  const oldDeadline = optNum(oldSpec['activeDeadlineSeconds']);
  if (deadline !== undefined) {
    if (deadline < 0 || deadline > 2147483647) {
      return [
        ...errs,
        fieldInvalid(specPath.child('activeDeadlineSeconds'), deadline, inclusiveRangeError(0, 2147483647)),
      ];
    }
    if (oldDeadline !== undefined && oldDeadline < deadline) {
      return [
        ...errs,
        fieldInvalid(
          specPath.child('activeDeadlineSeconds'),
          deadline,
          'must be less than or equal to previous value',
        ),
      ];
    }
  } else if (oldDeadline !== undefined) {
    errs.push(
      fieldInvalid(
        specPath.child('activeDeadlineSeconds'),
        null,
        'must not update from a positive integer to nil value',
      ),
    );
  }
  errs.push(
    ...validateOnlyAddedTolerations(
      objs(spec['tolerations']),
      objs(oldSpec['tolerations']),
      specPath.child('tolerations'),
    ),
  );
  errs.push(
    ...validateOnlyDeletedSchedulingGates(
      objs(spec['schedulingGates']),
      objs(oldSpec['schedulingGates']),
      specPath.child('schedulingGates'),
    ),
  );
  if (deepEqual(spec, oldSpec)) return errs;

  const munged: Json = structuredClone(spec);
  for (const kind of ['containers', 'initContainers'] as const) {
    const oldList = objs(oldSpec[kind]);
    if (Array.isArray(munged[kind]))
      munged[kind] = objs(munged[kind]).map((c, i) => ({ ...c, image: oldList[i]?.['image'] }));
  }
  for (const f of ['activeDeadlineSeconds', 'schedulingGates', 'tolerations']) {
    if (oldSpec[f] === undefined) delete munged[f];
    else munged[f] = oldSpec[f];
  }
  const oldGrace = optNum(oldSpec['terminationGracePeriodSeconds']);
  if (oldGrace !== undefined && oldGrace < 0 && munged['terminationGracePeriodSeconds'] === 1) {
    munged['terminationGracePeriodSeconds'] = oldGrace;
  }
  if (objs(oldSpec['schedulingGates']).length > 0) {
    const oldSelector = strMap(oldSpec['nodeSelector']) ?? {};
    const newSelector = strMap(munged['nodeSelector']) ?? {};
    const onlyAdditions = Object.entries(oldSelector).every(([k, v]) => newSelector[k] === v);
    if (!deepEqual(oldSelector, newSelector)) {
      if (!onlyAdditions) {
        errs.push(
          fieldInvalid(
            specPath.child('nodeSelector'),
            newSelector,
            'only additions to spec.nodeSelector are allowed (no mutations or deletions)',
          ),
        );
      }
      if (oldSpec['nodeSelector'] === undefined) delete munged['nodeSelector'];
      else munged['nodeSelector'] = oldSpec['nodeSelector'];
    }
  }
  if (!deepEqual(munged, oldSpec)) {
    const detail = `pod updates may not change fields other than ${updatableFields.join(',')}\n${goStructDiff('core.PodSpec', oldSpec, munged)}`;
    errs.push(fieldForbidden(specPath, detail));
  }
  return errs;
}

/**
 * Upstream's ValidatePodEphemeralContainersUpdate (the ephemeralcontainers subresource): ephemeral
 * containers may be added but not removed or changed; the rest of the pod follows the usual rules.
 */
export function validatePodEphemeralContainersUpdate(pod: Json, old: Json): FieldError[] {
  const spec = obj(pod['spec']) ?? {};
  const oldSpec = obj(old['spec']) ?? {};
  const path = fieldPath('spec', 'ephemeralContainers');
  const errs = validatePodUpdate(
    { ...pod, spec: { ...spec, ephemeralContainers: oldSpec['ephemeralContainers'] } },
    old,
  );
  errs.push(...validatePodMetadataAndSpec(pod).filter((e) => e.field.startsWith('spec.ephemeralContainers')));
  const next = new Map(objs(spec['ephemeralContainers']).map((c) => [str(c['name']), c]));
  for (const prev of objs(oldSpec['ephemeralContainers'])) {
    const name = str(prev['name']);
    const current = next.get(name);
    if (!current)
      errs.push(fieldForbidden(path, `existing ephemeral containers "${name}" may not be removed\n`));
    else if (!deepEqual(prev, current)) {
      errs.push(
        fieldForbidden(
          path,
          `existing ephemeral containers "${name}" may not be changed\n${goStructDiff('core.EphemeralContainer', prev, current)}`,
        ),
      );
    }
  }
  return errs;
}

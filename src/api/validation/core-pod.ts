// Pods, pod templates and the objects built directly on them (PodTemplate, ReplicationController,
// Binding): upstream's ValidatePodCreate, ValidatePodTemplateSpec and their helpers.

import {
  type FieldError,
  fieldForbidden,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
} from './field-error.js';
import { type FieldPath, fieldPath } from './field-path.js';
import { validateLabelsMap, validateNonnegativeField } from './common-fields.js';
import { validatePodSpec, validateSecurityAnnotationsMatch } from './core-pod-spec.js';
import { validateTolerations } from './core-scheduling-fields.js';
import { validateLocalDescendingPath } from './core-volume-sources.js';
import { goLabels } from './go-syntax.js';
import { type Json, obj, objs, str, strMap } from './json-access.js';
import { mapSelectorMatches } from './label-selector.js';
import { validateAnnotations } from './object-meta.js';

function validateSeccompAnnotation(value: string, path: FieldPath): FieldError[] {
  if (['runtime/default', 'docker/default', 'unconfined'].includes(value)) return [];
  if (value.startsWith('localhost/'))
    return validateLocalDescendingPath(value.slice('localhost/'.length), path);
  return [fieldInvalid(path, value, 'must be a valid seccomp profile')];
}

function containerNames(spec: Json): Set<string> {
  const names = new Set<string>();
  for (const kind of ['initContainers', 'containers', 'ephemeralContainers'])
    for (const c of objs(spec[kind])) names.add(str(c['name']));
  return names;
}

/** Upstream's ValidatePodSpecificAnnotations (mirror pods, deletion cost, seccomp, AppArmor). */
export function validatePodSpecificAnnotations(
  annotations: Readonly<Record<string, string>>,
  spec: Json,
  path: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const mirror = annotations['kubernetes.io/config.mirror'];
  if (mirror !== undefined && !str(spec['nodeName'])) {
    errs.push(
      fieldInvalid(
        path.key('kubernetes.io/config.mirror'),
        mirror,
        'must set spec.nodeName if mirror pod annotation is set',
      ),
    );
  }
  const tolerations = annotations['scheduler.alpha.kubernetes.io/tolerations'];
  if (tolerations) {
    try {
      const parsed: unknown = JSON.parse(tolerations);
      if (Array.isArray(parsed))
        errs.push(
          ...validateTolerations(objs(parsed), path.child('scheduler.alpha.kubernetes.io/tolerations')),
        );
    } catch (err) {
      errs.push(fieldInvalid(path, 'scheduler.alpha.kubernetes.io/tolerations', (err as Error).message));
    }
  }
  const cost = annotations['controller.kubernetes.io/pod-deletion-cost'];
  if (
    cost !== undefined &&
    (!/^[+-]?[0-9]+$/.test(cost) || Number(cost) > 2147483647 || Number(cost) < -2147483648)
  ) {
    errs.push(
      fieldInvalid(path.key('controller.kubernetes.io/pod-deletion-cost'), cost, 'must be a 32bit integer'),
    );
  }
  const podSeccomp = annotations['seccomp.security.alpha.kubernetes.io/pod'];
  if (podSeccomp !== undefined)
    errs.push(
      ...validateSeccompAnnotation(podSeccomp, path.child('seccomp.security.alpha.kubernetes.io/pod')),
    );
  const names = containerNames(spec);
  for (const [k, v] of Object.entries(annotations)) {
    if (k.startsWith('container.seccomp.security.alpha.kubernetes.io/'))
      errs.push(...validateSeccompAnnotation(v, path.child(k)));
    const apparmor = 'container.apparmor.security.beta.kubernetes.io/';
    if (k.startsWith(apparmor)) {
      const name = k.slice(apparmor.length);
      if (!names.has(name)) errs.push(fieldInvalid(path.key(k), name, 'container not found'));
      if (v !== '' && v !== 'runtime/default' && v !== 'unconfined' && !v.startsWith('localhost/')) {
        errs.push(fieldInvalid(path.key(k), v, `invalid AppArmor profile name: "${v}"`));
      }
    }
  }
  return errs;
}

/** Upstream's ValidatePodTemplateSpec (labels and annotations sit at the template's own path, as upstream reports them). */
export function validatePodTemplateSpec(template: Json, path: FieldPath): FieldError[] {
  const meta = obj(template['metadata']) ?? {};
  const annotations = strMap(meta['annotations']) ?? {};
  const spec = obj(template['spec']) ?? {};
  const errs = [
    ...validateLabelsMap(strMap(meta['labels']), path.child('labels')),
    ...validateAnnotations(annotations, path.child('annotations')),
    ...validatePodSpecificAnnotations(annotations, spec, path.child('annotations')),
    ...validatePodSpec(spec, { isPod: false }, path.child('spec')),
    ...validateSecurityAnnotationsMatch(annotations, spec, path.child('spec')),
  ];
  if (objs(spec['ephemeralContainers']).length > 0) {
    errs.push(
      fieldForbidden(
        path.child('spec', 'ephemeralContainers'),
        'ephemeral containers not allowed in pod template',
      ),
    );
  }
  return errs;
}

/** Upstream's validatePodMetadataAndSpec plus ValidatePodCreate's extra rules. */
export function validatePodMetadataAndSpec(pod: Json): FieldError[] {
  const meta = obj(pod['metadata']) ?? {};
  const spec = obj(pod['spec']) ?? {};
  const specPath = fieldPath('spec');
  const errs = [
    ...validatePodSpecificAnnotations(
      strMap(meta['annotations']) ?? {},
      spec,
      fieldPath('metadata', 'annotations'),
    ),
    ...validatePodSpec(spec, { isPod: true, podName: str(meta['name']) || undefined }, specPath),
  ];
  if (!str(spec['serviceAccountName'])) {
    objs(spec['volumes']).forEach((v, vi) => {
      objs(obj(v['projected'])?.['sources']).forEach((s, si) => {
        if (obj(s['serviceAccountToken'])) {
          errs.push(
            fieldForbidden(
              specPath
                .child('volumes')
                .index(vi)
                .child('projected', 'sources')
                .index(si)
                .child('serviceAccountToken'),
              'must not be specified when serviceAccountName is not set',
            ),
          );
        }
      });
    });
  }
  for (const kind of ['containers', 'initContainers'] as const) {
    objs(spec[kind]).forEach((c, i) => {
      const image = str(c['image']);
      if (image !== image.trim())
        errs.push(
          fieldInvalid(
            specPath.child(kind).index(i).child('image'),
            image,
            'must not have leading or trailing whitespace',
          ),
        );
    });
  }
  return errs;
}

/** Upstream's ValidatePodCreate (without metadata). */
export function validatePod(pod: Json): FieldError[] {
  const meta = obj(pod['metadata']) ?? {};
  const spec = obj(pod['spec']) ?? {};
  const specPath = fieldPath('spec');
  const errs = validatePodMetadataAndSpec(pod);
  if (objs(spec['ephemeralContainers']).length > 0)
    errs.push(fieldForbidden(specPath.child('ephemeralContainers'), 'cannot be set on create'));
  if (str(spec['nodeName']) && objs(spec['schedulingGates']).length > 0) {
    errs.push(
      fieldForbidden(specPath.child('nodeName'), 'cannot be set until all schedulingGates have been cleared'),
    );
  }
  errs.push(...validateSecurityAnnotationsMatch(strMap(meta['annotations']) ?? {}, spec, specPath));
  return errs;
}

/** PodTemplate objects. */
export function validatePodTemplate(object: Json): FieldError[] {
  return validatePodTemplateSpec(obj(object['template']) ?? {}, fieldPath('template'));
}

/** Upstream's ValidateReplicationControllerSpec. */
export function validateReplicationController(object: Json): FieldError[] {
  const spec = obj(object['spec']) ?? {};
  const path = fieldPath('spec');
  const selector = strMap(spec['selector']) ?? {};
  const errs = [
    ...validateNonnegativeField(
      typeof spec['minReadySeconds'] === 'number' ? spec['minReadySeconds'] : 0,
      path.child('minReadySeconds'),
    ),
  ];
  if (Object.keys(selector).length === 0) errs.push(fieldRequired(path.child('selector')));
  errs.push(
    ...validateNonnegativeField(
      typeof spec['replicas'] === 'number' ? spec['replicas'] : 0,
      path.child('replicas'),
    ),
  );
  const template = obj(spec['template']);
  const tp = path.child('template');
  if (!template) return [...errs, fieldRequired(tp)];
  const labels = strMap(obj(template['metadata'])?.['labels']);
  if (Object.keys(selector).length > 0 && !mapSelectorMatches(selector, labels)) {
    errs.push(
      fieldInvalid(
        tp.child('metadata', 'labels'),
        goLabels(labels),
        '`selector` does not match template `labels`',
      ),
    );
  }
  errs.push(...validatePodTemplateSpec(template, tp));
  const tspec = obj(template['spec']) ?? {};
  if (str(tspec['restartPolicy']) !== 'Always') {
    errs.push(fieldNotSupported(tp.child('spec', 'restartPolicy'), str(tspec['restartPolicy']), ['Always']));
  }
  if (tspec['activeDeadlineSeconds'] != null) {
    errs.push(
      fieldForbidden(
        tp.child('spec', 'activeDeadlineSeconds'),
        'activeDeadlineSeconds in ReplicationController is not Supported',
      ),
    );
  }
  return errs;
}

/** Upstream's ValidatePodBinding. */
export function validateBinding(object: Json): FieldError[] {
  const target = obj(object['target']) ?? {};
  const errs: FieldError[] = [];
  const kind = str(target['kind']);
  if (kind !== '' && kind !== 'Node')
    errs.push(fieldNotSupported(fieldPath('target', 'kind'), kind, ['Node', '<empty>']));
  if (!str(target['name'])) errs.push(fieldRequired(fieldPath('target', 'name')));
  return errs;
}

// Container lists of a pod spec (upstream's validateContainers, validateInitContainers,
// validateEphemeralContainers): the checks every container gets, unique names, mounts that refer
// to existing volumes, per-kind rules and host port conflicts.

import {
  type FieldError,
  fieldDuplicate,
  fieldForbidden,
  fieldInvalid,
  fieldNotFound,
  fieldNotSupported,
  fieldRequired,
} from './field-error.js';
import type { FieldPath } from './field-path.js';
import { validateDNS1123Label } from './common-fields.js';
import {
  validateContainerPorts,
  validateEnv,
  validateEnvFrom,
  validatePullPolicy,
  validateResizePolicy,
  validateSecurityContext,
} from './core-container-fields.js';
import { validateLifecycle, validateProbes } from './core-container-handlers.js';
import { validateLocalDescendingPath, validatePathNoBacksteps } from './core-volume-sources.js';
import { isClaimSource } from './core-volumes.js';
import { type Json, obj, objs, optStr, str } from './json-access.js';
import { validateContainerResourceName } from './resource-names.js';
import { validateResourceRequirements } from './resource-requirements.js';

/** What the container checks need to know about the pod spec around them. */
export interface ContainerContext {
  readonly volumes: ReadonlyMap<string, Json>;
  readonly podClaimNames: ReadonlySet<string>;
  readonly gracePeriod: number | undefined;
  readonly restartPolicy: string;
  readonly hostUsers: boolean;
}

function validateVolumeMounts(container: Json, ctx: ContainerContext, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const devices = new Map(
    objs(container['volumeDevices']).map((d) => [str(d['name']), str(d['devicePath'])]),
  );
  const mountPoints = new Set<string>();
  objs(container['volumeMounts']).forEach((mnt, i) => {
    const p = path.index(i);
    const name = str(mnt['name']);
    const mountPath = str(mnt['mountPath']);
    if (!name) errs.push(fieldRequired(p.child('name')));
    if (!ctx.volumes.has(name)) errs.push(fieldNotFound(p.child('name'), name));
    if (!mountPath) errs.push(fieldRequired(p.child('mountPath')));
    if (mountPoints.has(mountPath))
      errs.push(fieldInvalid(p.child('mountPath'), mountPath, 'must be unique'));
    mountPoints.add(mountPath);
    if (devices.has(name))
      errs.push(fieldInvalid(p.child('name'), name, 'must not already exist in volumeDevices'));
    if ([...devices.values()].includes(mountPath)) {
      errs.push(
        fieldInvalid(p.child('mountPath'), mountPath, 'must not already exist as a path in volumeDevices'),
      );
    }
    const subPath = str(mnt['subPath']);
    const subPathExpr = str(mnt['subPathExpr']);
    if (obj(ctx.volumes.get(name)?.['image'])) {
      if (subPath)
        errs.push(fieldInvalid(p.child('subPath'), subPath, 'not allowed in image volume sources'));
      if (subPathExpr)
        errs.push(fieldInvalid(p.child('subPathExpr'), subPathExpr, 'not allowed in image volume sources'));
    }
    // Upstream reports sub-path problems at the list's path, not the mount's.
    if (subPath) errs.push(...validateLocalDescendingPath(subPath, path.child('subPath')));
    if (subPathExpr) {
      if (subPath)
        errs.push(
          fieldInvalid(p.child('subPathExpr'), subPathExpr, 'subPathExpr and subPath are mutually exclusive'),
        );
      errs.push(...validateLocalDescendingPath(subPathExpr, path.child('subPathExpr')));
    }
    const propagation = optStr(mnt['mountPropagation']);
    if (propagation !== undefined) {
      const supported = ['Bidirectional', 'HostToContainer', 'None'];
      if (!supported.includes(propagation))
        errs.push(fieldNotSupported(path.child('mountPropagation'), propagation, supported));
      const privileged = obj(container['securityContext'])?.['privileged'] === true;
      if (propagation === 'Bidirectional' && !privileged) {
        errs.push(
          fieldForbidden(
            path.child('mountPropagation'),
            'Bidirectional mount propagation is available only to privileged containers',
          ),
        );
      }
    }
    const rro = optStr(mnt['recursiveReadOnly']);
    if (rro !== undefined && rro !== 'Disabled') {
      const rp = path.child('recursiveReadOnly');
      if (rro === 'Enabled' || rro === 'IfPossible') {
        if (mnt['readOnly'] !== true)
          errs.push(fieldForbidden(rp, 'may only be specified when readOnly is true'));
        if (propagation !== undefined && propagation !== 'None') {
          errs.push(
            fieldForbidden(rp, 'may only be specified when mountPropagation is None or not specified'),
          );
        }
      } else {
        errs.push(fieldNotSupported(rp, rro, ['Disabled', 'Enabled', 'IfPossible']));
      }
    }
  });
  return errs;
}

function validateVolumeDevices(container: Json, ctx: ContainerContext, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const mounts = new Map(objs(container['volumeMounts']).map((m) => [str(m['name']), str(m['mountPath'])]));
  const paths = new Set<string>();
  const names = new Set<string>();
  objs(container['volumeDevices']).forEach((dev, i) => {
    const p = path.index(i);
    const name = str(dev['name']);
    const devicePath = str(dev['devicePath']);
    const volume = ctx.volumes.get(name);
    if (!name) errs.push(fieldRequired(p.child('name')));
    if (names.has(name)) errs.push(fieldInvalid(p.child('name'), name, 'must be unique'));
    if (volume && !isClaimSource(volume)) {
      errs.push(
        fieldInvalid(
          p.child('name'),
          name,
          'can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode',
        ),
      );
    }
    if (!volume) errs.push(fieldNotFound(p.child('name'), name));
    if (!devicePath) errs.push(fieldRequired(p.child('devicePath')));
    if (paths.has(devicePath)) errs.push(fieldInvalid(p.child('devicePath'), devicePath, 'must be unique'));
    if (devicePath && validatePathNoBacksteps(devicePath, p).length > 0) {
      errs.push(fieldInvalid(p.child('devicePath'), devicePath, "can not contain backsteps ('..')"));
    } else {
      paths.add(devicePath);
    }
    if (mounts.has(name))
      errs.push(fieldInvalid(p.child('name'), name, 'must not already exist in volumeMounts'));
    if ([...mounts.values()].includes(devicePath)) {
      errs.push(
        fieldInvalid(p.child('devicePath'), devicePath, 'must not already exist as a path in volumeMounts'),
      );
    }
    if (name) names.add(name);
  });
  return errs;
}

/** Upstream's validateContainerCommon: what every container kind must satisfy. */
export function validateContainerCommon(
  container: Json,
  ctx: ContainerContext,
  path: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(container['name']);
  if (!name) errs.push(fieldRequired(path.child('name')));
  else errs.push(...validateDNS1123Label(name, path.child('name')));
  if (!str(container['image'])) errs.push(fieldRequired(path.child('image')));
  const tmp = str(container['terminationMessagePolicy']);
  if (tmp === '') errs.push(fieldRequired(path.child('terminationMessagePolicy')));
  else if (tmp !== 'File' && tmp !== 'FallbackToLogsOnError') {
    errs.push(
      fieldNotSupported(path.child('terminationMessagePolicy'), tmp, ['File', 'FallbackToLogsOnError']),
    );
  }
  errs.push(...validateContainerPorts(objs(container['ports']), path.child('ports')));
  errs.push(...validateEnv(objs(container['env']), path.child('env')));
  errs.push(...validateEnvFrom(objs(container['envFrom']), path.child('envFrom')));
  errs.push(...validateVolumeMounts(container, ctx, path.child('volumeMounts')));
  errs.push(...validateVolumeDevices(container, ctx, path.child('volumeDevices')));
  errs.push(...validatePullPolicy(str(container['imagePullPolicy']), path.child('imagePullPolicy')));
  errs.push(
    ...validateResourceRequirements(
      container['resources'],
      validateContainerResourceName,
      ctx.podClaimNames,
      path.child('resources'),
    ),
  );
  errs.push(
    ...validateResizePolicy(objs(container['resizePolicy']), ctx.restartPolicy, path.child('resizePolicy')),
  );
  errs.push(
    ...validateSecurityContext(container['securityContext'], ctx.hostUsers, path.child('securityContext')),
  );
  return errs;
}

/** Upstream's AccumulateUniqueHostPorts over a set of containers. */
export function checkHostPortConflicts(containers: readonly Json[], path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((c, ci) => {
    objs(c['ports']).forEach((port, pi) => {
      const hostPort = port['hostPort'];
      if (typeof hostPort !== 'number' || hostPort === 0) return;
      const key = `${str(port['protocol'])}/${str(port['hostIP'])}/${hostPort}`;
      if (seen.has(key))
        errs.push(fieldDuplicate(path.index(ci).child('ports').index(pi).child('hostPort'), key));
      else seen.add(key);
    });
  });
  return errs;
}

/** Upstream's validateContainers (the regular containers). */
export function validateContainers(
  containers: readonly Json[],
  ctx: ContainerContext,
  path: FieldPath,
): FieldError[] {
  if (containers.length === 0) return [fieldRequired(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const p = path.index(i);
    errs.push(...validateContainerCommon(c, ctx, p));
    const name = str(c['name']);
    if (names.has(name)) errs.push(fieldDuplicate(p.child('name'), name));
    else names.add(name);
    const lifecycle = obj(c['lifecycle']);
    if (lifecycle) errs.push(...validateLifecycle(lifecycle, ctx.gracePeriod, p.child('lifecycle')));
    errs.push(...validateProbes(c, ctx.gracePeriod, p));
    if (c['restartPolicy'] !== undefined && c['restartPolicy'] !== null) {
      errs.push(fieldForbidden(p.child('restartPolicy'), 'may not be set for non-init containers'));
    }
  });
  return [...errs, ...checkHostPortConflicts(containers, path)];
}

/** Upstream's validateInitContainers. */
export function validateInitContainers(
  inits: readonly Json[],
  regular: readonly Json[],
  ctx: ContainerContext,
  path: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(regular.map((c) => str(c['name'])));
  inits.forEach((c, i) => {
    const p = path.index(i);
    errs.push(...validateContainerCommon(c, ctx, p));
    const restart = optStr(c['restartPolicy']);
    if (restart !== undefined && restart !== 'Always')
      errs.push(fieldNotSupported(p.child('restartPolicy'), restart, ['Always']));
    const name = str(c['name']);
    if (names.has(name)) errs.push(fieldDuplicate(p.child('name'), name));
    else if (name) names.add(name);
    errs.push(...checkHostPortConflicts([c], path));
    if (restart === 'Always') {
      const lifecycle = obj(c['lifecycle']);
      if (lifecycle) errs.push(...validateLifecycle(lifecycle, ctx.gracePeriod, p.child('lifecycle')));
      errs.push(...validateProbes(c, ctx.gracePeriod, p));
    } else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (obj(c[f]))
          errs.push(
            fieldForbidden(p.child(f), 'may not be set for init containers without restartPolicy=Always'),
          );
      }
    }
  });
  return errs;
}

const ephemeralForbidden = [
  'ports',
  'resources',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle',
  'resizePolicy',
  'restartPolicy',
];

/** Upstream's validateEphemeralContainers. */
export function validateEphemeralContainers(
  ephemeral: readonly Json[],
  regular: readonly Json[],
  inits: readonly Json[],
  ctx: ContainerContext,
  path: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const others = new Set([...regular, ...inits].map((c) => str(c['name'])));
  const all = new Set(others);
  ephemeral.forEach((c, i) => {
    const p = path.index(i);
    errs.push(...validateContainerCommon(c, ctx, p));
    const image = str(c['image']);
    if (image !== image.trim())
      errs.push(fieldInvalid(p.child('image'), image, 'must not have leading or trailing whitespace'));
    const name = str(c['name']);
    if (all.has(name)) errs.push(fieldDuplicate(p.child('name'), name));
    else all.add(name);
    const target = str(c['targetContainerName']);
    if (target && !others.has(target)) errs.push(fieldNotFound(p.child('targetContainerName'), target));
    for (const f of ephemeralForbidden) {
      const v = c[f];
      const set = Array.isArray(v)
        ? v.length > 0
        : obj(v)
          ? Object.keys(obj(v) ?? {}).length > 0
          : v !== undefined && v !== null;
      if (set) errs.push(fieldForbidden(p.child(f), 'cannot be set for an Ephemeral Container'));
    }
    objs(c['volumeMounts']).forEach((vm, j) => {
      if (str(vm['subPath']))
        errs.push(
          fieldForbidden(
            p.child('volumeMounts').index(j).child('subPath'),
            'cannot be set for an Ephemeral Container',
          ),
        );
      if (str(vm['subPathExpr']))
        errs.push(
          fieldForbidden(
            p.child('volumeMounts').index(j).child('subPathExpr'),
            'cannot be set for an Ephemeral Container',
          ),
        );
    });
  });
  return errs;
}

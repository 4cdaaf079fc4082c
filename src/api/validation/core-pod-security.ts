// The pod-level security context (upstream's validatePodSpecSecurityContext and validateSysctls).
// In v1 the host namespaces (hostNetwork, hostPID, hostIPC) sit on the spec itself.

import {
  type FieldError,
  fieldDuplicate,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
} from './field-error.js';
import type { FieldPath } from './field-path.js';
import { validateAppArmorProfile, validateSeccompProfile } from './core-container-fields.js';
import { type Json, arr, obj, objs, optBool, optNum, optStr, str } from './json-access.js';
import { isValidGroupID, isValidUserID } from './string-formats.js';

const sysctlSegment = '[a-z0-9]([-_a-z0-9]*[a-z0-9])?';
const sysctlRegexp = new RegExp(`^(${sysctlSegment}[\\./])*${sysctlSegment}$`);

/** The kernel namespace a sysctl belongs to, if it is namespaced (utilsysctl.GetNamespace). */
function sysctlNamespace(name: string): 'net' | 'ipc' | undefined {
  const n = name.replaceAll('/', '.');
  if (n.startsWith('net.')) return 'net';
  if (
    n.startsWith('kernel.shm') ||
    n.startsWith('kernel.msg') ||
    n === 'kernel.sem' ||
    n.startsWith('fs.mqueue.')
  )
    return 'ipc';
  return undefined;
}

function validateSysctls(spec: Json, sysctls: readonly Json[], path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  sysctls.forEach((s, i) => {
    const p = path.index(i).child('name');
    const name = str(s['name']);
    if (!name) errs.push(fieldRequired(p));
    else if (name.length > 253 || !sysctlRegexp.test(name)) {
      errs.push(
        fieldInvalid(p, name, `must have at most 253 characters and match regex ${sysctlRegexp.source}`),
      );
    } else if (names.has(name)) errs.push(fieldDuplicate(p, name));
    const ns = sysctlNamespace(name);
    if (spec['hostNetwork'] === true && ns === 'net')
      errs.push(fieldInvalid(p, name, "may not be specified when 'hostNetwork' is true"));
    else if (spec['hostIPC'] === true && ns === 'ipc')
      errs.push(fieldInvalid(p, name, "may not be specified when 'hostIPC' is true"));
    names.add(name);
  });
  return errs;
}

/** Upstream's validatePodSpecSecurityContext (spec: the pod spec; path: its securityContext). */
export function validatePodSecurityContext(spec: Json, _specPath: FieldPath, path: FieldPath): FieldError[] {
  const sc = obj(spec['securityContext']);
  if (!sc) return [];
  const errs: FieldError[] = [];
  const ids: [string, (n: number) => string[]][] = [
    ['fsGroup', isValidGroupID],
    ['runAsUser', isValidUserID],
    ['runAsGroup', isValidGroupID],
  ];
  for (const [field, check] of ids) {
    const id = optNum(sc[field]);
    if (id !== undefined) for (const msg of check(id)) errs.push(fieldInvalid(path.child(field), id, msg));
  }
  arr(sc['supplementalGroups']).forEach((g, i) => {
    if (typeof g === 'number')
      for (const msg of isValidGroupID(g))
        errs.push(fieldInvalid(path.child('supplementalGroups').index(i), g, msg));
  });
  if (optBool(spec['shareProcessNamespace']) === true && spec['hostPID'] === true) {
    errs.push(
      fieldInvalid(
        path.child('shareProcessNamespace'),
        true,
        'ShareProcessNamespace and HostPID cannot both be enabled',
      ),
    );
  }
  const sysctls = objs(sc['sysctls']);
  if (sysctls.length) errs.push(...validateSysctls(spec, sysctls, path.child('sysctls')));
  const fsPolicy = optStr(sc['fsGroupChangePolicy']);
  if (fsPolicy !== undefined && fsPolicy !== 'OnRootMismatch' && fsPolicy !== 'Always') {
    errs.push(fieldNotSupported(path.child('fsGroupChangePolicy'), fsPolicy, ['Always', 'OnRootMismatch']));
  }
  errs.push(...validateSeccompProfile(sc['seccompProfile'], path.child('seccompProfile')));
  errs.push(...validateAppArmorProfile(sc['appArmorProfile'], path.child('appArmorProfile')));
  const groupsPolicy = optStr(sc['supplementalGroupsPolicy']);
  if (groupsPolicy !== undefined && groupsPolicy !== 'Merge' && groupsPolicy !== 'Strict') {
    errs.push(fieldNotSupported(path.child('supplementalGroupsPolicy'), groupsPolicy, ['Merge', 'Strict']));
  }
  return errs;
}

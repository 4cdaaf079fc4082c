// Single container fields (upstream core validation): image pull policy, ports, env and envFrom,
// the container security context and the resize policy.

import {
  type FieldError,
  fieldDuplicate,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
} from './field-error.js';
import type { FieldPath } from './field-path.js';
import {
  envFieldPaths,
  validateObjectFieldSelector,
  validateResourceFieldSelector,
} from './core-downward-api.js';
import { type Json, num, obj, optBool, optNum, optStr, str, strs } from './json-access.js';
import {
  isConfigMapKey,
  isRelaxedEnvVarName,
  isValidGroupID,
  isValidPortName,
  isValidPortNum,
  isValidUserID,
} from './string-formats.js';
import { isDNS1123Subdomain } from './label-validation.js';
import { validateLocalDescendingPath } from './core-volume-sources.js';

/** Upstream's supported port protocols (sorted). */
export const portProtocols = ['SCTP', 'TCP', 'UDP'];

/** Upstream's validatePullPolicy. */
export function validatePullPolicy(policy: string, path: FieldPath): FieldError[] {
  if (['Always', 'IfNotPresent', 'Never'].includes(policy)) return [];
  if (policy === '') return [fieldRequired(path)];
  return [fieldNotSupported(path, policy, ['Always', 'IfNotPresent', 'Never'])];
}

/** Upstream's validateContainerPorts. */
export function validateContainerPorts(ports: readonly Json[], path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const p = path.index(i);
    const name = str(port['name']);
    if (name) {
      const msgs = isValidPortName(name);
      if (msgs.length > 0) for (const msg of msgs) errs.push(fieldInvalid(p.child('name'), name, msg));
      else if (names.has(name)) errs.push(fieldDuplicate(p.child('name'), name));
      else names.add(name);
    }
    const containerPort = num(port['containerPort']);
    if (containerPort === 0) errs.push(fieldRequired(p.child('containerPort')));
    else
      for (const msg of isValidPortNum(containerPort))
        errs.push(fieldInvalid(p.child('containerPort'), containerPort, msg));
    const hostPort = num(port['hostPort']);
    if (hostPort !== 0)
      for (const msg of isValidPortNum(hostPort)) errs.push(fieldInvalid(p.child('hostPort'), hostPort, msg));
    const protocol = str(port['protocol']);
    if (!protocol) errs.push(fieldRequired(p.child('protocol')));
    else if (!portProtocols.includes(protocol))
      errs.push(fieldNotSupported(p.child('protocol'), protocol, portProtocols));
  });
  return errs;
}

function validateKeySelector(s: Json, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(s['name']);
  for (const msg of isDNS1123Subdomain(name)) errs.push(fieldInvalid(path.child('name'), name, msg));
  const key = str(s['key']);
  if (!key) errs.push(fieldRequired(path.child('key')));
  else for (const msg of isConfigMapKey(key)) errs.push(fieldInvalid(path.child('key'), key, msg));
  return errs;
}

function validateValueFrom(ev: Json, path: FieldPath): FieldError[] {
  const from = obj(ev['valueFrom']);
  if (!from) return [];
  const errs: FieldError[] = [];
  let sources = 0;
  const fieldRef = obj(from['fieldRef']);
  if (fieldRef) {
    sources++;
    errs.push(...validateObjectFieldSelector(fieldRef, envFieldPaths, path.child('fieldRef')));
  }
  const resourceRef = obj(from['resourceFieldRef']);
  if (resourceRef) {
    sources++;
    errs.push(...validateResourceFieldSelector(resourceRef, false, path.child('resourceFieldRef')));
  }
  for (const kind of ['configMapKeyRef', 'secretKeyRef'] as const) {
    const ref = obj(from[kind]);
    if (!ref) continue;
    sources++;
    errs.push(...validateKeySelector(ref, path.child(kind)));
  }
  if (sources === 0) {
    errs.push(
      fieldInvalid(
        path,
        '',
        'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      ),
    );
  } else if (str(ev['value']) !== '') {
    errs.push(fieldInvalid(path, '', 'may not be specified when `value` is not empty'));
  } else if (sources > 1) {
    errs.push(fieldInvalid(path, '', 'may not have more than one field specified at a time'));
  }
  return errs;
}

/** Upstream's ValidateEnv (1.32: relaxed variable names). */
export function validateEnv(vars: readonly Json[], path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  vars.forEach((ev, i) => {
    const p = path.index(i);
    const name = str(ev['name']);
    if (!name) errs.push(fieldRequired(p.child('name')));
    else for (const msg of isRelaxedEnvVarName(name)) errs.push(fieldInvalid(p.child('name'), name, msg));
    errs.push(...validateValueFrom(ev, p.child('valueFrom')));
  });
  return errs;
}

/** Upstream's ValidateEnvFrom. */
export function validateEnvFrom(sources: readonly Json[], path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  sources.forEach((ev, i) => {
    const p = path.index(i);
    const prefix = str(ev['prefix']);
    if (prefix)
      for (const msg of isRelaxedEnvVarName(prefix)) errs.push(fieldInvalid(p.child('prefix'), prefix, msg));
    let count = 0;
    for (const kind of ['configMapRef', 'secretRef'] as const) {
      const ref = obj(ev[kind]);
      if (!ref) continue;
      count++;
      const name = str(ref['name']);
      if (!name) errs.push(fieldRequired(p.child(kind).child('name')));
      else
        for (const msg of isDNS1123Subdomain(maskTrailingDash(name)))
          errs.push(fieldInvalid(p.child(kind).child('name'), name, msg));
    }
    if (count === 0) errs.push(fieldInvalid(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (count > 1)
      errs.push(fieldInvalid(path, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

// Names used as prefixes may end in a dash (upstream's maskTrailingDash).
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -1)}a` : name;
}

/** Upstream's seccomp profile field check. */
export function validateSeccompProfile(profile: unknown, path: FieldPath): FieldError[] {
  const sp = obj(profile);
  if (!sp) return [];
  const type = str(sp['type']);
  const errs: FieldError[] = [];
  const types = ['Localhost', 'RuntimeDefault', 'Unconfined'];
  if (type === '')
    errs.push(fieldRequired(path.child('type'), 'type is required when seccompProfile is set'));
  else if (!types.includes(type)) errs.push(fieldNotSupported(path.child('type'), type, types));
  const local = optStr(sp['localhostProfile']);
  if (type === 'Localhost') {
    if (local === undefined)
      errs.push(fieldRequired(path.child('localhostProfile'), 'must be set when seccomp type is Localhost'));
    else errs.push(...validateLocalDescendingPath(local, path.child('localhostProfile')));
  } else if (local !== undefined) {
    errs.push(
      fieldInvalid(path.child('localhostProfile'), sp, 'can only be set when seccomp type is Localhost'),
    );
  }
  return errs;
}

/** Upstream's AppArmor profile field check. */
export function validateAppArmorProfile(profile: unknown, path: FieldPath): FieldError[] {
  const ap = obj(profile);
  if (!ap) return [];
  const type = str(ap['type']);
  const local = optStr(ap['localhostProfile']);
  switch (type) {
    case 'Localhost':
      if (local !== undefined && local !== local.trim()) {
        return [fieldInvalid(path.child('localhostProfile'), local, 'must not be padded with whitespace')];
      }
      if (!local)
        return [fieldRequired(path.child('localhostProfile'), 'must be set when AppArmor type is Localhost')];
      return [];
    case 'RuntimeDefault':
    case 'Unconfined':
      return local !== undefined
        ? [
            fieldInvalid(
              path.child('localhostProfile'),
              local,
              'can only be set when AppArmor type is Localhost',
            ),
          ]
        : [];
    case '':
      return [fieldRequired(path.child('type'), 'type is required when appArmorProfile is set')];
    default:
      return [fieldNotSupported(path.child('type'), type, ['Localhost', 'RuntimeDefault', 'Unconfined'])];
  }
}

/** Upstream's ValidateSecurityContext for a container (privileged containers are allowed here). */
export function validateSecurityContext(context: unknown, hostUsers: boolean, path: FieldPath): FieldError[] {
  const sc = obj(context);
  if (!sc) return [];
  const errs: FieldError[] = [];
  for (const field of ['runAsUser', 'runAsGroup'] as const) {
    const id = optNum(sc[field]);
    if (id === undefined) continue;
    const check = field === 'runAsUser' ? isValidUserID : isValidGroupID;
    for (const msg of check(id)) errs.push(fieldInvalid(path.child(field), id, msg));
  }
  const procMount = optStr(sc['procMount']);
  if (procMount !== undefined) {
    if (procMount !== 'Default' && procMount !== 'Unmasked') {
      errs.push(fieldNotSupported(path.child('procMount'), procMount, ['Default', 'Unmasked']));
    }
    if (hostUsers && procMount === 'Unmasked') {
      errs.push(
        fieldInvalid(path.child('procMount'), procMount, '`hostUsers` must be false to use `Unmasked`'),
      );
    }
  }
  errs.push(...validateSeccompProfile(sc['seccompProfile'], path.child('seccompProfile')));
  if (optBool(sc['allowPrivilegeEscalation']) === false) {
    if (optBool(sc['privileged']) === true) {
      errs.push(
        fieldInvalid(path, sc, 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true'),
      );
    }
    for (const cap of strs(obj(sc['capabilities'])?.['add'])) {
      if (cap === 'CAP_SYS_ADMIN') {
        errs.push(
          fieldInvalid(
            path,
            sc,
            'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN',
          ),
        );
      }
    }
  }
  errs.push(...validateAppArmorProfile(sc['appArmorProfile'], path.child('appArmorProfile')));
  return errs;
}

/** Upstream's validateResizePolicy. */
export function validateResizePolicy(
  policies: readonly Json[],
  podRestartPolicy: string,
  path: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  policies.forEach((p, i) => {
    const resource = str(p['resourceName']);
    const restart = str(p['restartPolicy']);
    if (seen.has(resource)) errs.push(fieldDuplicate(path.index(i), resource));
    seen.add(resource);
    if (resource === '') errs.push(fieldRequired(path));
    else if (resource !== 'cpu' && resource !== 'memory')
      errs.push(fieldNotSupported(path, resource, ['cpu', 'memory']));
    if (restart === '') errs.push(fieldRequired(path));
    else if (restart !== 'NotRequired' && restart !== 'RestartContainer') {
      errs.push(fieldNotSupported(path, restart, ['NotRequired', 'RestartContainer']));
    }
    if (podRestartPolicy === 'Never' && restart !== 'NotRequired') {
      errs.push(fieldInvalid(path, restart, "must be 'NotRequired' when `restartPolicy` is 'Never'"));
    }
  });
  return errs;
}

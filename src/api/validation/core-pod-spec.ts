// PodSpec (upstream's ValidatePodSpec) for pods and every pod template: volumes, containers,
// policies, DNS, security context, scheduling fields, in upstream's order.

import {
  type FieldError,
  fieldDuplicate,
  fieldForbidden,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
} from './field-error.js';
import type { FieldPath } from './field-path.js';
import {
  validateDNS1123Label,
  validateDNS1123Subdomain,
  validateLabelsMap,
  validateQualifiedName,
} from './common-fields.js';
import {
  type ContainerContext,
  validateContainers,
  validateEphemeralContainers,
  validateInitContainers,
} from './core-containers.js';
import { validatePodSecurityContext } from './core-pod-security.js';
import {
  validateAffinity,
  validateTolerations,
  validateTopologySpreadConstraints,
} from './core-scheduling-fields.js';
import { validateVolumes } from './core-volumes.js';
import { isValidIP } from './ip-address.js';
import { type Json, obj, objs, optNum, optStr, str, strMap, strs } from './json-access.js';
import { isDNS1123Subdomain } from './label-validation.js';
import { validateContainerResourceName } from './resource-names.js';
import { validateResourceRequirements } from './resource-requirements.js';
import { inclusiveRangeError } from './string-formats.js';

/** How a pod spec is being validated. */
export interface PodSpecOptions {
  /** The spec belongs to a Pod (not a template): stricter host port and image volume rules. */
  readonly isPod: boolean;
  /** The pod's name, for generic ephemeral volume claim names. */
  readonly podName?: string;
}

function validateRestartPolicy(policy: string, path: FieldPath): FieldError[] {
  if (['Always', 'OnFailure', 'Never'].includes(policy)) return [];
  if (policy === '') return [fieldRequired(path)];
  return [fieldNotSupported(path, policy, ['Always', 'OnFailure', 'Never'])];
}

function validateDNSPolicy(policy: string, path: FieldPath): FieldError[] {
  const valid = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
  if (valid.includes(policy)) return [];
  if (policy === '') return [fieldRequired(path)];
  return [fieldNotSupported(path, policy, valid)];
}

function validateDNSConfig(config: Json | undefined, policy: string, path: FieldPath): FieldError[] {
  if (policy === 'None') {
    if (!config) return [fieldRequired(path, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if (strs(config['nameservers']).length === 0) {
      return [
        fieldRequired(
          path.child('nameservers'),
          'must provide at least one DNS nameserver when `dnsPolicy` is None',
        ),
      ];
    }
  }
  if (!config) return [];
  const errs: FieldError[] = [];
  const nameservers = strs(config['nameservers']);
  if (nameservers.length > 3)
    errs.push(fieldInvalid(path.child('nameservers'), nameservers, 'must not have more than 3 nameservers'));
  nameservers.forEach((ns, i) => errs.push(...isValidIP(path.child('nameservers').index(i), ns)));
  const searches = strs(config['searches']);
  if (searches.length > 32)
    errs.push(fieldInvalid(path.child('searches'), searches, 'must not have more than 32 search paths'));
  if (searches.join(' ').length > 2048) {
    errs.push(
      fieldInvalid(
        path.child('searches'),
        searches,
        'must not have more than 2048 characters (including spaces) in the search list',
      ),
    );
  }
  searches.forEach((s, i) =>
    errs.push(
      ...validateDNS1123Subdomain(s.endsWith('.') ? s.slice(0, -1) : s, path.child('searches').index(i)),
    ),
  );
  objs(config['options']).forEach((o, i) => {
    if (!str(o['name'])) errs.push(fieldRequired(path.child('options').index(i), 'must not be empty'));
  });
  return errs;
}

function validateHostNetworkDeps(spec: Json, isPod: boolean, path: FieldPath): FieldError[] {
  if (spec['hostNetwork'] !== true) return [];
  const errs: FieldError[] = [];
  objs(spec['containers']).forEach((c, i) => {
    objs(c['ports']).forEach((port, j) => {
      const hp = typeof port['hostPort'] === 'number' ? port['hostPort'] : 0;
      const cp = typeof port['containerPort'] === 'number' ? port['containerPort'] : 0;
      if ((isPod || hp !== 0) && hp !== cp) {
        errs.push(
          fieldInvalid(
            path.child('containers').index(i).child('ports').index(j).child('hostPort'),
            hp,
            'must match `containerPort` when `hostNetwork` is true',
          ),
        );
      }
    });
  });
  return errs;
}

function validateImagePullSecrets(secrets: readonly Json[], path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  secrets.forEach((s, i) => {
    if (Object.keys(s).some((k) => k !== 'name'))
      errs.push(fieldInvalid(path.index(i), s, 'only name may be set'));
  });
  return errs;
}

function validateSchedulingGates(gates: readonly Json[], path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  gates.forEach((g, i) => {
    const name = str(g['name']);
    errs.push(...validateQualifiedName(name, path.index(i)));
    if (seen.has(name)) errs.push(fieldDuplicate(path.index(i), name));
    seen.add(name);
  });
  return errs;
}

function validateHostUsers(spec: Json, path: FieldPath): FieldError[] {
  if (spec['hostUsers'] !== false) return [];
  const errs: FieldError[] = [];
  if (spec['hostNetwork'] === true)
    errs.push(fieldForbidden(path.child('hostNetwork'), 'when `pod.Spec.HostUsers` is false'));
  if (spec['hostPID'] === true)
    errs.push(fieldForbidden(path.child('HostPID'), 'when `pod.Spec.HostUsers` is false'));
  if (spec['hostIPC'] === true)
    errs.push(fieldForbidden(path.child('HostIPC'), 'when `pod.Spec.HostUsers` is false'));
  return errs;
}

/** Every container of a spec with its path (VisitContainersWithPath's order). */
function allContainers(spec: Json, path: FieldPath): [Json, FieldPath][] {
  const out: [Json, FieldPath][] = [];
  for (const kind of ['initContainers', 'containers', 'ephemeralContainers']) {
    objs(spec[kind]).forEach((c, i) => out.push([c, path.child(kind).index(i)]));
  }
  return out;
}

function validateOS(spec: Json, path: FieldPath): FieldError[] {
  const os = obj(spec['os']);
  if (!os) return [];
  const name = str(os['name']);
  if (!name) return [fieldRequired(path.child('os').child('name'), 'cannot be empty')];
  if (name !== 'linux' && name !== 'windows')
    return [fieldNotSupported(path.child('os'), name, ['linux', 'windows'])];
  const errs: FieldError[] = [];
  const sc = obj(spec['securityContext']) ?? {};
  if (name === 'linux') {
    if (obj(sc['windowsOptions']))
      errs.push(
        fieldForbidden(
          path.child('securityContext').child('windowsOptions'),
          'windows options cannot be set for a linux pod',
        ),
      );
    for (const [c, p] of allContainers(spec, path)) {
      if (obj(obj(c['securityContext'])?.['windowsOptions'])) {
        errs.push(
          fieldForbidden(
            p.child('securityContext').child('windowsOptions'),
            'windows options cannot be set for a linux pod',
          ),
        );
      }
    }
    return errs;
  }
  const forbid = (p: FieldPath): void => void errs.push(fieldForbidden(p, 'cannot be set for a windows pod'));
  const scp = path.child('securityContext');
  for (const f of ['appArmorProfile', 'seLinuxOptions']) if (sc[f] != null) forbid(scp.child(f));
  if (spec['hostUsers'] != null) forbid(path.child('hostUsers'));
  if (spec['hostPID'] === true) forbid(path.child('hostPID'));
  if (spec['hostIPC'] === true) forbid(path.child('hostIPC'));
  for (const f of ['seccompProfile', 'fsGroup', 'fsGroupChangePolicy'])
    if (sc[f] != null) forbid(scp.child(f));
  if (objs(sc['sysctls']).length > 0) forbid(scp.child('sysctls'));
  if (spec['shareProcessNamespace'] != null) forbid(path.child('shareProcessNamespace'));
  for (const f of [
    'runAsUser',
    'runAsGroup',
    'supplementalGroups',
    'supplementalGroupsPolicy',
    'seLinuxChangePolicy',
  ]) {
    if (sc[f] != null) forbid(scp.child(f));
  }
  for (const [c, p] of allContainers(spec, path)) {
    const csc = obj(c['securityContext']);
    if (!csc) continue;
    for (const f of [
      'appArmorProfile',
      'seLinuxOptions',
      'seccompProfile',
      'capabilities',
      'readOnlyRootFilesystem',
      'privileged',
      'allowPrivilegeEscalation',
      'procMount',
      'runAsUser',
      'runAsGroup',
    ]) {
      if (csc[f] != null) forbid(p.child('securityContext').child(f));
    }
  }
  return errs;
}

/** Upstream's ValidatePodSpec. */
export function validatePodSpec(spec: Json, opts: PodSpecOptions, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const gracePeriod = optNum(spec['terminationGracePeriodSeconds']);
  if (gracePeriod === undefined) errs.push(fieldRequired(path.child('terminationGracePeriodSeconds')));
  const hostUsers = spec['hostUsers'] !== false;
  const vols = validateVolumes(objs(spec['volumes']), opts.podName, opts.isPod, path.child('volumes'));
  errs.push(...vols.errors);
  const claims = objs(spec['resourceClaims']);
  const claimNames = new Set(claims.map((c) => str(c['name'])).filter((n) => n !== ''));
  errs.push(...validatePodResourceClaims(claims, path.child('resourceClaims')));
  const ctx: ContainerContext = {
    volumes: vols.volumes,
    podClaimNames: claimNames,
    gracePeriod,
    restartPolicy: str(spec['restartPolicy']),
    hostUsers,
  };
  const containers = objs(spec['containers']);
  const inits = objs(spec['initContainers']);
  errs.push(...validateContainers(containers, ctx, path.child('containers')));
  errs.push(...validateInitContainers(inits, containers, ctx, path.child('initContainers')));
  errs.push(
    ...validateEphemeralContainers(
      objs(spec['ephemeralContainers']),
      containers,
      inits,
      ctx,
      path.child('ephemeralContainers'),
    ),
  );
  errs.push(...validateHostNetworkDeps(spec, opts.isPod, path));
  errs.push(...validateRestartPolicy(str(spec['restartPolicy']), path.child('restartPolicy')));
  errs.push(...validateDNSPolicy(str(spec['dnsPolicy']), path.child('dnsPolicy')));
  errs.push(...validateLabelsMap(strMap(spec['nodeSelector']), path.child('nodeSelector')));
  errs.push(...validatePodSecurityContext(spec, path, path.child('securityContext')));
  errs.push(...validateImagePullSecrets(objs(spec['imagePullSecrets']), path.child('imagePullSecrets')));
  const affinity = obj(spec['affinity']);
  if (affinity) errs.push(...validateAffinity(affinity, path.child('affinity')));
  errs.push(...validateDNSConfig(obj(spec['dnsConfig']), str(spec['dnsPolicy']), path.child('dnsConfig')));
  objs(spec['readinessGates']).forEach((g, i) => {
    errs.push(
      ...validateQualifiedName(
        str(g['conditionType']),
        path.child('readinessGates').index(i).child('conditionType'),
      ),
    );
  });
  errs.push(...validateSchedulingGates(objs(spec['schedulingGates']), path.child('schedulingGates')));
  errs.push(
    ...validateTopologySpreadConstraints(
      objs(spec['topologySpreadConstraints']),
      path.child('topologySpreadConstraints'),
    ),
  );
  errs.push(...validateHostUsers(spec, path));
  for (const field of ['serviceAccountName', 'nodeName'] as const) {
    const v = str(spec[field]);
    if (v) for (const msg of isDNS1123Subdomain(v)) errs.push(fieldInvalid(path.child(field), v, msg));
  }
  const deadline = optNum(spec['activeDeadlineSeconds']);
  if (deadline !== undefined && (deadline < 1 || deadline > 2147483647)) {
    errs.push(
      fieldInvalid(path.child('activeDeadlineSeconds'), deadline, inclusiveRangeError(1, 2147483647)),
    );
  }
  for (const field of ['hostname', 'subdomain'] as const) {
    const v = str(spec[field]);
    if (v) errs.push(...validateDNS1123Label(v, path.child(field)));
  }
  errs.push(...validateTolerations(objs(spec['tolerations']), path.child('tolerations')));
  objs(spec['hostAliases']).forEach((a, i) => {
    const p = path.child('hostAliases').index(i);
    errs.push(...isValidIP(p.child('ip'), str(a['ip'])));
    strs(a['hostnames']).forEach((h, j) =>
      errs.push(...validateDNS1123Subdomain(h, p.child('hostnames').index(j))),
    );
  });
  const priorityClass = str(spec['priorityClassName']);
  if (priorityClass)
    for (const msg of isDNS1123Subdomain(priorityClass))
      errs.push(fieldInvalid(path.child('priorityClassName'), priorityClass, msg));
  const runtimeClass = optStr(spec['runtimeClassName']);
  if (runtimeClass !== undefined)
    errs.push(...validateDNS1123Subdomain(runtimeClass, path.child('runtimeClassName')));
  const preemption = optStr(spec['preemptionPolicy']);
  if (preemption !== undefined)
    errs.push(...validatePreemptionPolicy(preemption, path.child('preemptionPolicy')));
  const overhead = obj(spec['overhead']);
  if (overhead)
    errs.push(
      ...validateResourceRequirements(
        { limits: overhead },
        validateContainerResourceName,
        new Set(),
        path.child('overhead'),
      ),
    );
  errs.push(...validateOS(spec, path));
  return errs;
}

/** Upstream's ValidatePreemptionPolicy. */
export function validatePreemptionPolicy(policy: string, path: FieldPath): FieldError[] {
  if (policy === 'PreemptLowerPriority' || policy === 'Never') return [];
  if (policy === '') return [fieldRequired(path)];
  return [fieldNotSupported(path, policy, ['PreemptLowerPriority', 'Never'])];
}

function validatePodResourceClaims(claims: readonly Json[], path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  claims.forEach((claim, i) => {
    const p = path.index(i);
    const name = str(claim['name']);
    if (!name) errs.push(fieldRequired(p.child('name')));
    else if (names.has(name)) errs.push(fieldDuplicate(p.child('name'), name));
    else {
      errs.push(...validateDNS1123Label(name, p.child('name')));
      names.add(name);
    }
    const byName = optStr(claim['resourceClaimName']);
    const byTemplate = optStr(claim['resourceClaimTemplateName']);
    if (byName !== undefined && byTemplate !== undefined) {
      errs.push(
        fieldInvalid(
          p,
          claim,
          'at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified',
        ),
      );
    }
    if (byName === undefined && byTemplate === undefined) {
      errs.push(
        fieldInvalid(p, claim, 'must specify one of: `resourceClaimName`, `resourceClaimTemplateName`'),
      );
    }
  });
  return errs;
}

/** Seccomp and AppArmor fields must agree with the legacy annotations when both are set. */
export function validateSecurityAnnotationsMatch(
  annotations: Readonly<Record<string, string>>,
  spec: Json,
  path: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const seccompMatch = (annotation: string, profile: Json, p: FieldPath): void => {
    const type = str(profile['type']);
    const local = optStr(profile['localhostProfile']);
    if (type === 'Unconfined' && annotation !== 'unconfined')
      errs.push(fieldForbidden(p.child('type'), 'seccomp type in annotation and field must match'));
    if (type === 'RuntimeDefault' && annotation !== 'runtime/default' && annotation !== 'docker/default') {
      errs.push(fieldForbidden(p.child('type'), 'seccomp type in annotation and field must match'));
    }
    if (type === 'Localhost') {
      if (!annotation.startsWith('localhost/'))
        errs.push(fieldForbidden(p.child('type'), 'seccomp type in annotation and field must match'));
      else if (local === undefined || annotation.slice('localhost/'.length) !== local) {
        errs.push(
          fieldForbidden(p.child('localhostProfile'), 'seccomp profile in annotation and field must match'),
        );
      }
    }
  };
  const podProfile = obj(obj(spec['securityContext'])?.['seccompProfile']);
  const podAnnotation = annotations['seccomp.security.alpha.kubernetes.io/pod'];
  if (podProfile && podAnnotation !== undefined)
    seccompMatch(podAnnotation, podProfile, path.child('securityContext').child('seccompProfile'));
  for (const [c, p] of allContainers(spec, path)) {
    const profile = obj(obj(c['securityContext'])?.['seccompProfile']);
    const annotation = annotations[`container.seccomp.security.alpha.kubernetes.io/${str(c['name'])}`];
    if (profile && annotation !== undefined)
      seccompMatch(annotation, profile, p.child('securityContext').child('seccompProfile'));
  }
  return errs;
}

// The restricted Pod Security Standard checks (k8s.io/pod-security-admission/policy); several
// replace a baseline check for restricted namespaces, and several exempt Windows pods from v1.25.

import type { PodSpec } from 'kubernetes-types/core/v1.js';
import { validSeccompType, type CheckDefinition } from './baseline-checks.js';
import {
  ALLOWED,
  containersPhrase,
  isWindowsPod,
  joinQuote,
  pluralize,
  sortedSet,
  visitContainers,
  type CheckPod,
  type CheckResult,
  type PodMetadata,
} from './check-helpers.js';

function exemptWindows(check: CheckPod): CheckPod {
  return (m, spec) => (isWindowsPod(spec) ? ALLOWED : check(m, spec));
}

function allowPrivilegeEscalation(_m: PodMetadata, spec: PodSpec): CheckResult {
  const bad: string[] = [];
  visitContainers(spec, (c) => {
    if (c.securityContext?.allowPrivilegeEscalation !== false) bad.push(c.name);
  });
  if (!bad.length) return ALLOWED;
  return {
    allowed: false,
    reason: 'allowPrivilegeEscalation != false',
    detail: `${containersPhrase(bad)} must set securityContext.allowPrivilegeEscalation=false`,
  };
}

function capabilitiesRestricted(_m: PodMetadata, spec: PodSpec): CheckResult {
  const missingDrop: string[] = [];
  const adding: string[] = [];
  const forbidden = new Set<string>();
  visitContainers(spec, (c) => {
    const caps = c.securityContext?.capabilities;
    if (!caps) return void missingDrop.push(c.name);
    if (!(caps.drop ?? []).includes('ALL')) missingDrop.push(c.name);
    const extra = (caps.add ?? []).filter((x) => x !== 'NET_BIND_SERVICE');
    if (extra.length) {
      adding.push(c.name);
      extra.forEach((x) => forbidden.add(x));
    }
  });
  const details: string[] = [];
  if (missingDrop.length)
    details.push(`${containersPhrase(missingDrop)} must set securityContext.capabilities.drop=["ALL"]`);
  if (adding.length)
    details.push(
      `${containersPhrase(adding)} must not include ${joinQuote(sortedSet(forbidden))} in securityContext.capabilities.add`,
    );
  return details.length
    ? { allowed: false, reason: 'unrestricted capabilities', detail: details.join('; ') }
    : ALLOWED;
}

const restrictedVolumeFields: readonly [string, string][] = [
  ['hostPath', 'hostPath'],
  ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'],
  ['gitRepo', 'gitRepo'],
  ['nfs', 'nfs'],
  ['iscsi', 'iscsi'],
  ['glusterfs', 'glusterfs'],
  ['rbd', 'rbd'],
  ['flexVolume', 'flexVolume'],
  ['cinder', 'cinder'],
  ['cephfs', 'cephfs'],
  ['flocker', 'flocker'],
  ['fc', 'fc'],
  ['azureFile', 'azureFile'],
  ['vsphereVolume', 'vsphereVolume'],
  ['quobyte', 'quobyte'],
  ['azureDisk', 'azureDisk'],
  ['photonPersistentDisk', 'photonPersistentDisk'],
  ['portworxVolume', 'portworxVolume'],
  ['scaleIO', 'scaleIO'],
  ['storageos', 'storageos'],
];
const allowedVolumeFields = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

function restrictedVolumes(_m: PodMetadata, spec: PodSpec): CheckResult {
  const bad: string[] = [];
  const types = new Set<string>();
  for (const v of spec.volumes ?? []) {
    const fields = v as unknown as Record<string, unknown>;
    if (allowedVolumeFields.some((f) => fields[f] != null)) continue;
    bad.push(v.name);
    types.add(restrictedVolumeFields.find(([f]) => fields[f] != null)?.[1] ?? 'unknown');
  }
  if (!bad.length) return ALLOWED;
  return {
    allowed: false,
    reason: 'restricted volume types',
    detail:
      `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)} ${pluralize('uses', 'use', bad.length)} ` +
      `${pluralize('restricted volume type', 'restricted volume types', types.size)} ${joinQuote(sortedSet(types))}`,
  };
}

function runAsNonRoot(_m: PodMetadata, spec: PodSpec): CheckResult {
  const setters: string[] = [];
  let podNonRoot = false;
  const pod = spec.securityContext?.runAsNonRoot;
  if (pod === false) setters.push('pod');
  else if (pod === true) podNonRoot = true;
  const explicit: string[] = [];
  const implicit: string[] = [];
  visitContainers(spec, (c) => {
    const v = c.securityContext?.runAsNonRoot;
    if (v === false) explicit.push(c.name);
    else if (v === undefined && !podNonRoot) implicit.push(c.name);
  });
  if (explicit.length) setters.push(containersPhrase(explicit));
  if (setters.length) {
    return {
      allowed: false,
      reason: 'runAsNonRoot != true',
      detail: `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false`,
    };
  }
  if (implicit.length) {
    return {
      allowed: false,
      reason: 'runAsNonRoot != true',
      detail: `pod or ${containersPhrase(implicit)} must set securityContext.runAsNonRoot=true`,
    };
  }
  return ALLOWED;
}

function runAsUser(_m: PodMetadata, spec: PodSpec): CheckResult {
  const setters: string[] = [];
  if (spec.securityContext?.runAsUser === 0) setters.push('pod');
  const bad: string[] = [];
  visitContainers(spec, (c) => {
    if (c.securityContext?.runAsUser === 0) bad.push(c.name);
  });
  if (bad.length) setters.push(containersPhrase(bad));
  return setters.length
    ? { allowed: false, reason: 'runAsUser=0', detail: `${setters.join(' and ')} must not set runAsUser=0` }
    : ALLOWED;
}

function seccompRestricted(_m: PodMetadata, spec: PodSpec): CheckResult {
  const setters: string[] = [];
  const values = new Set<string>();
  let podSet = false;
  const pod = spec.securityContext?.seccompProfile;
  if (pod) {
    if (!validSeccompType(pod.type)) {
      setters.push('pod');
      values.add(pod.type ?? '');
    } else podSet = true;
  }
  const explicit: string[] = [];
  const implicit: string[] = [];
  visitContainers(spec, (c) => {
    const p = c.securityContext?.seccompProfile;
    if (p) {
      if (!validSeccompType(p.type)) {
        explicit.push(c.name);
        values.add(p.type ?? '');
      }
    } else if (!podSet) implicit.push(c.name);
  });
  if (explicit.length) setters.push(containersPhrase(explicit));
  if (setters.length) {
    return {
      allowed: false,
      reason: 'seccompProfile',
      detail: `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(values))}`,
    };
  }
  if (implicit.length) {
    return {
      allowed: false,
      reason: 'seccompProfile',
      detail: `pod or ${containersPhrase(implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
    };
  }
  return ALLOWED;
}

/** Every restricted check, as upstream registers them. */
export const restrictedChecks: readonly CheckDefinition[] = [
  {
    id: 'allowPrivilegeEscalation',
    level: 'restricted',
    versions: [
      { minor: 8, check: allowPrivilegeEscalation },
      { minor: 25, check: exemptWindows(allowPrivilegeEscalation) },
    ],
  },
  {
    id: 'capabilities_restricted',
    level: 'restricted',
    versions: [
      { minor: 22, check: capabilitiesRestricted, overrides: ['capabilities_baseline'] },
      { minor: 25, check: exemptWindows(capabilitiesRestricted), overrides: ['capabilities_baseline'] },
    ],
  },
  {
    id: 'restrictedVolumes',
    level: 'restricted',
    versions: [{ minor: 0, check: restrictedVolumes, overrides: ['hostPathVolumes'] }],
  },
  { id: 'runAsNonRoot', level: 'restricted', versions: [{ minor: 0, check: runAsNonRoot }] },
  { id: 'runAsUser', level: 'restricted', versions: [{ minor: 23, check: runAsUser }] },
  {
    id: 'seccompProfile_restricted',
    level: 'restricted',
    versions: [
      { minor: 19, check: seccompRestricted, overrides: ['seccompProfile_baseline'] },
      { minor: 25, check: exemptWindows(seccompRestricted), overrides: ['seccompProfile_baseline'] },
    ],
  },
];

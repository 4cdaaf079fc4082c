// The baseline Pod Security Standard checks (k8s.io/pod-security-admission/policy), each with its
// upstream id, minimum versions and messages.

import type { Container, PodSpec, SELinuxOptions } from 'kubernetes-types/core/v1.js';
import {
  ALLOWED,
  containersPhrase,
  joinQuote,
  pluralize,
  sortedSet,
  visitContainers,
  type CheckPod,
  type CheckResult,
  type PodMetadata,
} from './check-helpers.js';

/** A check with its versions (each applies from its minor version up to the next one's). */
export interface CheckDefinition {
  readonly id: string;
  readonly level: 'baseline' | 'restricted';
  readonly versions: readonly {
    readonly minor: number;
    readonly check: CheckPod;
    readonly overrides?: readonly string[];
  }[];
}

function windowsHostProcess(_m: PodMetadata, spec: PodSpec): CheckResult {
  const bad: string[] = [];
  visitContainers(spec, (c) => {
    if (c.securityContext?.windowsOptions?.hostProcess === true) bad.push(c.name);
  });
  const setters: string[] = [];
  if (spec.securityContext?.windowsOptions?.hostProcess === true) setters.push('pod');
  if (bad.length) setters.push(containersPhrase(bad));
  if (!setters.length) return ALLOWED;
  return {
    allowed: false,
    reason: 'hostProcess',
    detail: `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`,
  };
}

function hostNamespaces(_m: PodMetadata, spec: PodSpec): CheckResult {
  const set: string[] = [];
  if (spec.hostNetwork) set.push('hostNetwork=true');
  if (spec.hostPID) set.push('hostPID=true');
  if (spec.hostIPC) set.push('hostIPC=true');
  return set.length ? { allowed: false, reason: 'host namespaces', detail: set.join(', ') } : ALLOWED;
}

function privileged(_m: PodMetadata, spec: PodSpec): CheckResult {
  const bad: string[] = [];
  visitContainers(spec, (c) => {
    if (c.securityContext?.privileged === true) bad.push(c.name);
  });
  return bad.length
    ? {
        allowed: false,
        reason: 'privileged',
        detail: `${containersPhrase(bad)} must not set securityContext.privileged=true`,
      }
    : ALLOWED;
}

const defaultCapabilities = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

function capabilitiesBaseline(_m: PodMetadata, spec: PodSpec): CheckResult {
  const bad: string[] = [];
  const caps: string[] = [];
  visitContainers(spec, (c) => {
    const add = c.securityContext?.capabilities?.add ?? [];
    const extra = add.filter((x) => !defaultCapabilities.has(x));
    if (extra.length) {
      bad.push(c.name);
      caps.push(...extra);
    }
  });
  if (!bad.length) return ALLOWED;
  return {
    allowed: false,
    reason: 'non-default capabilities',
    detail: `${containersPhrase(bad)} must not include ${joinQuote(sortedSet(caps))} in securityContext.capabilities.add`,
  };
}

function hostPathVolumes(_m: PodMetadata, spec: PodSpec): CheckResult {
  const vols = (spec.volumes ?? []).filter((v) => v.hostPath).map((v) => v.name);
  if (!vols.length) return ALLOWED;
  return {
    allowed: false,
    reason: 'hostPath volumes',
    detail: `${pluralize('volume', 'volumes', vols.length)} ${joinQuote(vols)}`,
  };
}

function hostPorts(_m: PodMetadata, spec: PodSpec): CheckResult {
  const bad: string[] = [];
  const ports = new Set<number>();
  visitContainers(spec, (c) => {
    const used = (c.ports ?? []).filter((p) => (p.hostPort ?? 0) !== 0);
    for (const p of used) ports.add(p.hostPort!);
    if (used.length) bad.push(c.name);
  });
  if (!bad.length) return ALLOWED;
  // Go sorts the port strings, not the numbers.
  const list = [...ports].map(String).sort();
  return {
    allowed: false,
    reason: 'hostPort',
    detail: `${containersPhrase(bad)} ${pluralize('uses', 'use', bad.length)} ${pluralize('hostPort', 'hostPorts', list.length)} ${list.join(', ')}`,
  };
}

function appArmorProfile(meta: PodMetadata, spec: PodSpec): CheckResult {
  const allowedType = (t: string | undefined) => t === 'RuntimeDefault' || t === 'Localhost';
  const setters: string[] = [];
  const badValues = new Set<string>();
  const podProfile = spec.securityContext?.appArmorProfile;
  if (podProfile && !allowedType(podProfile.type)) {
    setters.push('pod');
    badValues.add(podProfile.type ?? '');
  }
  const bad: string[] = [];
  visitContainers(spec, (c) => {
    const p = c.securityContext?.appArmorProfile;
    if (p && !allowedType(p.type)) {
      bad.push(c.name);
      badValues.add(p.type ?? '');
    }
  });
  if (bad.length) setters.push(containersPhrase(bad));
  const values = sortedSet(badValues);
  const annotations: string[] = [];
  for (const [k, v] of Object.entries(meta.annotations ?? {})) {
    if (
      k.startsWith('container.apparmor.security.beta.kubernetes.io/') &&
      !(v === '' || v === 'runtime/default' || v.startsWith('localhost/'))
    ) {
      annotations.push(`${k}=${JSON.stringify(v)}`);
    }
  }
  if (annotations.length) {
    values.push(...annotations.sort());
    setters.push(pluralize('annotation', 'annotations', annotations.length));
  }
  if (!setters.length) return ALLOWED;
  return {
    allowed: false,
    reason: pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', values.length),
    detail: `${setters.join(' and ')} must not set AppArmor profile type to ${joinQuote(values)}`,
  };
}

function seLinuxOptions(allowedTypes: ReadonlySet<string>): CheckPod {
  return (_m, spec) => {
    const setters: string[] = [];
    const badTypes = new Set<string>();
    let setUser = false;
    let setRole = false;
    const valid = (o: SELinuxOptions) => {
      let ok = true;
      if (!allowedTypes.has(o.type ?? '')) {
        ok = false;
        badTypes.add(o.type ?? '');
      }
      if (o.user) [ok, setUser] = [false, true];
      if (o.role) [ok, setRole] = [false, true];
      return ok;
    };
    if (spec.securityContext?.seLinuxOptions && !valid(spec.securityContext.seLinuxOptions))
      setters.push('pod');
    const bad: string[] = [];
    visitContainers(spec, (c) => {
      if (c.securityContext?.seLinuxOptions && !valid(c.securityContext.seLinuxOptions)) bad.push(c.name);
    });
    if (bad.length) setters.push(containersPhrase(bad));
    if (!setters.length) return ALLOWED;
    const data: string[] = [];
    if (badTypes.size)
      data.push(`${pluralize('type', 'types', badTypes.size)} ${joinQuote(sortedSet(badTypes))}`);
    if (setUser) data.push('user may not be set');
    if (setRole) data.push('role may not be set');
    return {
      allowed: false,
      reason: 'seLinuxOptions',
      detail: `${setters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${data.join('; ')}`,
    };
  };
}

function procMount(_m: PodMetadata, spec: PodSpec): CheckResult {
  const bad: string[] = [];
  const types = new Set<string>();
  visitContainers(spec, (c) => {
    const pm = c.securityContext?.procMount;
    if (pm !== undefined && pm !== 'Default') {
      bad.push(c.name);
      types.add(pm);
    }
  });
  if (!bad.length) return ALLOWED;
  return {
    allowed: false,
    reason: 'procMount',
    detail: `${containersPhrase(bad)} must not set securityContext.procMount to ${joinQuote(sortedSet(types))}`,
  };
}

const seccompAnnotationPod = 'seccomp.security.alpha.kubernetes.io/pod';
const seccompAnnotationContainer = 'container.seccomp.security.alpha.kubernetes.io/';

function seccompBaselineAnnotations(meta: PodMetadata, spec: PodSpec): CheckResult {
  const ok = (v: string) => v === 'runtime/default' || v === 'docker/default' || v.startsWith('localhost/');
  const forbidden = new Set<string>();
  const ann = meta.annotations ?? {};
  if (seccompAnnotationPod in ann && !ok(ann[seccompAnnotationPod]!))
    forbidden.add(`${seccompAnnotationPod}=${JSON.stringify(ann[seccompAnnotationPod])}`);
  visitContainers(spec, (c) => {
    const k = seccompAnnotationContainer + c.name;
    if (k in ann && !ok(ann[k]!)) forbidden.add(`${k}=${JSON.stringify(ann[k])}`);
  });
  if (!forbidden.size) return ALLOWED;
  return {
    allowed: false,
    reason: 'seccompProfile',
    detail: `forbidden ${pluralize('annotation', 'annotations', forbidden.size)} ${sortedSet(forbidden).join(', ')}`,
  };
}

/** True for the two seccomp profile types the standards allow. */
export function validSeccompType(t: string | undefined): boolean {
  return t === 'RuntimeDefault' || t === 'Localhost';
}

function seccompBaseline(_m: PodMetadata, spec: PodSpec): CheckResult {
  const setters: string[] = [];
  const values = new Set<string>();
  const pod = spec.securityContext?.seccompProfile;
  if (pod && !validSeccompType(pod.type)) {
    setters.push('pod');
    values.add(pod.type ?? '');
  }
  const bad: string[] = [];
  visitContainers(spec, (c: Container) => {
    const p = c.securityContext?.seccompProfile;
    if (p && !validSeccompType(p.type)) {
      bad.push(c.name);
      values.add(p.type ?? '');
    }
  });
  if (bad.length) setters.push(containersPhrase(bad));
  if (!setters.length) return ALLOWED;
  return {
    allowed: false,
    reason: 'seccompProfile',
    detail: `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(values))}`,
  };
}

const sysctls10 = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
];
const sysctls127 = [...sysctls10, 'net.ipv4.ip_local_reserved_ports'];
const sysctls129 = [
  ...sysctls127,
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
const sysctls132 = [...sysctls129, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];

function sysctls(allowed: readonly string[]): CheckPod {
  const set = new Set(allowed);
  return (_m, spec) => {
    const bad = (spec.securityContext?.sysctls ?? []).map((s) => s.name).filter((n) => !set.has(n));
    return bad.length ? { allowed: false, reason: 'forbidden sysctls', detail: bad.join(', ') } : ALLOWED;
  };
}

const seLinux10 = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
const seLinux131 = new Set([...seLinux10, 'container_engine_t']);

/** Every baseline check, as upstream registers them. */
export const baselineChecks: readonly CheckDefinition[] = [
  { id: 'appArmorProfile', level: 'baseline', versions: [{ minor: 0, check: appArmorProfile }] },
  { id: 'capabilities_baseline', level: 'baseline', versions: [{ minor: 0, check: capabilitiesBaseline }] },
  { id: 'hostNamespaces', level: 'baseline', versions: [{ minor: 0, check: hostNamespaces }] },
  { id: 'hostPathVolumes', level: 'baseline', versions: [{ minor: 0, check: hostPathVolumes }] },
  { id: 'hostPorts', level: 'baseline', versions: [{ minor: 0, check: hostPorts }] },
  { id: 'privileged', level: 'baseline', versions: [{ minor: 0, check: privileged }] },
  { id: 'procMount', level: 'baseline', versions: [{ minor: 0, check: procMount }] },
  {
    id: 'seLinuxOptions',
    level: 'baseline',
    versions: [
      { minor: 0, check: seLinuxOptions(seLinux10) },
      { minor: 31, check: seLinuxOptions(seLinux131) },
    ],
  },
  {
    id: 'seccompProfile_baseline',
    level: 'baseline',
    versions: [
      { minor: 0, check: seccompBaselineAnnotations },
      { minor: 19, check: seccompBaseline },
    ],
  },
  {
    id: 'sysctls',
    level: 'baseline',
    versions: [
      { minor: 0, check: sysctls(sysctls10) },
      { minor: 27, check: sysctls(sysctls127) },
      { minor: 29, check: sysctls(sysctls129) },
      { minor: 32, check: sysctls(sysctls132) },
    ],
  },
  { id: 'windowsHostProcess', level: 'baseline', versions: [{ minor: 0, check: windowsHostProcess }] },
];

// A pod's CRI sandbox config (upstream's generatePodSandboxConfig): metadata with the attempt,
// hostname (none on the host network: the runtime keeps the node's), log directory, DNS, hostPorts
// as port mappings, io.kubernetes.* labels, and the Linux part (cgroup parent by QoS class,
// namespaces, security, sysctls). CreateContainer needs the same object again, so it must come out
// the same for the same pod and attempt.
import path from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodSandboxConfig, PortMapping, Protocol } from '../cri/runtime-service.js';
import { podDnsConfig, type NodeDnsSettings } from './dns-config.js';
import { sandboxAnnotations, sandboxLabels } from './runtime-labels.js';
import { sandboxSecurityContext } from './security-context.js';

/** Node-wide settings sandbox configs depend on. */
export interface SandboxSettings {
  /** Where pod log directories go (upstream /var/log/pods). */
  readonly podLogsRoot: string;
  readonly dns: NodeDnsSettings;
}

/** The directory holding a pod's container logs: <root>/<namespace>_<name>_<uid>. */
export function podLogDirectory(root: string, pod: Pod): string {
  const m = pod.metadata ?? {};
  return path.join(root, `${m.namespace ?? ''}_${m.name ?? ''}_${m.uid ?? ''}`);
}

/** The pod's hostname: spec.hostname or its name, cut to 63 characters without a trailing '-' or '.'. */
export function podHostname(pod: Pod): string {
  const name = pod.spec?.hostname || pod.metadata?.name || '';
  if (name.length <= 63) return name;
  return name.slice(0, 63).replace(/[-.]+$/, '');
}

/** The pod's DNS domain: <subdomain>.<namespace>.svc.<clusterDomain> when it has a subdomain, else ''. */
export function podDomain(pod: Pod, clusterDomain: string): string {
  const sub = pod.spec?.subdomain;
  return sub ? `${sub}.${pod.metadata?.namespace ?? ''}.svc.${clusterDomain}` : '';
}

// The kernel's nodename field holds 64 characters (upstream's GetNodenameForKernel).
const maxKernelHostname = 64;

/**
 * The hostname the pod's UTS namespace gets: its hostname, or its FQDN with setHostnameAsFQDN and a
 * subdomain. Throws (upstream's message) when that FQDN does not fit the kernel's nodename.
 */
export function podKernelHostname(pod: Pod, clusterDomain: string): string {
  const hostname = podHostname(pod);
  const domain = podDomain(pod, clusterDomain);
  if (domain === '' || pod.spec?.setHostnameAsFQDN !== true) return hostname;
  const fqdn = `${hostname}.${domain}`;
  if (fqdn.length > maxKernelHostname)
    throw new Error(
      `failed to construct FQDN from pod hostname and cluster domain, FQDN ${fqdn} is too long (${maxKernelHostname} characters is the max, ${fqdn.length} characters requested)`,
    );
  return fqdn;
}

/** The hostPorts of every container as CRI port mappings. */
export function podPortMappings(pod: Pod): PortMapping[] {
  const out: PortMapping[] = [];
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort) continue;
      out.push({
        protocol: (p.protocol ?? 'TCP') as Protocol,
        containerPort: p.containerPort,
        hostPort: p.hostPort,
        ...(p.hostIP ? { hostIp: p.hostIP } : {}),
      });
    }
  }
  return out;
}

/**
 * The sandbox config for `pod` at `attempt` in `cgroupParent`, and whether ClusterFirst DNS had to
 * fall back. Throws when the pod's hostname cannot be built (podKernelHostname).
 */
export function podSandboxConfig(
  pod: Pod,
  attempt: number,
  cgroupParent: string,
  settings: SandboxSettings,
): { config: PodSandboxConfig; missingClusterDns: boolean } {
  const m = pod.metadata ?? {};
  const dns = podDnsConfig(pod, settings.dns);
  const sysctls: Record<string, string> = {};
  for (const s of pod.spec?.securityContext?.sysctls ?? []) sysctls[s.name] = s.value;
  const config: PodSandboxConfig = {
    metadata: { name: m.name ?? '', uid: m.uid ?? '', namespace: m.namespace ?? '', attempt },
    // On the host network the pod shares the node's UTS namespace, where the runtime may not set a name.
    ...(pod.spec?.hostNetwork ? {} : { hostname: podKernelHostname(pod, settings.dns.clusterDomain) }),
    logDirectory: podLogDirectory(settings.podLogsRoot, pod),
    dnsConfig: dns.config,
    portMappings: podPortMappings(pod),
    labels: sandboxLabels(pod),
    annotations: sandboxAnnotations(pod),
    linux: {
      cgroupParent,
      securityContext: sandboxSecurityContext(pod),
      sysctls,
    },
  };
  return { config, missingClusterDns: dns.missingClusterDns };
}

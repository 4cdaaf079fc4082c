// A pod's CRI sandbox config (upstream's generatePodSandboxConfig): metadata with the attempt,
// hostname, log directory, DNS, hostPorts as port mappings, io.kubernetes.* labels, and the Linux
// part (cgroup parent by QoS class, namespaces, security, sysctls). CreateContainer needs the same
// object again, so it must come out the same for the same pod and attempt.
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
  /** The node's host name (a hostNetwork pod's hostname). */
  readonly nodeHostname: string;
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

/** The sandbox config for `pod` at `attempt` in `cgroupParent`, and whether ClusterFirst DNS had to fall back. */
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
    hostname: pod.spec?.hostNetwork ? settings.nodeHostname : podHostname(pod),
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

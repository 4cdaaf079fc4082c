// The kubelet-managed /etc/hosts of a pod (upstream's makeHostsMount): localhost entries, the pod's
// IPs under its hostname (and FQDN with a subdomain), then hostAliases. Written once per pod under
// its directory and bind mounted into each container that does not mount /etc/hosts itself.
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import type { Mount } from '../cri/runtime-service.js';
import { podDir } from '../volumes/pod-volume-paths.js';
import { podHostname } from './sandbox-config.js';

/** The hosts file content for a pod with these IPs. */
export function etcHostsContent(pod: Pod, podIPs: readonly string[], clusterDomain: string): string {
  const lines = [
    '# Kubernetes-managed hosts file.',
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'fe00::0\tip6-mcastprefix',
    'fe00::1\tip6-allnodes',
    'fe00::2\tip6-allrouters',
  ];
  const hostname = podHostname(pod);
  const sub = pod.spec?.subdomain;
  const names = sub
    ? `${hostname}.${sub}.${pod.metadata?.namespace ?? ''}.svc.${clusterDomain}\t${hostname}`
    : hostname;
  for (const ip of podIPs) lines.push(`${ip}\t${names}`);
  const aliases = pod.spec?.hostAliases ?? [];
  if (aliases.length > 0) {
    lines.push('', '# Entries added by HostAliases.');
    for (const a of aliases) lines.push(`${a.ip ?? ''}\t${(a.hostnames ?? []).join('\t')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** True when the container gets the managed file: not on the host network, and not mounting /etc/hosts itself. */
export function wantsManagedHosts(pod: Pod, container: Container): boolean {
  if (pod.spec?.hostNetwork) return false;
  return !(container.volumeMounts ?? []).some((m) => m.mountPath === '/etc/hosts');
}

/** Writes the pod's hosts file and returns its mount. */
export async function etcHostsMount(
  rootDir: string,
  pod: Pod,
  podIPs: readonly string[],
  clusterDomain: string,
): Promise<Mount> {
  const dir = podDir(rootDir, pod.metadata?.uid ?? '');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'etc-hosts');
  await writeFile(file, etcHostsContent(pod, podIPs, clusterDomain), { mode: 0o644 });
  return { containerPath: '/etc/hosts', hostPath: file, readonly: false };
}

// The kubelet-managed /etc/hosts of a pod (upstream's makeHostsMount): localhost entries, the pod's
// IPs under its hostname (and FQDN with a subdomain), then hostAliases; for a host-network pod, the
// node's own /etc/hosts followed by the hostAliases. Written once per pod under its directory and
// bind mounted into each container that does not mount /etc/hosts itself.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import type { Mount } from '../cri/runtime-service.js';
import { podDir } from '../volumes/pod-volume-paths.js';
import { podHostname } from './sandbox-config.js';

/** The node's hosts file, which host-network pods see (with their hostAliases added). */
export const nodeHostsFile = '/etc/hosts';

/** The hosts file of a host-network pod: the node's file under upstream's header, then the aliases. */
export function hostNetworkEtcHostsContent(pod: Pod, nodeHosts: string): string {
  return `# Kubernetes-managed hosts file (host network).\n${nodeHosts}${hostAliasesSection(pod)}`;
}

// Upstream's hostsEntriesFromHostAliases: a blank line, a comment, one line per alias IP.
function hostAliasesSection(pod: Pod): string {
  const aliases = pod.spec?.hostAliases ?? [];
  if (aliases.length === 0) return '';
  const lines = aliases.map((a) => `${a.ip ?? ''}\t${(a.hostnames ?? []).join('\t')}\n`);
  return `\n# Entries added by HostAliases.\n${lines.join('')}`;
}

/** The hosts file content for a pod (not on the host network) with these IPs. */
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
  return `${lines.join('\n')}\n${hostAliasesSection(pod)}`;
}

/**
 * True when the container gets the managed file: the pod has IPs (host-network pods have the
 * node's) and the container does not mount /etc/hosts itself.
 */
export function wantsManagedHosts(container: Container, podIPs: readonly string[]): boolean {
  if (podIPs.length === 0) return false;
  return !(container.volumeMounts ?? []).some((m) => m.mountPath === '/etc/hosts');
}

/** Writes the pod's hosts file and returns its mount. */
export async function etcHostsMount(
  rootDir: string,
  pod: Pod,
  podIPs: readonly string[],
  clusterDomain: string,
  hostsFileOfNode: string = nodeHostsFile,
): Promise<Mount> {
  const dir = podDir(rootDir, pod.metadata?.uid ?? '');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'etc-hosts');
  const content = pod.spec?.hostNetwork
    ? hostNetworkEtcHostsContent(pod, await readFile(hostsFileOfNode, 'utf8'))
    : etcHostsContent(pod, podIPs, clusterDomain);
  await writeFile(file, content, { mode: 0o644 });
  return { containerPath: '/etc/hosts', hostPath: file, readonly: false };
}

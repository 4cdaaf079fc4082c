// The kubelet flags `k8ts kubelet`, `k8ts server` and `k8ts agent` share (upstream's names where
// upstream has the flag), and their translation into startContainerdKubelet settings.
import os from 'node:os';
import { isIP } from 'node:net';
import type { ContainerdKubeletOptions } from '../kubelet/containerd-kubelet.js';
import { resolveNodeName } from '../kubelet/node-name.js';
import type { FlagSpec, FlagValues } from './command.js';

/** Flags of a kubelet on containerd. */
export const kubeletRuntimeFlags: Readonly<Record<string, FlagSpec>> = {
  'node-name': { type: 'string', placeholder: 'NAME', description: 'node name (default: the host name)' },
  'hostname-override': { type: 'string', placeholder: 'NAME', description: 'the same as --node-name' },
  'node-ip': {
    type: 'string',
    placeholder: 'IP',
    description: "the node's InternalIP and its pods' hostIP (default 127.0.0.1)",
  },
  'container-runtime-endpoint': {
    type: 'string',
    placeholder: 'PATH',
    description: 'CRI socket of a running containerd (default: start our own under the data dir)',
  },
  'root-dir': {
    type: 'string',
    placeholder: 'DIR',
    description: "pods' volumes and files (default DIR/kubelet)",
  },
  'cluster-dns': {
    type: 'string',
    multiple: true,
    placeholder: 'IP',
    description: "cluster DNS server for pods' ClusterFirst resolv.conf",
  },
  'cluster-domain': {
    type: 'string',
    placeholder: 'DOMAIN',
    description: 'cluster domain (default cluster.local)',
  },
  'cgroup-root': {
    type: 'string',
    placeholder: 'PATH',
    description: 'parent cgroup of kubepods (default /)',
  },
  'pod-infra-container-image': {
    type: 'string',
    placeholder: 'IMAGE',
    description: 'sandbox (pause) image of our containerd (default 127.0.0.1:5000/pause:1)',
  },
  'pod-manifest-path': {
    type: 'string',
    placeholder: 'DIR',
    description: 'static pod manifests (not supported yet: the flag is accepted and ignored)',
  },
};

/** The node name from --node-name / --hostname-override, else the host name. */
export function kubeletNodeName(flags: FlagValues): string {
  const requested = (flags['node-name'] ?? flags['hostname-override']) as string | undefined;
  return resolveNodeName(requested, os.hostname());
}

/** The runtime settings from the flags (everything but client, node name and data dir); throws on bad values. */
export function kubeletRuntimeSettings(
  flags: FlagValues,
): Omit<ContainerdKubeletOptions, 'client' | 'nodeName' | 'dataDir'> {
  const nodeIP = flags['node-ip'] as string | undefined;
  if (nodeIP !== undefined && isIP(nodeIP) === 0)
    throw new Error(`--node-ip must be an IP address, got "${nodeIP}"`);
  const dns = (flags['cluster-dns'] as string[] | undefined)
    ?.flatMap((s) => s.split(','))
    .filter((s) => s !== '');
  for (const ip of dns ?? [])
    if (isIP(ip) === 0) throw new Error(`--cluster-dns must be IP addresses, got "${ip}"`);
  const str = (name: string) => flags[name] as string | undefined;
  return {
    ...(nodeIP !== undefined ? { nodeIP } : {}),
    ...(str('container-runtime-endpoint') !== undefined
      ? { containerRuntimeEndpoint: str('container-runtime-endpoint')!.replace(/^unix:\/\//, '') }
      : {}),
    ...(str('root-dir') !== undefined ? { rootDir: str('root-dir')! } : {}),
    ...(dns !== undefined ? { clusterDns: dns } : {}),
    ...(str('cluster-domain') !== undefined ? { clusterDomain: str('cluster-domain')! } : {}),
    ...(str('cgroup-root') !== undefined ? { cgroupRoot: str('cgroup-root')! } : {}),
    ...(str('pod-infra-container-image') !== undefined
      ? { sandboxImage: str('pod-infra-container-image')! }
      : {}),
  };
}

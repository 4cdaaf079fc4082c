// The kubelet flags `k8ts kubelet`, `k8ts server` and `k8ts agent` share (upstream's names where
// upstream has the flag), and their translation into startContainerdKubelet settings.
import os from 'node:os';
import { isIP } from 'node:net';
import { parseGoDuration } from '../base/go-duration.js';
import type { ContainerdKubeletOptions } from '../kubelet/containerd-kubelet.js';
import { parseThresholdConfig } from '../kubelet/eviction/threshold-config.js';
import type { ImageGcPolicy } from '../kubelet/gc/gc-policy.js';
import type { KubeletEvictionSettings } from '../kubelet/kubelet-eviction.js';
import { containerLogRotationFlags } from '../kubelet/logs/log-rotation-flags.js';
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
    description: 'static pod manifests (a directory, or one file); their mirror pods show in the API',
  },
  'eviction-hard': {
    type: 'string',
    placeholder: 'SIGNAL<VALUE,...',
    description:
      'hard eviction thresholds (default memory.available<100Mi,nodefs.available<10%,imagefs.available<15%,nodefs.inodesFree<5%)',
  },
  'eviction-soft': {
    type: 'string',
    placeholder: 'SIGNAL<VALUE,...',
    description: 'soft eviction thresholds (each needs --eviction-soft-grace-period)',
  },
  'eviction-soft-grace-period': {
    type: 'string',
    placeholder: 'SIGNAL=DURATION,...',
    description: 'how long a soft threshold must hold before pods are evicted',
  },
  'eviction-minimum-reclaim': {
    type: 'string',
    placeholder: 'SIGNAL=VALUE,...',
    description: 'how much more than the threshold an eviction must recover',
  },
  'eviction-pressure-transition-period': {
    type: 'string',
    placeholder: 'DURATION',
    description: 'how long a pressure condition stays after the threshold cleared (default 5m0s)',
  },
  'eviction-max-pod-grace-period': {
    type: 'string',
    placeholder: 'SECONDS',
    description: 'the longest grace period a soft eviction gives a pod (default 0: its own)',
  },
  'image-gc-high-threshold': {
    type: 'string',
    placeholder: 'PERCENT',
    description: 'image disk usage that starts image garbage collection (default 85)',
  },
  'image-gc-low-threshold': {
    type: 'string',
    placeholder: 'PERCENT',
    description: 'image disk usage image garbage collection frees down to (default 80)',
  },
  'container-log-max-size': {
    type: 'string',
    placeholder: 'QUANTITY',
    description: 'size at which a container log is rotated (default 10Mi; negative: never)',
  },
  'container-log-max-files': {
    type: 'string',
    placeholder: 'N',
    description: 'log files kept per container, the live one included (default 5, at least 2)',
  },
};

/** Parses a map flag such as "memory.available<100Mi,nodefs.available<10%" (separator "<" or "="). */
export function parseMapFlag(flag: string, text: string, separator: '<' | '='): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of text.split(',').map((s) => s.trim())) {
    if (item === '') continue;
    const at = item.indexOf(separator);
    if (at <= 0) throw new Error(`--${flag}: malformed pair "${item}", expected KEY${separator}VALUE`);
    out[item.slice(0, at).trim()] = item.slice(at + 1).trim();
  }
  return out;
}

function wholeNumber(flag: string, text: string, max = Infinity): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n > max)
    throw new Error(
      `--${flag} must be a whole number${max < Infinity ? ` up to ${max}` : ''}, got "${text}"`,
    );
  return n;
}

/** The eviction and image GC settings from the flags; throws upstream's errors for bad thresholds. */
export function kubeletResourceSettings(
  flags: FlagValues,
): Pick<ContainerdKubeletOptions, 'eviction' | 'imageGc'> {
  const str = (name: string) => flags[name] as string | undefined;
  const map = (name: string, sep: '<' | '=') => {
    const v = str(name);
    return v !== undefined ? parseMapFlag(name, v, sep) : undefined;
  };
  const hard = map('eviction-hard', '<');
  const soft = map('eviction-soft', '<');
  const softGrace = map('eviction-soft-grace-period', '=');
  const minReclaim = map('eviction-minimum-reclaim', '=');
  const transition = str('eviction-pressure-transition-period');
  const maxGrace = str('eviction-max-pod-grace-period');
  const eviction: KubeletEvictionSettings = {
    ...(hard !== undefined ? { evictionHard: hard } : {}),
    ...(soft !== undefined ? { evictionSoft: soft } : {}),
    ...(softGrace !== undefined ? { evictionSoftGracePeriod: softGrace } : {}),
    ...(minReclaim !== undefined ? { evictionMinimumReclaim: minReclaim } : {}),
    ...(transition !== undefined ? { pressureTransitionPeriodMs: parseGoDuration(transition) } : {}),
    ...(maxGrace !== undefined
      ? { maxPodGracePeriodSeconds: wholeNumber('eviction-max-pod-grace-period', maxGrace) }
      : {}),
  };
  parseThresholdConfig(eviction);
  const high = str('image-gc-high-threshold');
  const low = str('image-gc-low-threshold');
  const imageGc: Partial<ImageGcPolicy> = {
    ...(high !== undefined
      ? { highThresholdPercent: wholeNumber('image-gc-high-threshold', high, 100) }
      : {}),
    ...(low !== undefined ? { lowThresholdPercent: wholeNumber('image-gc-low-threshold', low, 100) } : {}),
  };
  return {
    ...(Object.keys(eviction).length > 0 ? { eviction } : {}),
    ...(Object.keys(imageGc).length > 0 ? { imageGc } : {}),
  };
}

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
    ...(str('pod-manifest-path') !== undefined ? { podManifestPath: str('pod-manifest-path')! } : {}),
    ...kubeletResourceSettings(flags),
    ...(str('container-log-max-size') !== undefined || str('container-log-max-files') !== undefined
      ? {
          containerLogs: containerLogRotationFlags(
            str('container-log-max-size'),
            str('container-log-max-files'),
          ),
        }
      : {}),
  };
}

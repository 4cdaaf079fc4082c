// The settings a Kubelet starts with: its identity and client, the runtime, the node's paths and
// flags (cgroups, DNS, static pods, eviction, image GC) and, for tests, the process-boundary fakes.
import type { Clock } from '../base/clock.js';
import type { Logger } from '../base/logger.js';
import type { KubeClient } from '../client/index.js';
import type { ImageService, RuntimeService, VersionResponse } from './cri/runtime-service.js';
import type { StatsProvider } from './eviction/stats-provider.js';
import type { ImageGcPolicy } from './gc/gc-policy.js';
import type { KubeletEvictionSettings } from './kubelet-eviction.js';
import type { ContainerLogRotation } from './logs/container-log-manager.js';
import type { Reservations } from './machine-info.js';
import type { KubeletServerSettings } from './server/kubelet-server.js';

/** Settings of a Kubelet. */
export interface KubeletOptions {
  /** The API client, authenticated as system:node:<nodeName>. */
  readonly client: KubeClient;
  readonly runtime: RuntimeService & ImageService;
  /** The runtime's Version answer (nodeInfo shows `<runtimeName>://<runtimeVersion>`). */
  readonly runtimeVersion: VersionResponse;
  readonly nodeName: string;
  /** The node's InternalIP (and the hostIP of its pods). */
  readonly nodeIP: string;
  /** --root-dir: pods' volumes and files (default /var/lib/kubelet). */
  readonly rootDir: string;
  /** Where pod log directories go (default <rootDir>/pod-logs; upstream /var/log/pods). */
  readonly podLogsRoot?: string;
  /** --cgroup-root (default "/"). */
  readonly cgroupRoot?: string;
  /** Where cgroup hierarchies are mounted (default /sys/fs/cgroup; a temp dir in tests). */
  readonly cgroupMountPoint?: string;
  /** --pod-manifest-path: static pod manifests (a directory or one file). */
  readonly podManifestPath?: string;
  /** --eviction-hard and friends (default upstream's hard thresholds). */
  readonly eviction?: KubeletEvictionSettings;
  /** --image-gc-high-threshold / --image-gc-low-threshold and the image ages. */
  readonly imageGc?: Partial<ImageGcPolicy>;
  /** --container-log-max-size / --container-log-max-files (default 10 MiB × 5). */
  readonly containerLogs?: ContainerLogRotation;
  /** What the eviction manager observes (default this machine: /proc, cgroups, statfs, CRI stats). */
  readonly statsProvider?: StatsProvider;
  /** --cluster-dns. */
  readonly clusterDns?: readonly string[];
  /** --cluster-domain (default cluster.local). */
  readonly clusterDomain?: string;
  /** --resolv-conf (default /etc/resolv.conf). */
  readonly resolvConf?: string;
  /** Called when the node's podCIDR is known (write the CNI config, tell the runtime). */
  readonly onPodCidr?: (cidr: string) => Promise<void>;
  /** --pod-cidr: the pod network to use when the Node has none (standalone kubelets). */
  readonly podCidr?: string;
  readonly reservations?: Reservations;
  /** The kubelet API on --port (10250): absent, no API server runs (tests, benchmarks). */
  readonly server?: KubeletServerSettings;
  /** The runtime's PID when we run it (its cgroup is the "runtime" system container in stats). */
  readonly runtimePid?: () => number | undefined;
  /** The pause image (the sandboxes' image in /metrics/cadvisor). */
  readonly sandboxImage?: string;
  /** How often every pod is synced regardless of events (default 30 s). */
  readonly resyncMs?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

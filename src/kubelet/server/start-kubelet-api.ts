// The kubelet API as the Kubelet starts it: the node stats collector (with its CPU housekeeping)
// and the HTTPS server over it, reviewing tokens and access through the kubelet's own client.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Clock } from '../../base/clock.js';
import type { Logger } from '../../base/logger.js';
import type { KubeClient } from '../../client/index.js';
import type { ImageService, RuntimeService } from '../cri/runtime-service.js';
import { CgroupReader } from '../stats/cgroup-reader.js';
import { NodeStatsCollector } from '../stats/node-stats-collector.js';
import { KubeletServer, type KubeletServerSettings } from './kubelet-server.js';

/** What the kubelet hands over. */
export interface KubeletApiOptions {
  readonly settings: KubeletServerSettings;
  readonly nodeName: string;
  readonly nodeIP: string;
  /** The kubelet's root dir (nodefs; the generated certificate goes to <rootDir>/pki). */
  readonly rootDir: string;
  readonly podLogsRoot: string;
  readonly client: KubeClient;
  readonly runtime: RuntimeService & ImageService;
  readonly cgroupMountPoint?: string;
  /** kubepods. */
  readonly podsCgroup: string;
  /** Pod UID → pod cgroup. */
  readonly podCgroups: () => Promise<ReadonlyMap<string, string>>;
  readonly runtimePid?: () => number | undefined;
  readonly sandboxImage?: string;
  /** The kubelet's pods (API and static) as /pods lists them. */
  readonly pods: () => readonly Pod[];
  /** When the sync loop last ran; undefined before it did. */
  readonly lastSyncLoopAt: () => number | undefined;
  readonly resyncMs: number;
  readonly clock: Clock;
  readonly log: Logger;
}

/** The running API: its server (mount handlers there) and how to stop it. */
export interface KubeletApi {
  readonly server: KubeletServer;
  close(): Promise<void>;
}

/** Starts the stats collector and the server; the server listens when this resolves. */
export async function startKubeletApi(o: KubeletApiOptions): Promise<KubeletApi> {
  const stats = new NodeStatsCollector({
    nodeName: o.nodeName,
    runtime: o.runtime,
    images: o.runtime,
    rootDir: o.rootDir,
    podLogsRoot: o.podLogsRoot,
    cgroups: new CgroupReader(o.cgroupMountPoint !== undefined ? { mountPoint: o.cgroupMountPoint } : {}),
    podsCgroup: o.podsCgroup,
    podCgroups: o.podCgroups,
    ...(o.runtimePid !== undefined ? { runtimePid: o.runtimePid } : {}),
    ...(o.sandboxImage !== undefined ? { sandboxImage: o.sandboxImage } : {}),
    clock: o.clock,
    onError: (err) => o.log.warn('stats housekeeping failed', { err }),
  });
  const server = await KubeletServer.start({
    ...o.settings,
    nodeName: o.nodeName,
    nodeIP: o.nodeIP,
    certDir: `${o.rootDir}/pki`,
    client: o.client,
    host: {
      pods: o.pods,
      runtime: o.runtime,
      observe: (only) => stats.observe(only),
      lastSyncLoopAt: o.lastSyncLoopAt,
    },
    resyncMs: o.resyncMs,
    clock: o.clock,
    log: o.log,
  });
  await stats.start();
  return {
    server,
    async close() {
      await server.close();
      await stats.stop();
    },
  };
}

// The kubelet's node-resource keepers, built together because each needs the other: the
// garbage collector (dead containers every minute, unused images every five) is the eviction
// manager's first resort, and the eviction manager (every 10 s: pressure conditions, admission,
// one eviction per round) evicts through the pod workers, which also tell GC what may go.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Clock } from '../base/clock.js';
import type { Logger } from '../base/logger.js';
import type { EventRecorder } from '../controller-framework/index.js';
import { cgroupLayout } from './cm/cgroup-layout.js';
import type { ImageService, RuntimeService } from './cri/runtime-service.js';
import { EvictionManager } from './eviction/eviction-manager.js';
import { NodeStatsProvider } from './eviction/node-stats-provider.js';
import type { StatsProvider } from './eviction/stats-provider.js';
import type { Threshold } from './eviction/threshold-config.js';
import { ContainerGc, type PodStateProvider } from './gc/container-gc.js';
import { GarbageCollector } from './gc/garbage-collector.js';
import type { ImageGcPolicy } from './gc/gc-policy.js';
import { imageFsStats } from './gc/image-fs-stats.js';
import { ImageGcManager } from './gc/image-gc-manager.js';
import { evictPodFunction, type KubeletEvictionSettings } from './kubelet-eviction.js';
import type { KillRequest } from './pod-workers.js';

/** What the pod workers offer the eviction manager and GC (PodWorkers fits). */
export interface PodTerminator extends PodStateProvider {
  /** Pods that may run or are stopping. */
  activePods(): Pod[];
  kill(uid: string, request: KillRequest): Promise<void>;
  isTerminated(uid: string): boolean;
  /** Every pod source listed its pods once. */
  readonly sourcesSynced: boolean;
}

/** What createNodePressure builds from. */
export interface NodePressureOptions {
  readonly runtime: RuntimeService & ImageService;
  /** Resolved lazily: the pod workers are built after this (they admit through it). */
  readonly workers: () => PodTerminator;
  readonly thresholds: readonly Threshold[];
  readonly eviction?: KubeletEvictionSettings;
  readonly imageGc?: Partial<ImageGcPolicy>;
  /** Default: this machine (NodeStatsProvider over rootDir, podLogsRoot and the kubepods cgroup). */
  readonly stats?: StatsProvider;
  readonly rootDir: string;
  readonly podLogsRoot: string;
  readonly cgroupRoot: string;
  readonly cgroupMountPoint?: string;
  readonly allocatableMemoryBytes: number;
  readonly recorder: EventRecorder;
  readonly recordNodeEvent: (type: 'Normal' | 'Warning', reason: string, message: string) => void;
  readonly clock: Clock;
  readonly log: Logger;
}

/** The eviction manager and the garbage collector of one kubelet (not started). */
export function createNodePressure(o: NodePressureOptions): {
  eviction: EvictionManager;
  gc: GarbageCollector;
} {
  const { runtime, clock, recordNodeEvent } = o;
  const stats =
    o.stats ??
    new NodeStatsProvider({
      runtime,
      images: runtime,
      rootDir: o.rootDir,
      podLogsRoot: o.podLogsRoot,
      podsCgroup: {
        path: cgroupLayout(o.cgroupRoot).kubepods,
        allocatableMemoryBytes: o.allocatableMemoryBytes,
      },
      ...(o.cgroupMountPoint !== undefined ? { cgroupMountPoint: o.cgroupMountPoint } : {}),
      clock,
    });
  const gc = new GarbageCollector({
    containers: new ContainerGc({
      runtime,
      podState: {
        shouldPodContentBeRemoved: (uid) => o.workers().shouldPodContentBeRemoved(uid),
        shouldPodRuntimeBeRemoved: (uid) => o.workers().shouldPodRuntimeBeRemoved(uid),
      },
      sourcesReady: () => o.workers().sourcesSynced,
      podLogsRoot: o.podLogsRoot,
      clock,
      logger: o.log.child('gc'),
    }),
    images: new ImageGcManager({
      runtime,
      images: runtime,
      imageFsStats: () => imageFsStats(runtime),
      ...(o.imageGc !== undefined ? { policy: o.imageGc } : {}),
      recordNodeEvent,
      clock,
      logger: o.log.child('image-gc'),
    }),
    recordNodeEvent,
    clock,
    logger: o.log.child('gc'),
  });
  const settings = o.eviction ?? {};
  const eviction = new EvictionManager({
    thresholds: o.thresholds,
    stats,
    activePods: () => o.workers().activePods(),
    evictPod: evictPodFunction({
      kill: (uid, request) => o.workers().kill(uid, request),
      recordEvicted: (pod, annotations, message) =>
        o.recorder.annotatedEvent(pod, annotations, 'Warning', 'Evicted', '%s', message),
      clock,
    }),
    podCleanedUp: (pod) => o.workers().isTerminated(pod.metadata?.uid ?? ''),
    reclaimer: gc,
    recordNodeEvent,
    ...(settings.pressureTransitionPeriodMs !== undefined
      ? { pressureTransitionPeriodMs: settings.pressureTransitionPeriodMs }
      : {}),
    ...(settings.maxPodGracePeriodSeconds !== undefined
      ? { maxPodGracePeriodSeconds: settings.maxPodGracePeriodSeconds }
      : {}),
    ...(settings.monitoringIntervalMs !== undefined
      ? { monitoringIntervalMs: settings.monitoringIntervalMs }
      : {}),
    clock,
    logger: o.log.child('eviction'),
  });
  return { eviction, gc };
}

// One round of observing the node, the raw material of /stats/summary, /metrics/cadvisor and
// /metrics/resource: cgroup readings (with CPU rates) of the machine, the system containers, every
// pod and running container, CRI stats where cgroups say nothing, filesystems, network counters.
// Gathered by NodeStatsCollector (I/O), shaped by pure functions (summary-builder, cadvisor-metrics).
import type { ContainerStats as CriContainerStats } from '../cri/runtime-service.js';
import type { DirectoryUsage } from '../eviction/directory-usage.js';
import type { CgroupReading } from './cgroup-reader.js';
import type { InterfaceCounters } from './network-devices.js';
import type { InventoryContainer, InventoryPod } from './runtime-inventory.js';

/** A cgroup reading with the CPU rate derived from the sampler's history. */
export interface CgroupObservation extends CgroupReading {
  readonly cgroup: string;
  /** Nanocores over the last sample window; absent without two samples. */
  readonly usageNanoCores?: number;
}

/** A filesystem: statfs figures and, where something measured it, the bytes a user of it takes. */
export interface FsUsage {
  readonly time: number;
  readonly capacityBytes: number;
  readonly availableBytes: number;
  readonly usedBytes: number;
  readonly inodes?: number;
  readonly inodesFree?: number;
  readonly inodesUsed?: number;
}

/** A system container (kubelet, runtime, pods). */
export interface SystemContainerObservation {
  readonly name: string;
  readonly startTime: number;
  readonly cgroup: CgroupObservation | undefined;
}

/** One running container. */
export interface ContainerObservation {
  readonly container: InventoryContainer;
  readonly cgroup: CgroupObservation | undefined;
  /** What the runtime reports (CPU/memory fallback, the writable layer). */
  readonly cri: CriContainerStats | undefined;
  /** Its log directory. */
  readonly logs: DirectoryUsage | undefined;
}

/** One pod volume. */
export interface VolumeObservation {
  readonly name: string;
  readonly usage: DirectoryUsage;
  /** The filesystem it lives on. */
  readonly fs: FsUsage | undefined;
}

/** One pod. */
export interface PodObservation {
  readonly pod: InventoryPod;
  readonly cgroup: CgroupObservation | undefined;
  /** The sandbox (pause) cgroup. */
  readonly sandbox: CgroupObservation | undefined;
  readonly processCount: number | undefined;
  readonly network: { readonly time: number; readonly interfaces: readonly InterfaceCounters[] } | undefined;
  readonly containers: readonly ContainerObservation[];
  readonly volumes: readonly VolumeObservation[];
}

/** Everything observed in one round. */
export interface NodeObservation {
  readonly nodeName: string;
  readonly time: number;
  /** ms since the epoch. */
  readonly bootTime: number;
  readonly machine: {
    readonly memoryBytes: number;
    readonly cpuCores: number;
    readonly bootId: string;
    readonly machineId: string;
    readonly systemUuid: string;
  };
  readonly root: CgroupObservation | undefined;
  readonly systemContainers: readonly SystemContainerObservation[];
  readonly network: { readonly time: number; readonly interfaces: readonly InterfaceCounters[] } | undefined;
  /** The kubelet's root dir's filesystem. */
  readonly nodeFs: FsUsage | undefined;
  /** The image filesystem, usedBytes = what the runtime says its images take. */
  readonly imageFs: FsUsage | undefined;
  readonly rlimit:
    { readonly time: number; readonly maxPid?: number; readonly processes?: number } | undefined;
  readonly pods: readonly PodObservation[];
  /** The pause image (the sandboxes' image label). */
  readonly sandboxImage: string;
}

// What the eviction manager observes (a trimmed stats Summary): node memory, the pods cgroup,
// the node and image filesystems, PIDs, and per pod the usage that ranking needs. The real
// provider reads /proc, cgroups, statfs and CRI (node-stats-provider.ts); tests use a fake.

/** Memory of the node or of the pods cgroup, in bytes. */
export interface MemoryObservation {
  /** capacity − workingSet (never negative). */
  readonly availableBytes: number;
  /** usage − inactive file cache. */
  readonly workingSetBytes: number;
  /** When it was read (ms since the epoch). */
  readonly time: number;
}

/** One filesystem. */
export interface FsObservation {
  readonly capacityBytes: number;
  readonly availableBytes: number;
  readonly inodes?: number;
  readonly inodesFree?: number;
  readonly time: number;
}

/** Per container usage of one pod. */
export interface ContainerUsage {
  readonly name: string;
  readonly memoryWorkingSetBytes?: number;
  /** The writable layer. */
  readonly rootfsUsedBytes?: number;
  readonly rootfsInodesUsed?: number;
  readonly logsUsedBytes?: number;
  readonly logsInodesUsed?: number;
}

/** A pod volume's usage (emptyDir and other node-local volumes). */
export interface VolumeUsage {
  readonly name: string;
  readonly usedBytes?: number;
  readonly inodesUsed?: number;
}

/** One pod's usage. */
export interface PodUsage {
  readonly uid: string;
  /** The pod's working set; defaults to the sum of its containers'. */
  readonly memoryWorkingSetBytes?: number;
  readonly containers: readonly ContainerUsage[];
  readonly volumes?: readonly VolumeUsage[];
  readonly processCount?: number;
}

/** One round of observations. */
export interface StatsSummary {
  readonly memory?: MemoryObservation;
  /** The pods (kubepods) cgroup against node allocatable memory: allocatableMemory.available. */
  readonly allocatableMemory?: MemoryObservation;
  readonly nodeFs?: FsObservation;
  /** Absent when images live on the node filesystem (no dedicated imagefs). */
  readonly imageFs?: FsObservation;
  /** pid_max and the number of processes running. */
  readonly pids?: { readonly maxPid: number; readonly running: number; readonly time: number };
  readonly pods: readonly PodUsage[];
}

/** The source of observations. */
export interface StatsProvider {
  /** A fresh summary. */
  summary(): Promise<StatsSummary>;
  /** True when images have their own filesystem (it changes which pod usage counts for which signal). */
  hasDedicatedImageFs(): Promise<boolean>;
}

/** A StatsProvider that returns whatever a test sets. */
export class FakeStatsProvider implements StatsProvider {
  current: StatsSummary = { pods: [] };
  dedicatedImageFs = false;
  calls = 0;

  /** @inheritdoc */
  async summary(): Promise<StatsSummary> {
    this.calls++;
    return this.current;
  }

  /** @inheritdoc */
  async hasDedicatedImageFs(): Promise<boolean> {
    return this.dedicatedImageFs;
  }
}

// The kubelet's stats Summary (stats/v1alpha1, what /stats/summary serves and metrics-server and
// `kubectl get --raw .../proxy/stats/summary` read), field for field with upstream's JSON names.
// Times are RFC 3339 strings (metav1.Time); absent figures are left out, as Go's omitempty does.

/** The whole summary. */
export interface Summary {
  readonly node: NodeStats;
  readonly pods: PodStats[];
}

/** Node-level figures. */
export interface NodeStats {
  readonly nodeName: string;
  /** kubelet, runtime, pods. */
  readonly systemContainers?: ContainerStats[];
  readonly startTime: string;
  readonly cpu?: CpuStats;
  readonly memory?: MemoryStats;
  readonly network?: NetworkStats;
  readonly fs?: FsStats;
  readonly runtime?: RuntimeStats;
  readonly rlimit?: RlimitStats;
}

/** The PID limit and the processes running. */
export interface RlimitStats {
  readonly time: string;
  readonly maxpid?: number;
  readonly curproc?: number;
}

/** The runtime's filesystems: images and writable layers. */
export interface RuntimeStats {
  readonly imageFs?: FsStats;
  readonly containerFs?: FsStats;
}

/** One pod. */
export interface PodStats {
  readonly podRef: { readonly name: string; readonly namespace: string; readonly uid: string };
  readonly startTime: string;
  readonly containers: ContainerStats[];
  readonly cpu?: CpuStats;
  readonly memory?: MemoryStats;
  readonly network?: NetworkStats;
  readonly volume?: VolumeStats[];
  readonly 'ephemeral-storage'?: FsStats;
  readonly process_stats?: { readonly process_count?: number };
}

/** One container (or system container). */
export interface ContainerStats {
  readonly name: string;
  readonly startTime: string;
  readonly cpu?: CpuStats;
  readonly memory?: MemoryStats;
  readonly rootfs?: FsStats;
  readonly logs?: FsStats;
}

/** Counters of one network interface. */
export interface InterfaceStats {
  readonly name: string;
  readonly rxBytes?: number;
  readonly rxErrors?: number;
  readonly txBytes?: number;
  readonly txErrors?: number;
}

/** Network figures: the default interface's inline, then every interface. */
export interface NetworkStats extends Partial<InterfaceStats> {
  readonly time: string;
  readonly interfaces?: InterfaceStats[];
}

/** CPU: the rate over the last sample window and the cumulative time. */
export interface CpuStats {
  readonly time: string;
  readonly usageNanoCores?: number;
  readonly usageCoreNanoSeconds?: number;
}

/** Memory in bytes; availableBytes only where there is a limit. */
export interface MemoryStats {
  readonly time: string;
  readonly availableBytes?: number;
  readonly usageBytes?: number;
  readonly workingSetBytes?: number;
  readonly rssBytes?: number;
  readonly pageFaults?: number;
  readonly majorPageFaults?: number;
}

/** A filesystem as one user of it sees it. */
export interface FsStats {
  readonly time: string;
  readonly availableBytes?: number;
  readonly capacityBytes?: number;
  readonly usedBytes?: number;
  readonly inodesFree?: number;
  readonly inodes?: number;
  readonly inodesUsed?: number;
}

/** A pod volume's usage. */
export interface VolumeStats extends FsStats {
  readonly name?: string;
  readonly pvcRef?: { readonly name: string; readonly namespace: string };
}

/** The system container names upstream uses. */
export const systemContainerNames = { kubelet: 'kubelet', runtime: 'runtime', pods: 'pods' } as const;

// The cgroup settings the kubelet itself writes (pod, QoS and node-allocatable cgroups), as the
// cgroup v1 files take them. Absent fields are left alone, so an update never undoes what another
// writer (the QoS manager, node allocatable) owns on the same cgroup.

/** Settings for one kubelet-managed cgroup; undefined = leave as is. */
export interface CgroupResources {
  /** cpu.shares. */
  readonly cpuShares?: number;
  /** cpu.cfs_quota_us: -1 unlimited; 0 leaves the file alone (no limit to set). */
  readonly cpuQuota?: number;
  /** cpu.cfs_period_us. */
  readonly cpuPeriodUs?: number;
  /** memory.limit_in_bytes; 0 leaves the file alone. */
  readonly memoryLimitBytes?: number;
  /** pids.max; -1 means "max". */
  readonly pidsLimit?: number;
}

// Pod-level cgroups (upstream podContainerManager): one per pod under its QoS tier, created before
// the sandbox so runc puts containers inside it, found again after a restart by scanning the tiers
// for pod<uid> directories, and removed once the pod's sandbox is gone — killing whatever is still
// charged to it first, because a cgroup with processes cannot be removed.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { systemClock, type Clock } from '../../base/clock.js';
import { cgroupLayout, podCgroupPath, podCgroupPrefix, type CgroupLayout } from './cgroup-layout.js';
import type { CgroupFs } from './cgroupfs.js';
import { minShares } from './cpu-conversions.js';
import { podResourceConfig, type PodResourceConfigOptions } from './pod-resource-config.js';
import { podQosClass } from './qos-class.js';

/** Options of PodCgroupManager. */
export interface PodCgroupManagerOptions extends PodResourceConfigOptions {
  readonly fs: CgroupFs;
  readonly layout?: CgroupLayout;
  readonly clock?: Clock;
}

// Upstream tries five rounds of SIGKILL; the kernel then needs a moment to detach the tasks.
const killRounds = 5;
const removeAttempts = 6;
const removeBackoffMs = 10;

/** Creates, finds and removes pod cgroups. */
export class PodCgroupManager {
  readonly layout: CgroupLayout;
  private readonly fs: CgroupFs;
  private readonly clock: Clock;

  constructor(private readonly options: PodCgroupManagerOptions) {
    this.fs = options.fs;
    this.layout = options.layout ?? cgroupLayout('/');
    this.clock = options.clock ?? systemClock;
  }

  /** The pod's cgroup path, e.g. "/kubepods/burstable/pod<uid>" (CRI cgroup_parent). */
  cgroupPath(pod: Pod): string {
    return podCgroupPath(this.layout, podQosClass(pod), pod.metadata?.uid ?? '');
  }

  /** True when the pod's cgroup exists. */
  exists(pod: Pod): Promise<boolean> {
    return this.fs.exists(this.cgroupPath(pod));
  }

  /** Creates the pod's cgroup with its pod-level limits unless it exists (upstream EnsureExists). */
  async ensureExists(pod: Pod): Promise<void> {
    const cgroup = this.cgroupPath(pod);
    if (await this.fs.exists(cgroup)) return;
    await this.fs.create(cgroup, podResourceConfig(pod, this.options));
  }

  /** Re-applies the pod-level limits (after the pod's resources changed). */
  async update(pod: Pod): Promise<void> {
    await this.fs.update(this.cgroupPath(pod), podResourceConfig(pod, this.options));
  }

  /** Drops a pod cgroup to the minimum cpu weight while its removal has to wait (ReduceCPULimits). */
  async reduceCpuLimits(cgroup: string): Promise<void> {
    await this.fs.update(cgroup, { cpuShares: minShares });
  }

  /** Every pod cgroup under the QoS tiers: pod UID → cgroup path (GetAllPodsFromCgroups). */
  async podCgroups(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const tier of [this.layout.kubepods, this.layout.burstable, this.layout.besteffort]) {
      for (const name of await this.fs.children(tier)) {
        if (name.startsWith(podCgroupPrefix) && name.length > podCgroupPrefix.length)
          out.set(name.slice(podCgroupPrefix.length), `${tier}/${name}`);
      }
    }
    return out;
  }

  /**
   * Removes a pod cgroup (upstream Destroy): SIGKILLs every process still in it, in up to five
   * rounds, then removes the directories in every hierarchy, retrying briefly while the killed
   * tasks detach. Throws when something is left; the housekeeping pass will try again.
   */
  async destroy(cgroup: string): Promise<void> {
    if (!cgroup.startsWith(`${this.layout.kubepods}/`)) throw new Error(`${cgroup} is not a pod cgroup`);
    await this.killProcesses(cgroup);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.fs.destroy(cgroup);
        return;
      } catch (err) {
        if (attempt >= removeAttempts) throw err;
        await this.clock.sleep(removeBackoffMs * 2 ** (attempt - 1));
      }
    }
  }

  private async killProcesses(cgroup: string): Promise<void> {
    const killed = new Set<number>();
    let failures: string[] = [];
    for (let round = 0; round < killRounds; round++) {
      failures = [];
      for (const pid of await this.fs.processes(cgroup)) {
        if (killed.has(pid)) continue;
        try {
          process.kill(pid, 'SIGKILL');
          killed.add(pid);
        } catch (err) {
          // Gone already is what we wanted.
          if ((err as NodeJS.ErrnoException).code === 'ESRCH') killed.add(pid);
          else failures.push(`${pid}: ${(err as Error).message}`);
        }
      }
      if (failures.length === 0) return;
    }
    throw new Error(`failed to kill all the processes attached to ${cgroup}: ${failures.join('; ')}`);
  }
}

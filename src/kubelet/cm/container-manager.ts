// The kubelet's container manager for cgroups (upstream cm.ContainerManager, the cgroup half):
// at start it creates the node allocatable cgroup (<root>/kubepods, sized from capacity minus
// reservations) and the QoS tiers; per pod it gives the cgroup parent and container resources for
// CRI, creates the pod cgroup before the sandbox, and removes pod cgroups once sandboxes are gone.
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { systemClock, type Clock } from '../../base/clock.js';
import type { Logger } from '../../base/logger.js';
import type { LinuxContainerResources } from '../cri/runtime-service.js';
import { cgroupLayout, type CgroupLayout } from './cgroup-layout.js';
import { CgroupFs } from './cgroupfs.js';
import { containerLinuxResources } from './container-resources.js';
import { nodeAllocatableResources, type ResourceQuantities } from './node-allocatable.js';
import { PodCgroupManager } from './pod-cgroup-manager.js';
import { QosCgroupManager } from './qos-cgroup-manager.js';
import { nanoOf, valueOf } from './resource-amounts.js';

/** Options of ContainerManager. */
export interface ContainerManagerOptions {
  /** --cgroup-root: "/" (default) puts pods in /kubepods; "/k8ts" in /k8ts/kubepods. */
  readonly cgroupRoot?: string;
  /** Where cgroup hierarchies are mounted (default /sys/fs/cgroup; a temp dir in unit tests). */
  readonly cgroupMountPoint?: string;
  /** The machine's capacity: cpu, memory (also the OOM score base) and optionally pid. */
  readonly capacity: ResourceQuantities;
  readonly systemReserved?: ResourceQuantities;
  readonly kubeReserved?: ResourceQuantities;
  /** --enforce-node-allocatable (default ["pods"]). */
  readonly enforceNodeAllocatable?: readonly string[];
  /** --cpu-cfs-quota (default true). */
  readonly cpuCfsQuota?: boolean;
  /** --cpu-cfs-quota-period in microseconds (default 100 ms). */
  readonly cpuCfsQuotaPeriodUs?: number;
  /** --pod-max-pids (default unlimited). */
  readonly podPidsLimit?: number;
  /** The pods the kubelet considers active (the Burstable tier's weight follows them). */
  readonly activePods: () => readonly Pod[];
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/** Owns the kubelet's cgroup tree: node allocatable, QoS tiers and pod cgroups. */
export class ContainerManager {
  readonly layout: CgroupLayout;
  readonly fs: CgroupFs;
  readonly pods: PodCgroupManager;
  private readonly qos: QosCgroupManager;
  private swapControllerAvailable = false;

  constructor(private readonly options: ContainerManagerOptions) {
    this.layout = cgroupLayout(options.cgroupRoot ?? '/');
    this.fs = new CgroupFs(
      options.cgroupMountPoint !== undefined ? { mountPoint: options.cgroupMountPoint } : {},
    );
    const clock = options.clock ?? systemClock;
    this.pods = new PodCgroupManager({
      fs: this.fs,
      layout: this.layout,
      clock,
      enforceCpuLimits: options.cpuCfsQuota ?? true,
      ...(options.cpuCfsQuotaPeriodUs !== undefined ? { cpuPeriodUs: options.cpuCfsQuotaPeriodUs } : {}),
      ...(options.podPidsLimit !== undefined ? { podPidsLimit: options.podPidsLimit } : {}),
    });
    this.qos = new QosCgroupManager({
      fs: this.fs,
      layout: this.layout,
      activePods: options.activePods,
      clock,
      ...(options.logger !== undefined ? { logger: options.logger } : {}),
    });
  }

  /**
   * Creates kubepods sized to node allocatable (or re-applies that size after a restart) and the
   * QoS tiers, and starts the periodic QoS update. A memory limit below current usage is refused
   * by the kernel; that is logged and retried at the next start rather than blocking pods.
   */
  async start(): Promise<void> {
    const memsw = await this.fs.read('/', 'memory', 'memory.memsw.limit_in_bytes');
    this.swapControllerAvailable = memsw !== undefined;
    const allocatable = nodeAllocatableResources(this.options);
    if (await this.fs.exists(this.layout.kubepods)) {
      await this.fs.update(this.layout.kubepods, allocatable).catch((err: unknown) => {
        this.options.logger?.warn('failed to update node allocatable limits', { err });
      });
    } else {
      await this.fs.create(this.layout.kubepods, allocatable);
    }
    await this.qos.start();
  }

  /** Stops periodic work (cgroups stay: running pods keep their limits across a kubelet restart). */
  stop(): void {
    this.qos.stop();
  }

  /** The CRI cgroup_parent of the pod's sandbox, e.g. "/kubepods/besteffort/pod<uid>". */
  podCgroupParent(pod: Pod): string {
    return this.pods.cgroupPath(pod);
  }

  /** The CRI LinuxContainerResources of one of the pod's containers. */
  containerResources(pod: Pod, container: Container): LinuxContainerResources {
    return containerLinuxResources(pod, container, {
      memoryCapacityBytes: valueOf(nanoOf(this.options.capacity['memory'])),
      cpuCfsQuota: this.options.cpuCfsQuota ?? true,
      ...(this.options.cpuCfsQuotaPeriodUs !== undefined
        ? { cpuCfsQuotaPeriodUs: this.options.cpuCfsQuotaPeriodUs }
        : {}),
      swapControllerAvailable: this.swapControllerAvailable,
    });
  }

  /**
   * Makes sure the pod's cgroup exists before its sandbox is created; when it is new the QoS tiers
   * are re-weighed first, as SyncPod does, so the Burstable tier already counts this pod.
   */
  async ensurePodCgroup(pod: Pod): Promise<void> {
    if (await this.pods.exists(pod)) return;
    await this.qos.updateCgroups().catch((err: unknown) => {
      this.options.logger?.warn('updating QoS cgroups failed', { err });
    });
    await this.pods.ensureExists(pod);
  }

  /** Re-weighs the QoS tiers now (after pods were added or removed). */
  updateQosCgroups(): Promise<void> {
    return this.qos.updateCgroups();
  }

  /** Pod UID → cgroup path of every pod cgroup on the node. */
  podCgroups(): Promise<Map<string, string>> {
    return this.pods.podCgroups();
  }

  /** Removes one pod's cgroup after its sandbox is gone (kills leftovers first). */
  removePodCgroup(cgroup: string): Promise<void> {
    return this.pods.destroy(cgroup);
  }

  /**
   * Housekeeping (upstream cleanupOrphanedPodCgroups): removes the cgroups of pods not in
   * `possiblyRunning`; a pod whose volumes still exist only gets its cpu reduced, so memory-backed
   * volumes stay charged to it until unmounted. Returns the UIDs whose cgroups were removed.
   */
  async cleanupOrphanedPodCgroups(
    possiblyRunning: ReadonlySet<string>,
    podVolumesExist: (uid: string) => boolean = () => false,
  ): Promise<string[]> {
    const removed: string[] = [];
    for (const [uid, cgroup] of await this.pods.podCgroups()) {
      if (possiblyRunning.has(uid)) continue;
      try {
        if (podVolumesExist(uid)) {
          await this.pods.reduceCpuLimits(cgroup);
          continue;
        }
        await this.pods.destroy(cgroup);
        removed.push(uid);
      } catch (err) {
        this.options.logger?.warn('orphaned pod cgroup cleanup failed', { podUID: uid, err });
      }
    }
    if (removed.length > 0) await this.qos.updateCgroups().catch(() => {});
    return removed;
  }

  /**
   * Removes the QoS tiers, kubepods and a non-"/" cgroup root when no pod cgroup is left (for
   * uninstall and tests); pods still present make it a no-op that returns false.
   */
  async removeEmptyTree(): Promise<boolean> {
    if ((await this.pods.podCgroups()).size > 0) return false;
    this.stop();
    const top = this.layout.root === '/' ? this.layout.kubepods : this.layout.root;
    await this.fs.destroy(top);
    return true;
  }
}

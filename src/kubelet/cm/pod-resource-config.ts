// The pod cgroup's limits (upstream ResourceConfigForPod). CRI's sandbox resources are only
// informational, so these are what actually bound a pod: Guaranteed pods get shares, quota and a
// memory limit; Burstable pods get shares, plus quota or memory limit only when every container
// (and every init step) declares that limit — otherwise one unlimited container makes the pod
// unlimited; BestEffort pods get the minimum shares and nothing else.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { defaultCfsPeriodUs, milliCpuToQuota, milliCpuToShares, minShares } from './cpu-conversions.js';
import type { CgroupResources } from './cgroup-resources.js';
import { podLimits, podRequests } from './pod-resources.js';
import { podQosClass } from './qos-class.js';
import { milliOf, valueOf } from './resource-amounts.js';

/** Node-wide settings for pod cgroups. */
export interface PodResourceConfigOptions {
  /** Enforce CPU limits (--cpu-cfs-quota, default true); false writes an unlimited quota (-1). */
  readonly enforceCpuLimits?: boolean;
  /** The CFS period (default 100 ms). */
  readonly cpuPeriodUs?: number;
  /** --pod-max-pids: a pids.max for every pod cgroup when positive. */
  readonly podPidsLimit?: number;
}

/** The cgroup settings of `pod`'s pod-level cgroup. */
export function podResourceConfig(pod: Pod, options: PodResourceConfigOptions = {}): CgroupResources {
  const period = options.cpuPeriodUs ?? defaultCfsPeriodUs;
  const reqs = podRequests(pod);
  let cpuLimitsDeclared = true;
  let memoryLimitsDeclared = true;
  const limits = podLimits(pod, (amounts) => {
    if ((amounts.get('cpu') ?? 0n) === 0n) cpuLimitsDeclared = false;
    if ((amounts.get('memory') ?? 0n) === 0n) memoryLimitsDeclared = false;
  });
  const cpuShares = milliCpuToShares(milliOf(reqs.get('cpu')));
  const cpuQuota =
    options.enforceCpuLimits === false ? -1 : milliCpuToQuota(milliOf(limits.get('cpu')), period);
  const memory = valueOf(limits.get('memory'));
  const pids =
    options.podPidsLimit !== undefined && options.podPidsLimit > 0 ? { pidsLimit: options.podPidsLimit } : {};
  switch (podQosClass(pod)) {
    case 'Guaranteed':
      return { cpuShares, cpuQuota, cpuPeriodUs: period, memoryLimitBytes: memory, ...pids };
    case 'Burstable':
      return {
        cpuShares,
        ...(cpuLimitsDeclared ? { cpuQuota, cpuPeriodUs: period } : {}),
        ...(memoryLimitsDeclared ? { memoryLimitBytes: memory } : {}),
        ...pids,
      };
    default:
      return { cpuShares: minShares, ...pids };
  }
}

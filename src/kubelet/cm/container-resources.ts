// One container's cgroup settings as CRI LinuxContainerResources (upstream generateLinuxContainerResources):
// cpu shares from the request (a limit stands in when only it is given, as the API would default),
// a CFS quota from the limit with the period always sent, the memory limit, swap pinned to the
// memory limit on cgroup v1 with a swap controller (NoSwap), and the oom_score_adj policy.
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import type { LinuxContainerResources } from '../cri/runtime-service.js';
import { defaultCfsPeriodUs, milliCpuToQuota, milliCpuToShares } from './cpu-conversions.js';
import { containerOomScoreAdjust } from './oom-score.js';
import { milliOf, nanoOf, valueOf } from './resource-amounts.js';

/** Node-wide settings that shape every container's resources. */
export interface ContainerResourcesOptions {
  /** The machine's memory, for the Burstable oom_score_adj. */
  readonly memoryCapacityBytes: number;
  /** Enforce CPU limits with CFS quota (--cpu-cfs-quota, default true). */
  readonly cpuCfsQuota?: boolean;
  /** The CFS period (--cpu-cfs-quota-period, default 100 ms). */
  readonly cpuCfsQuotaPeriodUs?: number;
  /** memory.memsw exists (cgroup v1 swap accounting): swap is then capped at the memory limit. */
  readonly swapControllerAvailable?: boolean;
}

/** The LinuxContainerResources for `container` of `pod` (containers and init containers alike). */
export function containerLinuxResources(
  pod: Pod,
  container: Container,
  options: ContainerResourcesOptions,
): LinuxContainerResources {
  const requests = container.resources?.requests;
  const limits = container.resources?.limits;
  const cpuLimitMilli = milliOf(nanoOf(limits?.['cpu']));
  const cpuRequestGiven = requests !== undefined && 'cpu' in requests;
  const cpuShares = milliCpuToShares(cpuRequestGiven ? milliOf(nanoOf(requests['cpu'])) : cpuLimitMilli);
  const memoryLimit = valueOf(nanoOf(limits?.['memory']));
  const periodUs = options.cpuCfsQuotaPeriodUs ?? defaultCfsPeriodUs;
  const quota =
    options.cpuCfsQuota === false
      ? {}
      : { cpuPeriod: periodUs, cpuQuota: milliCpuToQuota(cpuLimitMilli, periodUs) };
  return {
    cpuShares,
    ...quota,
    ...(memoryLimit !== 0 ? { memoryLimitInBytes: memoryLimit } : {}),
    // NoSwap on cgroup v1: memory+swap equal to memory (ignored by runc when there is no limit).
    ...(options.swapControllerAvailable === true ? { memorySwapLimitInBytes: memoryLimit } : {}),
    oomScoreAdj: containerOomScoreAdjust(pod, container, options.memoryCapacityBytes),
  };
}

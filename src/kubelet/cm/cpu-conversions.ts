// CPU amounts as the CFS scheduler takes them (upstream cm.MilliCPUToShares / MilliCPUToQuota):
// shares are relative weights, 1024 per CPU, clamped to the kernel's [2, 262144]; a quota is the
// CPU time allowed per period, at least 1 ms so a tiny limit cannot starve a container completely.

/** The fewest cpu.shares the kernel accepts (also what BestEffort gets). */
export const minShares = 2;
/** The most cpu.shares the kernel accepts. */
export const maxShares = 262_144;
/** The default CFS period, 100 ms in microseconds. */
export const defaultCfsPeriodUs = 100_000;
/** The smallest CFS quota the kubelet sets, 1 ms in microseconds. */
export const minCfsQuotaUs = 1000;

/** cpu.shares for a milli-CPU request (0 → 2). */
export function milliCpuToShares(milliCpu: number): number {
  if (milliCpu === 0) return minShares;
  const shares = Math.floor((milliCpu * 1024) / 1000);
  return Math.min(maxShares, Math.max(minShares, shares));
}

/** cpu.cfs_quota_us for a milli-CPU limit within `periodUs`; 0 (no quota) when there is no limit. */
export function milliCpuToQuota(milliCpu: number, periodUs = defaultCfsPeriodUs): number {
  if (milliCpu === 0) return 0;
  return Math.max(minCfsQuotaUs, Math.floor((milliCpu * periodUs) / 1000));
}

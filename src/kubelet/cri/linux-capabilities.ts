// Which capabilities this process really has. Root is not enough on every machine: in the CI VM
// CAP_SYS_RESOURCE is missing, which decides containerd's restrict_oom_score_adj.
import { readFileSync } from 'node:fs';

/** CAP_SYS_RESOURCE's bit number (linux/capability.h). */
export const CAP_SYS_RESOURCE = 24;

/** The effective capability mask from a /proc/<pid>/status text (0n when absent). */
export function effectiveCapabilities(procStatus: string): bigint {
  const m = /^CapEff:\s*([0-9a-f]+)$/m.exec(procStatus);
  return m?.[1] !== undefined ? BigInt(`0x${m[1]}`) : 0n;
}

/** True when this process holds capability `bit` in its effective set. */
export function hasCapability(bit: number, procStatus = readFileSync('/proc/self/status', 'utf8')): boolean {
  return (effectiveCapabilities(procStatus) & (1n << BigInt(bit))) !== 0n;
}

// What the kubepods cgroup is sized to (upstream getCgroupConfig over
// getNodeAllocatableInternalAbsolute): with "pods" in --enforce-node-allocatable, capacity minus
// system-reserved and kube-reserved (never below zero); otherwise the whole capacity, still
// written because the default cpu.shares of a new cgroup (1024) would starve pods on a big node.
// Eviction thresholds are not subtracted here — they only shrink the allocatable the node reports.
import type { CgroupResources } from './cgroup-resources.js';
import { milliCpuToShares } from './cpu-conversions.js';
import { amountsOf, milliOf, valueOf, type QuantityText, type ResourceAmounts } from './resource-amounts.js';

/** A resource list as quantities (cpu, memory, pid). */
export type ResourceQuantities = Readonly<Record<string, QuantityText>>;

/** Inputs of nodeAllocatableResources. */
export interface NodeAllocatableInput {
  /** The machine: cpu, memory and (optionally) pid, the kernel's pid_max. */
  readonly capacity: ResourceQuantities;
  readonly systemReserved?: ResourceQuantities;
  readonly kubeReserved?: ResourceQuantities;
  /** --enforce-node-allocatable (default ["pods"]). */
  readonly enforceNodeAllocatable?: readonly string[];
}

/** The resources left for pods: capacity minus both reservations, floored at zero, per resource. */
export function allocatableAmounts(input: NodeAllocatableInput): ResourceAmounts {
  const system = amountsOf(input.systemReserved);
  const kube = amountsOf(input.kubeReserved);
  const out: ResourceAmounts = new Map();
  for (const [name, v] of amountsOf(input.capacity)) {
    const left = v - (system.get(name) ?? 0n) - (kube.get(name) ?? 0n);
    out.set(name, left < 0n ? 0n : left);
  }
  return out;
}

/** The kubepods cgroup's settings: cpu.shares, memory limit and pids.max from node allocatable. */
export function nodeAllocatableResources(input: NodeAllocatableInput): CgroupResources {
  const enforce = (input.enforceNodeAllocatable ?? ['pods']).includes('pods');
  const amounts = enforce ? allocatableAmounts(input) : amountsOf(input.capacity);
  const cpu = amounts.get('cpu');
  const memory = amounts.get('memory');
  const pid = amounts.get('pid');
  return {
    ...(cpu !== undefined ? { cpuShares: milliCpuToShares(milliOf(cpu)) } : {}),
    ...(memory !== undefined ? { memoryLimitBytes: valueOf(memory) } : {}),
    ...(pid !== undefined ? { pidsLimit: valueOf(pid) } : {}),
  };
}

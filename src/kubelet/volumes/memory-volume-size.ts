// How big a memory-backed volume's tmpfs may grow (SizeMemoryBackedVolumes, on by default): no more
// than node allocatable memory, no more than the pod's memory limit when every container declares
// one, and no more than the volume's own sizeLimit.
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { parseQuantity, type QuantityValue } from '../../api/validation/resource-quantity.js';

function bytes(v: string | number | undefined): bigint | undefined {
  const q: QuantityValue | undefined = v === undefined ? undefined : parseQuantity(v);
  if (q === undefined) return undefined;
  // Quantity.Value(): rounded up to a whole number.
  const d = 10n ** BigInt(q.scale);
  const t = q.n / d;
  return t * d !== q.n && q.n > 0n ? t + 1n : t;
}

function memoryLimit(c: Container): bigint {
  return bytes(c.resources?.limits?.['memory']) ?? 0n;
}

/**
 * The pod's memory limit as its cgroup gets it: undefined unless every container and init
 * container declares one; regular containers and sidecars add up, each init container runs
 * alongside the sidecars started before it, plus the pod overhead.
 */
export function podMemoryLimitBytes(pod: Pod): bigint | undefined {
  const containers = pod.spec?.containers ?? [];
  const inits = pod.spec?.initContainers ?? [];
  if ([...containers, ...inits].some((c) => memoryLimit(c) === 0n)) return undefined;
  let sum = containers.reduce((acc, c) => acc + memoryLimit(c), 0n);
  let sidecars = 0n;
  let initPeak = 0n;
  for (const c of inits) {
    const limit = memoryLimit(c);
    if (c.restartPolicy === 'Always') {
      sum += limit;
      sidecars += limit;
      initPeak = initPeak > sidecars ? initPeak : sidecars;
    } else {
      const during = limit + sidecars;
      initPeak = initPeak > during ? initPeak : during;
    }
  }
  const peak = sum > initPeak ? sum : initPeak;
  return peak + (bytes(pod.spec?.overhead?.['memory']) ?? 0n);
}

/**
 * The tmpfs size for a memory-backed volume of `pod`: the smallest positive of node allocatable
 * memory, the pod's memory limit and the volume's sizeLimit; undefined means no size option.
 */
export function memoryVolumeSizeBytes(
  pod: Pod,
  nodeAllocatableMemory: string | number | undefined,
  sizeLimit: string | number | undefined,
): bigint | undefined {
  let size = bytes(nodeAllocatableMemory) ?? 0n;
  for (const candidate of [podMemoryLimitBytes(pod), bytes(sizeLimit)]) {
    // "0 < value <= size", as upstream compares; an unknown node size takes any positive value.
    if (candidate !== undefined && candidate > 0n && (size === 0n || candidate <= size)) size = candidate;
  }
  return size > 0n ? size : undefined;
}

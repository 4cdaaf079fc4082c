// Downward API resource fields (limits.cpu, requests.memory, ...) of a container, divided by the
// selector's divisor and rounded up, with limits the container leaves unset taken from the node's
// allocatable resources, as the kubelet does for env vars and downwardAPI volume files.
import type { Container, Pod, ResourceFieldSelector } from 'kubernetes-types/core/v1.js';
import { parseQuantity, type QuantityValue } from '../../api/validation/resource-quantity.js';

/** Resource quantities by name (cpu, memory, ephemeral-storage, hugepages-2Mi, ...). */
export type ResourceQuantities = Readonly<Record<string, string | number>>;

/** The resources whose unset limits default to node allocatable (hugepages never overcommit). */
const defaultedLimits = ['cpu', 'memory', 'ephemeral-storage'] as const;

function quantity(v: string | number | undefined): QuantityValue {
  return (v === undefined ? undefined : parseQuantity(v)) ?? { n: 0n, scale: 0 };
}

/** Integer division rounding towards +infinity. */
function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return q * b !== a && a > 0n === b > 0n ? q + 1n : q;
}

/** Upstream's Quantity.Value(): the value rounded up to a whole number. */
function wholeValue(q: QuantityValue): bigint {
  return ceilDiv(q.n, 10n ** BigInt(q.scale));
}

/** Upstream's Quantity.MilliValue(): thousandths, rounded up. */
function milliValue(q: QuantityValue): bigint {
  return q.scale <= 3 ? q.n * 10n ** BigInt(3 - q.scale) : ceilDiv(q.n, 10n ** BigInt(q.scale - 3));
}

function divided(value: bigint, divisor: bigint): string {
  // Upstream divides as float64 and takes the ceiling; a zero divisor cannot pass validation.
  return divisor === 0n ? '0' : ceilDiv(value, divisor).toString();
}

/** `container` with every unset or zero cpu/memory/ephemeral-storage limit set from `allocatable`. */
export function withAllocatableLimits(container: Container, allocatable: ResourceQuantities): Container {
  const limits: Record<string, string> = { ...(container.resources?.limits ?? {}) };
  for (const name of defaultedLimits) {
    const current = limits[name];
    if (current !== undefined && quantity(current).n !== 0n) continue;
    const cap = allocatable[name];
    if (cap !== undefined) limits[name] = String(cap);
  }
  return { ...container, resources: { ...(container.resources ?? {}), limits } };
}

/** The value of a resource field of `container` (upstream's ExtractContainerResourceValue). */
export function containerResourceValue(selector: ResourceFieldSelector, container: Container): string {
  const divisorQ = quantity(selector.divisor);
  const divisor = divisorQ.n === 0n ? { n: 1n, scale: 0 } : divisorQ;
  const dot = selector.resource.indexOf('.');
  const kind = selector.resource.slice(0, dot);
  const name = selector.resource.slice(dot + 1);
  const supported =
    dot > 0 &&
    (kind === 'limits' || kind === 'requests') &&
    (name === 'cpu' || name === 'memory' || name === 'ephemeral-storage' || name.startsWith('hugepages-'));
  if (!supported) throw new Error(`unsupported container resource : ${selector.resource}`);
  const list = kind === 'limits' ? container.resources?.limits : container.resources?.requests;
  const value = quantity(list?.[name]);
  if (name === 'cpu') return divided(milliValue(value), milliValue(divisor));
  return divided(wholeValue(value), wholeValue(divisor));
}

/** The container of `pod` named `name` among its containers and init containers; throws if none. */
export function findPodContainer(pod: Pod, name: string): Container {
  const found =
    pod.spec?.containers.find((c) => c.name === name) ??
    pod.spec?.initContainers?.find((c) => c.name === name);
  if (found === undefined) throw new Error(`container ${name} not found`);
  return found;
}

/**
 * The value of a resource field naming its container (downwardAPI volumes, or env vars with a
 * containerName), with unset limits taken from node allocatable.
 */
export function podResourceFieldValue(
  selector: ResourceFieldSelector,
  pod: Pod,
  allocatable: ResourceQuantities,
): string {
  const container = findPodContainer(pod, selector.containerName ?? '');
  return containerResourceValue(selector, withAllocatableLimits(container, allocatable));
}

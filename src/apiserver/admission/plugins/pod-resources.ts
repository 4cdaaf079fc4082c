import { addQ, cmpQ, quantity, type Quantity } from './quantity-math.js';

/** A resource list (name → quantity text) as pods and quotas carry it. */
export type ResourceList = Record<string, string>;

interface ContainerLike {
  name: string;
  resources?: { requests?: ResourceList; limits?: ResourceList };
}

/** The containers, init containers and overhead of a pod spec, as the resource helpers read them. */
export interface PodSpecResources {
  containers?: ContainerLike[];
  initContainers?: (ContainerLike & { restartPolicy?: string })[];
  overhead?: ResourceList;
}

function addInto(acc: Map<string, Quantity>, list: ResourceList | undefined): void {
  for (const [k, v] of Object.entries(list ?? {})) {
    const q = quantity(v);
    if (!q) continue;
    const cur = acc.get(k);
    acc.set(k, cur ? addQ(cur, q) : q);
  }
}

function maxInto(acc: Map<string, Quantity>, list: Map<string, Quantity>): void {
  for (const [k, q] of list) {
    const cur = acc.get(k);
    if (!cur || cmpQ(q, cur) > 0) acc.set(k, q);
  }
}

/**
 * Upstream's PodRequests / PodLimits: the sum over containers (plus restartable "sidecar" init
 * containers), at least the largest plain init container, plus the pod overhead.
 */
export function podResources(spec: PodSpecResources, which: 'requests' | 'limits'): Map<string, Quantity> {
  const sum = new Map<string, Quantity>();
  for (const c of spec.containers ?? []) addInto(sum, c.resources?.[which]);
  const sidecars = new Map<string, Quantity>();
  const initMax = new Map<string, Quantity>();
  for (const c of spec.initContainers ?? []) {
    if (c.restartPolicy === 'Always') {
      addInto(sum, c.resources?.[which]);
      addInto(sidecars, c.resources?.[which]);
    } else {
      // An init container runs alongside the sidecars started before it.
      const one = new Map(sidecars);
      addInto(one, c.resources?.[which]);
      maxInto(initMax, one);
    }
  }
  maxInto(sum, initMax);
  if (spec.overhead) addInto(sum, spec.overhead);
  return sum;
}

/** Converts a map back into a resource list of canonical strings. */
export function toResourceList(map: Map<string, Quantity>, format: (q: Quantity) => string): ResourceList {
  return Object.fromEntries([...map].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, q]) => [k, format(q)]));
}

import { isExtendedResourceName } from '../../corev1/resource-names.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { Resource } from '../../framework/resource.js';

/** One resource the node lacks for the pod. */
export interface InsufficientResource {
  readonly resourceName: string;
  /** "Insufficient cpu", "Too many pods", ... */
  readonly reason: string;
  readonly requested: number;
  readonly used: number;
  readonly capacity: number;
  /** True when even an empty node could not hold the request (preemption cannot help). */
  readonly unresolvable: boolean;
}

/** Extended resources NodeResourcesFit leaves unchecked (its ignoredResources args). */
export interface IgnoredResources {
  readonly names: ReadonlySet<string>;
  /** Resource-name prefixes before the "/" (ignoredResourceGroups). */
  readonly groups: ReadonlySet<string>;
}

/** Nothing ignored. */
export const noIgnoredResources: IgnoredResources = { names: new Set(), groups: new Set() };

function scalarNames(r: Resource): string[] {
  return r.scalar === undefined ? [] : [...r.scalar.keys()].sort();
}

/**
 * What `node` lacks for a pod requesting `request` (upstream's fitsRequest): the pod count first,
 * then cpu, memory, ephemeral storage and scalar resources. undefined when everything fits, so the
 * common case allocates nothing.
 */
export function fitsRequest(
  request: Resource,
  node: NodeInfo,
  ignored: IgnoredResources = noIgnoredResources,
): InsufficientResource[] | undefined {
  let out: InsufficientResource[] | undefined;
  const allowedPods = node.allowedPodNumber;
  if (node.numPods + 1 > allowedPods) {
    (out ??= []).push({
      resourceName: 'pods',
      reason: 'Too many pods',
      requested: 1,
      used: node.numPods,
      capacity: allowedPods,
      unresolvable: false,
    });
  }
  const cpu = request.milliCpu;
  const memory = request.memory;
  const storage = request.ephemeralStorage;
  if (cpu === 0 && memory === 0 && storage === 0 && request.scalar === undefined) return out;
  if (cpu > 0 && cpu > node.allocMilliCpu - node.reqMilliCpu) {
    (out ??= []).push({
      resourceName: 'cpu',
      reason: 'Insufficient cpu',
      requested: cpu,
      used: node.reqMilliCpu,
      capacity: node.allocMilliCpu,
      unresolvable: cpu > node.allocMilliCpu,
    });
  }
  if (memory > 0 && memory > node.allocMemory - node.reqMemory) {
    (out ??= []).push({
      resourceName: 'memory',
      reason: 'Insufficient memory',
      requested: memory,
      used: node.reqMemory,
      capacity: node.allocMemory,
      unresolvable: memory > node.allocMemory,
    });
  }
  if (storage > 0 && storage > node.allocEphemeralStorage - node.reqEphemeralStorage) {
    (out ??= []).push({
      resourceName: 'ephemeral-storage',
      reason: 'Insufficient ephemeral-storage',
      requested: storage,
      used: node.reqEphemeralStorage,
      capacity: node.allocEphemeralStorage,
      unresolvable: storage > node.allocEphemeralStorage,
    });
  }
  if (request.scalar !== undefined) {
    // Go iterates a map in random order; sorting keeps the message stable.
    for (const name of scalarNames(request)) {
      const want = request.getScalar(name);
      if (want === 0) continue;
      if (isExtendedResourceName(name)) {
        const group = name.split('/')[0] ?? '';
        if (ignored.names.has(name) || ignored.groups.has(group)) continue;
      }
      const capacity = node.allocatableScalar(name);
      const inUse = node.requestedScalar(name);
      if (want > capacity - inUse) {
        (out ??= []).push({
          resourceName: name,
          reason: `Insufficient ${name}`,
          requested: want,
          used: inUse,
          capacity,
          unresolvable: want > capacity,
        });
      }
    }
  }
  return out;
}

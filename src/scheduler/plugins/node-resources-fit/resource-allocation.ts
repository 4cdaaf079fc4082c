import { isScalarResourceName } from '../../corev1/resource-names.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';

/** A resource a scoring strategy looks at, and its weight. */
export interface ResourceSpec {
  readonly name: string;
  readonly weight: number;
}

/** The default scored resources: cpu and memory, weight 1 each. */
export const defaultScoredResources: readonly ResourceSpec[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];

/** Turns per-resource requested and allocatable amounts into a 0–100 node score. */
export type ResourceScorer = (requested: readonly number[], allocatable: readonly number[]) => number;

/**
 * Upstream's resourceAllocationScorer: per scored resource, what the node would have requested with
 * the pod on it and what it can allocate, handed to a strategy. `useRequested` counts the real
 * requests; otherwise containers without cpu/memory requests count as 100m / 200Mi.
 */
export class ResourceAllocationScorer {
  private readonly requested: number[];
  private readonly allocatable: number[];

  constructor(
    readonly resources: readonly ResourceSpec[],
    private readonly useRequested: boolean,
    private readonly scorer: ResourceScorer,
  ) {
    this.requested = new Array<number>(resources.length).fill(0);
    this.allocatable = new Array<number>(resources.length).fill(0);
  }

  /** The pod's request for each scored resource. */
  podRequests(pod: PodInfo): number[] {
    return this.resources.map((r) => {
      if (!this.useRequested && r.name === 'cpu') return pod.nonZeroMilliCpu;
      if (!this.useRequested && r.name === 'memory') return pod.nonZeroMemory;
      return pod.requests.get(r.name);
    });
  }

  /** The node's score for a pod with `podRequests` (from podRequests). */
  score(node: NodeInfo, podRequests: readonly number[]): number {
    const requested = this.requested;
    const allocatable = this.allocatable;
    const useRequested = this.useRequested;
    for (let i = 0; i < this.resources.length; i++) {
      const name = this.resources[i]!.name;
      const podRequest = podRequests[i]!;
      let alloc = 0;
      let req = 0;
      if (name === 'cpu') {
        alloc = node.allocMilliCpu;
        req = (useRequested ? node.reqMilliCpu : node.nonZeroMilliCpu) + podRequest;
      } else if (name === 'memory') {
        alloc = node.allocMemory;
        req = (useRequested ? node.reqMemory : node.nonZeroMemory) + podRequest;
      } else if (name === 'ephemeral-storage') {
        alloc = node.allocEphemeralStorage;
        req = node.reqEphemeralStorage + podRequest;
      } else if (!(podRequest === 0 && isScalarResourceName(name)) && node.allocScalar?.has(name)) {
        alloc = node.allocatableScalar(name);
        req = node.requestedScalar(name) + podRequest;
      }
      allocatable[i] = alloc;
      requested[i] = alloc === 0 ? 0 : req;
    }
    return this.scorer(requested, allocatable);
  }
}

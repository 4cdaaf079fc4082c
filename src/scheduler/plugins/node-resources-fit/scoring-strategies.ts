import { maxNodeScore } from '../../framework/normalize-score.js';
import type { ResourceScorer, ResourceSpec } from './resource-allocation.js';

/** One point of a RequestedToCapacityRatio shape: utilization 0–100 → score 0–10. */
export interface UtilizationShapePoint {
  readonly utilization: number;
  readonly score: number;
}

// Go divides integers truncating toward zero.
const div = (a: number, b: number) => Math.trunc(a / b);

/** Free share of capacity ×100 (0 when over-committed). */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return div((capacity - requested) * maxNodeScore, capacity);
}

/** Used share of capacity ×100 (capped at capacity). */
export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  return div(Math.min(requested, capacity) * maxNodeScore, capacity);
}

function weighted(
  resources: readonly ResourceSpec[],
  score: (req: number, cap: number) => number,
): ResourceScorer {
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const weight = resources[i]!.weight;
      nodeScore += score(requested[i]!, allocatable[i]!) * weight;
      weightSum += weight;
    }
    return weightSum === 0 ? 0 : div(nodeScore, weightSum);
  };
}

/** LeastAllocated: prefer emptier nodes (spreading). */
export function leastAllocatedScorer(resources: readonly ResourceSpec[]): ResourceScorer {
  return weighted(resources, leastRequestedScore);
}

/** MostAllocated: prefer fuller nodes (bin packing). */
export function mostAllocatedScorer(resources: readonly ResourceSpec[]): ResourceScorer {
  return weighted(resources, mostRequestedScore);
}

/** helper.BuildBrokenLinearFunction: a piecewise-linear function through the shape's points. */
export function brokenLinear(shape: readonly UtilizationShapePoint[]): (p: number) => number {
  return (p) => {
    for (let i = 0; i < shape.length; i++) {
      if (p <= shape[i]!.utilization) {
        if (i === 0) return shape[0]!.score;
        const a = shape[i - 1]!;
        const b = shape[i]!;
        return a.score + div((b.score - a.score) * (p - a.utilization), b.utilization - a.utilization);
      }
    }
    return shape[shape.length - 1]!.score;
  };
}

/**
 * RequestedToCapacityRatio: the utilization each resource would reach, mapped through the shape
 * (scores scaled from 0–10 to 0–100), averaged by weight over resources scoring above 0.
 */
export function requestedToCapacityRatioScorer(
  resources: readonly ResourceSpec[],
  shape: readonly UtilizationShapePoint[],
): ResourceScorer {
  const scaled = shape.map((p) => ({ utilization: p.utilization, score: p.score * (maxNodeScore / 10) }));
  const f = brokenLinear(scaled);
  const resourceScore = (requested: number, capacity: number) =>
    capacity === 0 || requested > capacity ? f(100) : f(div(requested * 100, capacity));
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const weight = resources[i]!.weight;
      const s = resourceScore(requested[i]!, allocatable[i]!);
      if (s > 0) {
        nodeScore += s * weight;
        weightSum += weight;
      }
    }
    return weightSum === 0 ? 0 : Math.round(nodeScore / weightSum);
  };
}

import { cachedStateReader, type CycleState, type StateData } from '../../framework/cycle-state.js';
import type { PreScorePlugin, ScorePlugin } from '../../framework/interfaces.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { maxNodeScore } from '../../framework/normalize-score.js';
import type { PodInfo } from '../../framework/pod-info.js';
import {
  defaultScoredResources,
  ResourceAllocationScorer,
  type ResourceSpec,
} from '../node-resources-fit/resource-allocation.js';
import { pluginNames } from '../names.js';

const preScoreKey = `PreScore${pluginNames.nodeResourcesBalancedAllocation}`;

class PreScoreState implements StateData {
  constructor(readonly podRequests: readonly number[]) {}
  clone(): StateData {
    return this;
  }
}

/**
 * (1 − standard deviation of the resources' used fractions) × 100: nodes whose cpu and memory
 * would be equally full score highest. With two resources the deviation is |f1 − f2| / 2.
 */
export function balancedResourceScore(requested: readonly number[], allocatable: readonly number[]): number {
  let total = 0;
  let count = 0;
  let f0 = 0;
  let f1 = 0;
  const fractions: number[] = [];
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    const f = Math.min(requested[i]! / allocatable[i]!, 1);
    total += f;
    if (count === 0) f0 = f;
    else if (count === 1) f1 = f;
    if (requested.length > 2) fractions.push(f);
    count++;
  }
  let std = 0;
  if (count === 2) std = Math.abs((f0 - f1) / 2);
  else if (count > 2) {
    const mean = total / count;
    let sum = 0;
    for (const f of fractions) sum += (f - mean) * (f - mean);
    std = Math.sqrt(sum / count);
  }
  return Math.trunc((1 - std) * maxNodeScore);
}

/** NodeResourcesBalancedAllocation: prefers nodes whose resources stay evenly used. */
export function newNodeResourcesBalancedAllocation(
  rawArgs?: Readonly<Record<string, unknown>>,
): PreScorePlugin & ScorePlugin {
  const resources = (
    (rawArgs?.['resources'] as readonly ResourceSpec[] | undefined) ?? defaultScoredResources
  ).map((r) => ({ name: r.name, weight: r.weight || 1 }));
  const scorer = new ResourceAllocationScorer(resources, true, balancedResourceScore);
  const readState = cachedStateReader<PreScoreState>(preScoreKey);
  return {
    name: pluginNames.nodeResourcesBalancedAllocation,
    preScore(state: CycleState, pod: PodInfo) {
      state.write(preScoreKey, new PreScoreState(scorer.podRequests(pod)));
      return undefined;
    },
    score(state: CycleState, pod: PodInfo, node: NodeInfo) {
      const requests = readState(state)?.podRequests ?? scorer.podRequests(pod);
      return scorer.score(node, requests);
    },
  };
}

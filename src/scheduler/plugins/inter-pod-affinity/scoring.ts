import type { Labels } from '../../corev1/label-matcher.js';
import {
  affinityTermMatches,
  type AffinityTerm,
  type TermTarget,
  type WeightedAffinityTerm,
} from '../../framework/affinity-term.js';
import type { StateData } from '../../framework/cycle-state.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { maxNodeScore } from '../../framework/normalize-score.js';
import type { PodInfo } from '../../framework/pod-info.js';
import type { TopologyCounts } from './topology-counts.js';

/** What PreScore computes: a score per topology pair. */
export class AffinityScoreState implements StateData {
  constructor(readonly topologyScore: TopologyCounts) {}
  clone(): StateData {
    return this;
  }
}

/** Inputs of the score computation. */
export interface AffinityScoreInputs {
  readonly pod: PodInfo;
  readonly preferredAffinity: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinity: readonly WeightedAffinityTerm[];
  readonly namespaceLabels: Labels;
  readonly hardPodAffinityWeight: number;
  readonly ignorePreferredTermsOfExistingPods: boolean;
}

function addTerm(
  scores: TopologyCounts,
  term: AffinityTerm,
  weight: number,
  target: TermTarget,
  nsLabels: Labels | undefined,
  nodeLabels: Labels,
  sign: 1 | -1,
): void {
  if (affinityTermMatches(term, target, nsLabels)) scores.update(nodeLabels, term.topologyKey, weight * sign);
}

/** Adds what one existing pod contributes (upstream's processExistingPod). */
export function processExistingPod(
  scores: TopologyCounts,
  inputs: AffinityScoreInputs,
  existing: PodInfo,
  node: NodeInfo,
): void {
  const labels = node.labels;
  for (const t of inputs.preferredAffinity) addTerm(scores, t, t.weight, existing, undefined, labels, 1);
  for (const t of inputs.preferredAntiAffinity) addTerm(scores, t, t.weight, existing, undefined, labels, -1);
  if (inputs.hardPodAffinityWeight > 0)
    for (const t of existing.requiredAffinityTerms)
      addTerm(scores, t, inputs.hardPodAffinityWeight, inputs.pod, inputs.namespaceLabels, labels, 1);
  if (inputs.ignorePreferredTermsOfExistingPods) return;
  for (const t of existing.preferredAffinityTerms)
    addTerm(scores, t, t.weight, inputs.pod, inputs.namespaceLabels, labels, 1);
  for (const t of existing.preferredAntiAffinityTerms)
    addTerm(scores, t, t.weight, inputs.pod, inputs.namespaceLabels, labels, -1);
}

/** The raw score of a node: the sum of the pair scores its labels form. */
export function scoreAffinity(s: AffinityScoreState, node: NodeInfo): number {
  let score = 0;
  for (const key of s.topologyScore.keys()) {
    const value = node.labels[key];
    if (value !== undefined) score += s.topologyScore.get(key, value);
  }
  return score;
}

/** Scales raw scores (possibly negative) linearly to 0–100 between their minimum and maximum. */
export function normalizeAffinity(scores: number[]): void {
  let min = Infinity;
  let max = -Infinity;
  for (const s of scores) {
    if (s > max) max = s;
    if (s < min) min = s;
  }
  const diff = max - min;
  for (let i = 0; i < scores.length; i++)
    scores[i] = diff > 0 ? Math.trunc(maxNodeScore * ((scores[i]! - min) / diff)) : 0;
}

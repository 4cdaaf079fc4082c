import type { BoundedMemo } from '../../../base/bounded-memo.js';
import { RequiredNodeAffinity } from '../../corev1/node-selector.js';
import type { StateData } from '../../framework/cycle-state.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { maxNodeScore } from '../../framework/normalize-score.js';
import type { PodInfo } from '../../framework/pod-info.js';
import {
  countMatchingPods,
  hostnameLabel,
  matchesInclusionPolicies,
  nodeHasAllTopologyKeys,
  type SpreadConstraint,
} from './constraints.js';
import { DomainCounts } from './domain-counts.js';

/** What PreScore computes for the soft constraints. */
export class SpreadScoreState implements StateData {
  constructor(
    readonly constraints: readonly SpreadConstraint[],
    /** Nodes missing a topology key: they score 0. */
    readonly ignoredNodes: ReadonlySet<string>,
    /** Per constraint, matching pods per domain (hostname domains are counted in Score). */
    readonly podCounts: readonly Map<string, number>[],
    /** Per constraint, log(number of domains + 2), so small topologies are not watered down. */
    readonly weights: readonly number[],
    readonly namespace: string,
  ) {}

  clone(): StateData {
    return this;
  }
}

/** A constraint's contribution for `count` matching pods. */
export function scoreForCount(count: number, maxSkew: number, weight: number): number {
  return count * weight + (maxSkew - 1);
}

/**
 * Upstream's PreScore: domains come from the feasible nodes, pod counts from every node that
 * passes the inclusion policies. `requireAllTopologies` is false only for system-default spreading,
 * so nodes without a zone label still spread by hostname. `memo` keeps per-domain totals between
 * cycles (DomainCounts).
 */
export function computeScoreState(
  pod: PodInfo,
  constraints: readonly SpreadConstraint[],
  filtered: readonly NodeInfo[],
  all: readonly NodeInfo[],
  requireAllTopologies: boolean,
  memo: BoundedMemo<DomainCounts>,
): SpreadScoreState {
  const ignored = new Set<string>();
  const counts = constraints.map(() => new Map<string, number>());
  for (const node of filtered) {
    if (requireAllTopologies && !nodeHasAllTopologyKeys(node.labels, constraints)) {
      ignored.add(node.name);
      continue;
    }
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i]!;
      if (c.topologyKey === hostnameLabel) continue;
      const value = node.labels[c.topologyKey] ?? '';
      if (!counts[i]!.has(value)) counts[i]!.set(value, 0);
    }
  }
  const weights = constraints.map((c, i) =>
    Math.log((c.topologyKey === hostnameLabel ? filtered.length - ignored.size : counts[i]!.size) + 2),
  );
  const required = new RequiredNodeAffinity(pod.pod);
  const tolerations = pod.pod.spec?.tolerations;
  for (let i = 0; i < constraints.length; i++) {
    const c = constraints[i]!;
    const m = counts[i]!;
    if (c.topologyKey === hostnameLabel || m.size === 0) continue;
    const included = (node: NodeInfo) =>
      !(requireAllTopologies && !nodeHasAllTopologyKeys(node.labels, constraints)) &&
      matchesInclusionPolicies(c, node, required, tolerations);
    const nodeCount = (node: NodeInfo) =>
      included(node)
        ? {
            domain: node.labels[c.topologyKey] ?? '',
            count: countMatchingPods(node, c.selector, pod.namespace),
          }
        : undefined;
    // Which nodes count depends on the pod only through its node affinity and tolerations; without
    // those (the common case) the totals carry over from the previous pod of the same selector.
    const podIndependent =
      (c.nodeAffinityPolicy === 'Ignore' || required.unconstrained) && c.nodeTaintsPolicy === 'Ignore';
    let totals: ReadonlyMap<string, number>;
    if (podIndependent) {
      const keys = requireAllTopologies ? constraints.map((x) => x.topologyKey).join(',') : '';
      const key = `${c.topologyKey}\n${c.selector.keyIn(pod.namespace)}\n${keys}`;
      totals = memo.get(key, () => new DomainCounts()).update(all, nodeCount);
    } else {
      totals = new DomainCounts().update(all, nodeCount);
    }
    // Only domains some feasible node is in are counted.
    for (const domain of m.keys()) m.set(domain, totals.get(domain) ?? 0);
  }
  return new SpreadScoreState(constraints, ignored, counts, weights, pod.namespace);
}

/** The raw score of a node: the weighted count of matching pods in its domains (lower is better). */
export function scoreSpread(s: SpreadScoreState, node: NodeInfo): number {
  if (s.ignoredNodes.has(node.name)) return 0;
  let score = 0;
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i]!;
    const value = node.labels[c.topologyKey];
    if (value === undefined) continue;
    const count =
      c.topologyKey === hostnameLabel
        ? countMatchingPods(node, c.selector, s.namespace)
        : (s.podCounts[i]!.get(value) ?? 0);
    score += scoreForCount(count, c.maxSkew, s.weights[i]!);
  }
  return Math.round(score);
}

/** Reverses and scales the raw scores so the least crowded domains get 100; ignored nodes get 0. */
export function normalizeSpread(s: SpreadScoreState, scores: number[], nodes: readonly NodeInfo[]): void {
  let min = Infinity;
  let max = 0;
  for (let i = 0; i < scores.length; i++) {
    if (s.ignoredNodes.has(nodes[i]!.name)) continue;
    const v = scores[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  for (let i = 0; i < scores.length; i++) {
    if (s.ignoredNodes.has(nodes[i]!.name)) {
      scores[i] = 0;
      continue;
    }
    if (max === 0) {
      scores[i] = maxNodeScore;
      continue;
    }
    scores[i] = Math.trunc((maxNodeScore * (max + min - scores[i]!)) / max);
  }
}

import type { Labels } from '../../corev1/label-matcher.js';
import { affinityTermMatches, type AffinityTerm, type TermTarget } from '../../framework/affinity-term.js';
import type { StateData } from '../../framework/cycle-state.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Status } from '../../framework/status.js';
import { TopologyCounts } from './topology-counts.js';

/** The reason for a node where the pod's required affinity finds no matching pod. */
export const errReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";
/** The reason for a node where the pod's required anti-affinity finds a matching pod. */
export const errReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";
/** The reason for a node where an existing pod's anti-affinity forbids the pod. */
export const errReasonExistingAntiAffinityRulesNotMatch =
  "node(s) didn't satisfy existing pods anti-affinity rules";

const affinityRejected = Status.unresolvable(errReasonAffinityRulesNotMatch);
const antiAffinityRejected = Status.unschedulable(errReasonAntiAffinityRulesNotMatch);
const existingRejected = Status.unschedulable(errReasonExistingAntiAffinityRulesNotMatch);

/** True when the pod matches every term (false for no terms), as upstream's podMatchesAllAffinityTerms. */
export function matchesAllTerms(terms: readonly AffinityTerm[], target: TermTarget): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!affinityTermMatches(t, target, undefined)) return false;
  return true;
}

/** What PreFilter computes: topology counts of the three kinds of required rules. */
export class AffinityFilterState implements StateData {
  constructor(
    readonly pod: PodInfo,
    /** The pod's required affinity terms, namespaceSelectors resolved. */
    readonly affinityTerms: readonly AffinityTerm[],
    readonly antiAffinityTerms: readonly AffinityTerm[],
    readonly namespaceLabels: Labels,
    /** Pairs where existing pods' anti-affinity terms match the incoming pod. */
    readonly existingAntiAffinity: TopologyCounts,
    /** Pairs with pods matching all of the incoming pod's affinity terms. */
    readonly affinity: TopologyCounts,
    /** Pairs with pods matching one of the incoming pod's anti-affinity terms. */
    readonly antiAffinity: TopologyCounts,
  ) {}

  clone(): StateData {
    return new AffinityFilterState(
      this.pod,
      this.affinityTerms,
      this.antiAffinityTerms,
      this.namespaceLabels,
      this.existingAntiAffinity.clone(),
      this.affinity.clone(),
      this.antiAffinity.clone(),
    );
  }

  /** Counts `other` on `node` in (+1) or out (−1) of the state (PreFilter extensions). */
  updateWithPod(other: PodInfo, node: NodeInfo, delta: 1 | -1): void {
    for (const t of other.requiredAntiAffinityTerms)
      if (affinityTermMatches(t, this.pod, this.namespaceLabels))
        this.existingAntiAffinity.update(node.labels, t.topologyKey, delta);
    if (matchesAllTerms(this.affinityTerms, other))
      for (const t of this.affinityTerms) this.affinity.update(node.labels, t.topologyKey, delta);
    for (const t of this.antiAffinityTerms)
      if (affinityTermMatches(t, other, undefined))
        this.antiAffinity.update(node.labels, t.topologyKey, delta);
  }
}

/** Builds the filter state from the snapshot (upstream's PreFilter). */
export function computeAffinityFilterState(
  pod: PodInfo,
  affinityTerms: readonly AffinityTerm[],
  antiAffinityTerms: readonly AffinityTerm[],
  namespaceLabels: Labels,
  allNodes: readonly NodeInfo[],
  nodesWithRequiredAntiAffinity: readonly NodeInfo[],
): AffinityFilterState {
  const existing = new TopologyCounts();
  for (const node of nodesWithRequiredAntiAffinity)
    for (const other of node.podsWithRequiredAntiAffinity)
      for (const t of other.requiredAntiAffinityTerms)
        if (affinityTermMatches(t, pod, namespaceLabels)) existing.update(node.labels, t.topologyKey, 1);
  const affinity = new TopologyCounts();
  const anti = new TopologyCounts();
  if (affinityTerms.length > 0 || antiAffinityTerms.length > 0) {
    for (const node of allNodes) {
      if (node.numPods === 0) continue;
      for (const other of node.pods) {
        if (affinityTerms.length > 0 && matchesAllTerms(affinityTerms, other))
          for (const t of affinityTerms) affinity.update(node.labels, t.topologyKey, 1);
        for (const t of antiAffinityTerms)
          if (affinityTermMatches(t, other, undefined)) anti.update(node.labels, t.topologyKey, 1);
      }
    }
  }
  return new AffinityFilterState(
    pod,
    affinityTerms,
    antiAffinityTerms,
    namespaceLabels,
    existing,
    affinity,
    anti,
  );
}

function satisfiesAffinity(s: AffinityFilterState, node: NodeInfo): boolean {
  let podsExist = true;
  for (const t of s.affinityTerms) {
    const value = node.labels[t.topologyKey];
    if (value === undefined) return false;
    if (s.affinity.get(t.topologyKey, value) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  // The first pod of a group with affinity to itself: allowed where the topology exists, when no
  // pod anywhere matches yet and the pod matches its own terms.
  return s.affinity.size === 0 && matchesAllTerms(s.affinityTerms, s.pod);
}

function satisfiesAntiAffinity(s: AffinityFilterState, node: NodeInfo): boolean {
  if (s.antiAffinity.size === 0) return true;
  for (const t of s.antiAffinityTerms) {
    const value = node.labels[t.topologyKey];
    if (value !== undefined && s.antiAffinity.get(t.topologyKey, value) > 0) return false;
  }
  return true;
}

/** The Filter verdict, checking the pod's affinity, its anti-affinity, then existing pods' anti-affinity. */
export function filterAffinity(s: AffinityFilterState, node: NodeInfo): Status | undefined {
  if (!satisfiesAffinity(s, node)) return affinityRejected;
  if (!satisfiesAntiAffinity(s, node)) return antiAffinityRejected;
  if (s.existingAntiAffinity.size > 0 && s.existingAntiAffinity.anyPositive(node.labels))
    return existingRejected;
  return undefined;
}

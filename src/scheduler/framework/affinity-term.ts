import type { Pod, PodAffinityTerm, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1.js';
import { LabelMatcher, type Labels } from '../corev1/label-matcher.js';

/**
 * A pod (anti-)affinity term with its selectors compiled (upstream's framework.AffinityTerm). When
 * the term names no namespaces and has no namespaceSelector, it applies to the pod's own namespace.
 */
export interface AffinityTerm {
  readonly namespaces: ReadonlySet<string>;
  readonly namespaceSelector: LabelMatcher;
  readonly selector: LabelMatcher;
  readonly topologyKey: string;
}

/** An affinity term with the weight of its preference. */
export interface WeightedAffinityTerm extends AffinityTerm {
  readonly weight: number;
}

/** What a term is matched against: a pod's namespace and labels. */
export interface TermTarget {
  readonly namespace: string;
  readonly labels: Labels;
}

/** Compiles one PodAffinityTerm of a pod in `namespace`; throws on an invalid selector. */
export function newAffinityTerm(namespace: string, term: PodAffinityTerm): AffinityTerm {
  const names = term.namespaces ?? [];
  const hasSelector = term.namespaceSelector !== undefined && term.namespaceSelector !== null;
  const namespaces = new Set(names.length === 0 && !hasSelector ? [namespace] : names);
  return {
    namespaces,
    namespaceSelector: LabelMatcher.fromLabelSelector(term.namespaceSelector),
    selector: LabelMatcher.fromLabelSelector(term.labelSelector),
    topologyKey: term.topologyKey,
  };
}

/** Compiles weighted terms; terms with weight 0 are dropped as upstream does. */
export function newWeightedAffinityTerms(
  namespace: string,
  terms: readonly WeightedPodAffinityTerm[] | undefined,
): WeightedAffinityTerm[] {
  const out: WeightedAffinityTerm[] = [];
  for (const t of terms ?? []) {
    if (!t.weight) continue;
    out.push({ ...newAffinityTerm(namespace, t.podAffinityTerm), weight: t.weight });
  }
  return out;
}

/**
 * True when `target` is in the term's namespaces (listed, or selected by labels `nsLabels` of its
 * namespace) and its labels match the term's selector.
 */
export function affinityTermMatches(
  term: AffinityTerm,
  target: TermTarget,
  nsLabels: Labels | undefined,
): boolean {
  if (term.namespaces.has(target.namespace) || term.namespaceSelector.matches(nsLabels ?? {})) {
    return term.selector.matches(target.labels);
  }
  return false;
}

/** The required affinity terms of a pod's spec, compiled. */
export function requiredTerms(pod: Pod, kind: 'podAffinity' | 'podAntiAffinity'): AffinityTerm[] {
  const ns = pod.metadata?.namespace ?? '';
  const terms = pod.spec?.affinity?.[kind]?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  return terms.map((t) => newAffinityTerm(ns, t));
}

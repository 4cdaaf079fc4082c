import type { Namespace } from 'kubernetes-types/core/v1.js';
import type { Labels } from '../../corev1/label-matcher.js';
import { LabelMatcher } from '../../corev1/label-matcher.js';
import type { AffinityTerm } from '../../framework/affinity-term.js';
import type { ReadLister } from '../../framework/listers.js';

/** The labels of namespace `name` ({} when unknown). */
export function namespaceLabels(name: string, namespaces: ReadLister<Namespace>): Labels {
  return namespaces.get('', name)?.metadata?.labels ?? {};
}

/**
 * The term with a namespaceSelector resolved into its namespace list (upstream's
 * mergeAffinityTermNamespacesIfNotEmpty): after this, matching needs no namespace labels. A term
 * selecting every namespace (an empty selector) is left as it is.
 */
export function mergeTermNamespaces<T extends AffinityTerm>(term: T, namespaces: ReadLister<Namespace>): T {
  const sel = term.namespaceSelector;
  if (sel.empty || sel.nothing) return term;
  const names = new Set(term.namespaces);
  for (const ns of namespaces.list())
    if (sel.matches(ns.metadata?.labels ?? {})) names.add(ns.metadata?.name ?? '');
  return { ...term, namespaces: names, namespaceSelector: LabelMatcher.nothingMatcher() };
}

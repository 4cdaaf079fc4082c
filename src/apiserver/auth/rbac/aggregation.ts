// ClusterRole aggregation (upstream's clusterrole-aggregation controller): an aggregated role's
// rules are the union of the rules of every ClusterRole its selectors match. The controller calls
// this and writes the result; the authorizer only ever reads rules as stored.

import type { ClusterRole, PolicyRule } from 'kubernetes-types/rbac/v1.js';
import { deepEqual } from '../../../base/deep-equal.js';
import { selectorFromLabelSelector } from '../../../machinery/labels/index.js';

/** The rules an aggregated role should have, whether that differs from what it has, or why it failed. */
export type AggregationResult =
  | { readonly ok: true; readonly rules: PolicyRule[]; readonly changed: boolean }
  | { readonly ok: false; readonly error: string };

/**
 * The union of the rules of the roles matched by any of `role`'s selectors, selectors in order and
 * matched roles by name, each distinct rule once; undefined when `role` has no aggregationRule.
 */
export function aggregateClusterRole(
  role: ClusterRole,
  allClusterRoles: readonly ClusterRole[],
): AggregationResult | undefined {
  const selectors = role.aggregationRule?.clusterRoleSelectors;
  if (!role.aggregationRule) return undefined;
  const ownName = role.metadata?.name ?? '';
  const rules: PolicyRule[] = [];
  const sorted = [...allClusterRoles].sort((a, b) => compareNames(a.metadata?.name, b.metadata?.name));
  for (const ls of selectors ?? []) {
    let selector;
    try {
      selector = selectorFromLabelSelector(ls);
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    for (const candidate of sorted) {
      // A role never aggregates itself, even when its own labels match.
      if ((candidate.metadata?.name ?? '') === ownName) continue;
      if (!selector.matches(candidate.metadata?.labels ?? {})) continue;
      for (const rule of candidate.rules ?? []) {
        if (!rules.some((r) => sameRule(r, rule))) rules.push(structuredClone(rule));
      }
    }
  }
  return { ok: true, rules, changed: !sameRules(rules, role.rules ?? []) };
}

function compareNames(a: string | undefined, b: string | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

// Upstream compares rules with semantic equality, where an absent list equals an empty one.
function normalize(rule: PolicyRule): PolicyRule {
  return {
    verbs: rule.verbs ?? [],
    apiGroups: rule.apiGroups ?? [],
    resources: rule.resources ?? [],
    resourceNames: rule.resourceNames ?? [],
    nonResourceURLs: rule.nonResourceURLs ?? [],
  };
}

function sameRule(a: PolicyRule, b: PolicyRule): boolean {
  return deepEqual(normalize(a), normalize(b));
}

function sameRules(a: readonly PolicyRule[], b: readonly PolicyRule[]): boolean {
  return a.length === b.length && a.every((r, i) => sameRule(r, b[i]!));
}

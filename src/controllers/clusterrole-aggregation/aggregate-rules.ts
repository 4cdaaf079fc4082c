import type { ClusterRole, PolicyRule } from 'kubernetes-types/rbac/v1.js';
import { deepEqual } from '../../base/deep-equal.js';
import { selectorFromLabelSelector } from '../../machinery/labels/index.js';

// nil and empty lists are the same rule (Semantic.DeepEqual).
function normalized(rule: PolicyRule): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rule)) {
    if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return out;
}

/** True when two rule lists are the same, empty and absent fields alike. */
export function sameRules(
  a: readonly PolicyRule[] | undefined,
  b: readonly PolicyRule[] | undefined,
): boolean {
  return deepEqual((a ?? []).map(normalized), (b ?? []).map(normalized));
}

/**
 * The rules an aggregated ClusterRole should have: for each of its selectors in order, the rules of
 * the other ClusterRoles it matches, taken by name order, each distinct rule once in first-seen
 * order (syncClusterRole). Undefined for a role without an aggregationRule. Throws on a bad selector.
 */
export function aggregatedRules(role: ClusterRole, all: readonly ClusterRole[]): PolicyRule[] | undefined {
  const selectors = role.aggregationRule?.clusterRoleSelectors;
  if (role.aggregationRule === undefined || role.aggregationRule === null) return undefined;
  const rules: PolicyRule[] = [];
  for (const ls of selectors ?? []) {
    const selector = selectorFromLabelSelector(ls);
    const matching = all
      .filter((r) => selector.matches(r.metadata?.labels ?? {}))
      .sort((a, b) => ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1));
    for (const other of matching) {
      if (other.metadata?.name === role.metadata?.name) continue;
      for (const rule of other.rules ?? []) {
        if (!rules.some((r) => sameRules([r], [rule]))) rules.push(rule);
      }
    }
  }
  return rules;
}

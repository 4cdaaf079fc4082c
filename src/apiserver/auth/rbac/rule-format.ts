// How upstream prints rules in escalation errors: verbs of one group/resource folded together
// (CompactRules), each rule as `{APIGroups:["apps"], Resources:["deployments"], Verbs:["get" "list"]}`
// (rbacv1helpers.CompactString), which is Go's %q applied to a []string.

import type { PolicyRule } from 'kubernetes-types/rbac/v1.js';
import { goQuote } from '../../../machinery/errors/index.js';

/** A string list as Go's %q prints a []string: `["a" "b"]`, `[]` when empty. */
export function goQuoteList(items: readonly string[] | undefined): string {
  return `[${(items ?? []).map(goQuote).join(' ')}]`;
}

/** Upstream's CompactString: only the non-empty fields, in the order groups, resources, URLs, names, verbs. */
export function compactRuleString(rule: PolicyRule): string {
  const parts: string[] = [];
  if ((rule.apiGroups ?? []).length > 0) parts.push(`APIGroups:${goQuoteList(rule.apiGroups)}`);
  if ((rule.resources ?? []).length > 0) parts.push(`Resources:${goQuoteList(rule.resources)}`);
  if ((rule.nonResourceURLs ?? []).length > 0)
    parts.push(`NonResourceURLs:${goQuoteList(rule.nonResourceURLs)}`);
  if ((rule.resourceNames ?? []).length > 0) parts.push(`ResourceNames:${goQuoteList(rule.resourceNames)}`);
  if (rule.verbs.length > 0) parts.push(`Verbs:${goQuoteList(rule.verbs)}`);
  return `{${parts.join(', ')}}`;
}

// A rule of exactly one group and one resource, and nothing but verbs besides.
function simpleKey(rule: PolicyRule): string | undefined {
  if ((rule.resourceNames ?? []).length > 0 || (rule.nonResourceURLs ?? []).length > 0) return undefined;
  if (rule.apiGroups?.length !== 1 || rule.resources?.length !== 1) return undefined;
  return JSON.stringify([rule.apiGroups[0], rule.resources[0]]);
}

/** Upstream's CompactRules: simple rules of the same group/resource merge their verbs, in order. */
export function compactRules(rules: readonly PolicyRule[]): PolicyRule[] {
  const compacted: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const rule of rules) {
    const key = simpleKey(rule);
    if (key === undefined) {
      compacted.push(rule);
      continue;
    }
    const existing = simple.get(key);
    if (existing) existing.verbs.push(...rule.verbs);
    else
      simple.set(key, {
        apiGroups: [...(rule.apiGroups ?? [])],
        resources: [...(rule.resources ?? [])],
        verbs: [...rule.verbs],
      });
  }
  return [...compacted, ...simple.values()];
}

// Whether one PolicyRule allows a request, with upstream's exact matching semantics
// (pkg/apis/rbac/v1 evaluation helpers and the RBAC authorizer's RuleAllows).

import type { PolicyRule } from 'kubernetes-types/rbac/v1.js';
import type { AuthorizationAttributes } from './authorizer.js';

/** The wildcard RBAC uses for verbs, API groups, resources and non-resource URLs. */
export const RBAC_WILDCARD = '*';

/** True when the rule lists the verb or "*". */
export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === RBAC_WILDCARD || v === verb);
}

/** True when the rule lists the API group ("" is the core group) or "*". */
export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === RBAC_WILDCARD || g === group);
}

/**
 * True when the rule covers `combined` ("pods" or "pods/log"): an exact entry, "*", or "*\/log" for
 * any resource's log subresource. "*" alone covers subresources too, as upstream.
 */
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const r of rule.resources ?? []) {
    if (r === RBAC_WILDCARD || r === combined) return true;
    if (subresource !== '' && r === `*/${subresource}`) return true;
  }
  return false;
}

/** True when the rule names no resources (so any name) or names this one. */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

/** True when the rule lists the path, "*", or a prefix ending in "*" that the path starts with. */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const url of rule.nonResourceURLs ?? []) {
    if (url === RBAC_WILDCARD || url === path) return true;
    if (url.endsWith('*') && path.startsWith(trimTrailingStars(url))) return true;
  }
  return false;
}

/** True when this one rule allows the request. */
export function ruleAllows(attrs: AuthorizationAttributes, rule: PolicyRule): boolean {
  if (!attrs.isResourceRequest)
    return verbMatches(rule, attrs.verb) && nonResourceURLMatches(rule, attrs.path);
  const combined = attrs.subresource === '' ? attrs.resource : `${attrs.resource}/${attrs.subresource}`;
  return (
    verbMatches(rule, attrs.verb) &&
    apiGroupMatches(rule, attrs.apiGroup) &&
    resourceMatches(rule, combined, attrs.subresource) &&
    resourceNameMatches(rule, attrs.name)
  );
}

/** True when any of the rules allows the request. */
export function rulesAllow(attrs: AuthorizationAttributes, rules: readonly PolicyRule[]): boolean {
  return rules.some((r) => ruleAllows(attrs, r));
}

/** Go's strings.TrimRight(s, "*"): every trailing star goes. */
export function trimTrailingStars(s: string): string {
  let end = s.length;
  while (end > 0 && s[end - 1] === '*') end--;
  return s.slice(0, end);
}

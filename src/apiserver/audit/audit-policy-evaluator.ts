// Upstream's policy checker (k8s.io/apiserver/pkg/audit/policy): the first matching rule decides the
// level; a request no rule matches is not audited (level None).

import type { AuthorizationAttributes } from '../auth/rbac/authorizer.js';
import type { AuditLevel, AuditPolicy, AuditStage, PolicyRule } from './audit-policy.js';

/** What the policy decided for one request. */
export interface AuditDecision {
  readonly level: AuditLevel;
  /** Stages not to emit: the policy's omitStages plus the matching rule's. */
  readonly omitStages: readonly AuditStage[];
  /** Whether managedFields are stripped from logged objects. */
  readonly omitManagedFields: boolean;
}

function pathMatches(path: string, spec: string): boolean {
  if (spec === '*' || spec === path) return true;
  return spec.endsWith('*') && path.startsWith(spec.replace(/\*+$/, ''));
}

function matchesResource(rule: PolicyRule, attrs: AuthorizationAttributes): boolean {
  if (!attrs.isResourceRequest) return false;
  // Cluster-scoped resources match the namespace "".
  if (rule.namespaces?.length && !rule.namespaces.includes(attrs.namespace)) return false;
  if (!rule.resources?.length) return true;
  const combined = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  for (const gr of rule.resources) {
    if ((gr.group ?? '') !== attrs.apiGroup) continue;
    if (!gr.resources?.length) return true;
    if (gr.resourceNames?.length && !gr.resourceNames.includes(attrs.name)) continue;
    for (const res of gr.resources) {
      if (res === combined || res === '*') return true;
      if (attrs.subresource && res.startsWith('*/') && res.slice(2) === attrs.subresource) return true;
      if (res.endsWith('/*') && res.slice(0, -2) === attrs.resource) return true;
    }
  }
  return false;
}

/** True when `rule` applies to the request. */
export function ruleMatches(rule: PolicyRule, attrs: AuthorizationAttributes): boolean {
  if (rule.users?.length && !rule.users.includes(attrs.user.name)) return false;
  if (rule.userGroups?.length && !attrs.user.groups.some((g) => rule.userGroups!.includes(g))) return false;
  if (rule.verbs?.length && !rule.verbs.includes(attrs.verb)) return false;
  if (rule.namespaces?.length || rule.resources?.length) return matchesResource(rule, attrs);
  if (rule.nonResourceURLs?.length) {
    return !attrs.isResourceRequest && rule.nonResourceURLs.some((spec) => pathMatches(attrs.path, spec));
  }
  return true;
}

/** Evaluates the policy for a request. */
export function evaluateAuditPolicy(policy: AuditPolicy, attrs: AuthorizationAttributes): AuditDecision {
  const base = policy.omitStages ?? [];
  for (const rule of policy.rules) {
    if (!ruleMatches(rule, attrs)) continue;
    return {
      level: rule.level,
      omitStages: [...new Set([...base, ...(rule.omitStages ?? [])])],
      omitManagedFields: rule.omitManagedFields ?? policy.omitManagedFields ?? false,
    };
  }
  return { level: 'None', omitStages: base, omitManagedFields: policy.omitManagedFields ?? false };
}

// Whether a webhook rule covers a request (upstream's rules.Matcher): scope, operation, group,
// version and resource/subresource, each with its "*" wildcard.

import type { WebhookRule } from './webhook-accessor.js';

/** A group/version/resource triple. */
export interface GroupVersionResource {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
}

/** What the rules look at in a request. */
export interface RuleAttributes {
  readonly operation: string;
  readonly resource: GroupVersionResource;
  readonly subresource: string;
  /** The request's namespace; for a namespace object itself, its own name (as RequestInfo sets it). */
  readonly namespace: string;
}

function exactOrWildcard(items: readonly string[], requested: string): boolean {
  return items.some((item) => item === '*' || item === requested);
}

function isNamespaceResource(r: GroupVersionResource): boolean {
  return r.group === '' && r.version === 'v1' && r.resource === 'namespaces';
}

function scopeMatches(rule: WebhookRule, attrs: RuleAttributes): boolean {
  switch (rule.scope) {
    case '*':
      return true;
    // Namespace objects are cluster-scoped even though their requests carry a namespace.
    case 'Namespaced':
      return !isNamespaceResource(attrs.resource) && attrs.namespace !== '';
    case 'Cluster':
      return isNamespaceResource(attrs.resource) || attrs.namespace === '';
    default:
      return false;
  }
}

function resourceMatches(rule: WebhookRule, attrs: RuleAttributes): boolean {
  return rule.resources.some((entry) => {
    const slash = entry.indexOf('/');
    const res = slash < 0 ? entry : entry.slice(0, slash);
    const sub = slash < 0 ? '' : entry.slice(slash + 1);
    // "*" alone means every resource but none of their subresources.
    return (res === '*' || res === attrs.resource.resource) && (sub === '*' || sub === attrs.subresource);
  });
}

/** True when the rule covers the request. */
export function ruleMatches(rule: WebhookRule, attrs: RuleAttributes): boolean {
  return (
    scopeMatches(rule, attrs) &&
    exactOrWildcard(rule.operations, attrs.operation) &&
    exactOrWildcard(rule.apiGroups, attrs.resource.group) &&
    exactOrWildcard(rule.apiVersions, attrs.resource.version) &&
    resourceMatches(rule, attrs)
  );
}

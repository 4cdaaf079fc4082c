// Privilege-escalation prevention for RBAC writes (upstream's policybased storages and
// ConfirmNoEscalation): a user may only write a role granting what they already hold, or bind a
// role whose permissions they hold, unless they are explicitly allowed to "escalate" / "bind".

import type { AggregationRule, PolicyRule, RoleRef } from 'kubernetes-types/rbac/v1.js';
import { errorToStatus, forbidden, goQuote, notFound, StatusError } from '../../../machinery/errors/index.js';
import type { UserInfo } from '../../http/api-request.js';
import type { Authorizer } from './authorizer.js';
import { isOnlyMutatingGCFields, type ObjectWithMetadata } from './gc-only-update.js';
import { covers } from './policy-comparator.js';
import { isSuperuser, RbacAuthorizer } from './rbac-authorizer.js';
import { compactRuleString, compactRules, goQuoteList } from './rule-format.js';
import { aggregateErrorMessage, RBAC_GROUP, resolveRulesFor, roleReferenceRules } from './rule-resolver.js';
import type { RbacRuleSource } from './rule-source.js';

/** What every escalation check needs: who writes, and where their permissions come from. */
export interface EscalationContext {
  readonly source: RbacRuleSource;
  readonly user: UserInfo;
  /** Judges the "escalate" and "bind" verbs; RBAC over `source` when not given. */
  readonly authorizer?: Authorizer;
}

// Setting an aggregationRule can gather any permission, so it needs all of them.
const fullAuthority: readonly PolicyRule[] = [
  { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
  { nonResourceURLs: ['*'], verbs: ['*'] },
];

/** True for system:masters, whose writes skip every escalation check (upstream's EscalationAllowed). */
export function escalationAllowed(user: UserInfo): boolean {
  return isSuperuser(user);
}

/**
 * Upstream's ConfirmNoEscalation: undefined when the user's rules in `namespace` ("" = cluster-wide
 * only) cover `rules`, else the error text listing what is missing, one compact rule per line.
 */
export function confirmNoEscalation(
  source: RbacRuleSource,
  user: UserInfo,
  namespace: string,
  rules: readonly PolicyRule[],
): string | undefined {
  const owned = resolveRulesFor(source, user, namespace);
  const result = covers(owned.rules, rules);
  if (result.covered) return undefined;
  const lines = [...new Set(compactRules(result.missing).map(compactRuleString))].sort();
  let msg =
    `user ${goQuote(user.name)} (groups=${goQuoteList(user.groups)}) is attempting to grant RBAC ` +
    `permissions not currently held:\n${lines.join('\n')}`;
  if (owned.errors.length > 0) {
    // Go prints the []error holding one aggregate with %v: "[<aggregate text>]".
    msg += `; resolution errors: [${aggregateErrorMessage(owned.errors.map((e) => e.message))}]`;
  }
  return msg;
}

/** True when the user may "escalate" on the role resource (so may grant what they do not hold). */
export function roleEscalationAuthorized(
  authorizer: Authorizer,
  user: UserInfo,
  target: { readonly resource: 'roles' | 'clusterroles'; readonly namespace: string; readonly name: string },
): boolean {
  const result = authorizer.authorize({
    user,
    verb: 'escalate',
    apiGroup: RBAC_GROUP,
    apiVersion: '*',
    resource: target.resource,
    subresource: '',
    name: target.name,
    namespace: target.namespace,
    path: '',
    isResourceRequest: true,
  });
  return result.decision === 'allow';
}

/**
 * True when the user may "bind" the referenced role in `bindingNamespace` ("" for a
 * ClusterRoleBinding), which lets them bind roles granting more than they hold.
 */
export function bindingAuthorized(
  authorizer: Authorizer,
  user: UserInfo,
  roleRef: RoleRef,
  bindingNamespace: string,
): boolean {
  let resource: string;
  if (roleRef.kind === 'ClusterRole') resource = 'clusterroles';
  else if (roleRef.kind === 'Role') resource = 'roles';
  else return false;
  const result = authorizer.authorize({
    user,
    verb: 'bind',
    apiGroup: roleRef.apiGroup,
    apiVersion: '*',
    resource,
    subresource: '',
    name: roleRef.name,
    namespace: bindingNamespace,
    path: '',
    isResourceRequest: true,
  });
  return result.decision === 'allow';
}

/** A Role or ClusterRole being created or updated. */
export interface RoleWrite {
  readonly kind: 'Role' | 'ClusterRole';
  readonly operation: 'create' | 'update';
  /** The role's namespace ("" for a ClusterRole). */
  readonly namespace: string;
  readonly name: string;
  /** The name in the request path: "" for a create, the role's name otherwise. */
  readonly requestName?: string;
  readonly rules: readonly PolicyRule[];
  readonly aggregationRule?: AggregationRule;
  /** The stored object, for updates: an update touching only GC fields is never refused. */
  readonly old?: ObjectWithMetadata;
  /** The new object, compared with `old` for the GC-only exemption. */
  readonly updated?: ObjectWithMetadata;
}

/** undefined when the role write may proceed, else the 403 upstream returns. */
export function checkRoleWrite(ctx: EscalationContext, write: RoleWrite): StatusError | undefined {
  if (escalationAllowed(ctx.user)) return undefined;
  const resource = write.kind === 'Role' ? 'roles' : 'clusterroles';
  const authorizer = ctx.authorizer ?? new RbacAuthorizer({ source: ctx.source });
  const requestName = write.requestName ?? (write.operation === 'create' ? '' : write.name);
  if (
    roleEscalationAuthorized(authorizer, ctx.user, {
      resource,
      namespace: write.namespace,
      name: requestName,
    })
  ) {
    return undefined;
  }
  if (write.operation === 'update' && write.updated && isOnlyMutatingGCFields(write.updated, write.old)) {
    return undefined;
  }
  const gr = { group: RBAC_GROUP, resource };
  const denied = confirmNoEscalation(ctx.source, ctx.user, write.namespace, write.rules);
  if (denied !== undefined) return forbidden(gr, write.name, denied);
  if (write.kind === 'ClusterRole') {
    const oldRule = (write.old as { aggregationRule?: AggregationRule } | undefined)?.aggregationRule;
    if (
      hasAggregationRule(write.aggregationRule) ||
      (write.operation === 'update' && hasAggregationRule(oldRule))
    ) {
      if (confirmNoEscalation(ctx.source, ctx.user, write.namespace, fullAuthority) !== undefined) {
        return forbidden(gr, write.name, 'must have cluster-admin privileges to use the aggregationRule');
      }
    }
  }
  return undefined;
}

function hasAggregationRule(rule: AggregationRule | undefined): boolean {
  return (rule?.clusterRoleSelectors ?? []).length > 0;
}

/** A RoleBinding or ClusterRoleBinding being created or updated. */
export interface BindingWrite {
  readonly kind: 'RoleBinding' | 'ClusterRoleBinding';
  readonly operation: 'create' | 'update';
  /** The binding's namespace ("" for a ClusterRoleBinding). */
  readonly namespace: string;
  readonly name: string;
  readonly roleRef: RoleRef;
  /** The stored and new objects, for the GC-only exemption on updates. */
  readonly old?: ObjectWithMetadata;
  readonly updated?: ObjectWithMetadata;
}

/**
 * undefined when the binding write may proceed; a 403 when the user neither may "bind" the role
 * nor holds its permissions; a 404 when the referenced role does not exist.
 */
export function checkBindingWrite(ctx: EscalationContext, write: BindingWrite): StatusError | undefined {
  if (escalationAllowed(ctx.user)) return undefined;
  if (write.operation === 'update' && write.updated && isOnlyMutatingGCFields(write.updated, write.old)) {
    return undefined;
  }
  const authorizer = ctx.authorizer ?? new RbacAuthorizer({ source: ctx.source });
  if (bindingAuthorized(authorizer, ctx.user, write.roleRef, write.namespace)) return undefined;
  const resolved = roleReferenceRules(ctx.source, write.roleRef, write.namespace);
  if (!resolved.ok) {
    // The registry, not a lister, answers here upstream, so the resource is named in the plural.
    if (resolved.error.reason === 'NotFound') {
      const resource = write.roleRef.kind === 'Role' ? 'roles' : 'clusterroles';
      return notFound({ group: RBAC_GROUP, resource }, write.roleRef.name);
    }
    return new StatusError(errorToStatus(new Error(resolved.error.message)));
  }
  const denied = confirmNoEscalation(ctx.source, ctx.user, write.namespace, resolved.rules);
  if (denied === undefined) return undefined;
  const resource = write.kind === 'RoleBinding' ? 'rolebindings' : 'clusterrolebindings';
  return forbidden({ group: RBAC_GROUP, resource }, write.name, denied);
}

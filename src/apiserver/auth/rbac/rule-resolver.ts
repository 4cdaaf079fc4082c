// Finds the rules that apply to a user in a namespace (upstream's DefaultRuleResolver): every
// ClusterRoleBinding naming the user, then, for a namespaced request, every RoleBinding there.
// A binding whose role is missing is reported as an error but never stops the walk: rules only
// ever add permissions, so whatever was found still counts.

import type { ClusterRoleBinding, PolicyRule, RoleBinding, RoleRef } from 'kubernetes-types/rbac/v1.js';
import type { UserInfo } from '../../http/api-request.js';
import { goQuote } from '../../../machinery/errors/index.js';
import type { RbacRuleSource } from './rule-source.js';
import { describeSubject, firstApplyingSubject } from './subjects.js';

/** The API group of RBAC objects. */
export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** Why a roleRef could not be resolved. */
export interface RoleRefError {
  readonly reason: 'NotFound' | 'UnsupportedKind';
  readonly kind: string;
  readonly name: string;
  /** The message upstream's listers give (`clusterrole.rbac.authorization.k8s.io "x" not found`). */
  readonly message: string;
}

/** The rules a roleRef stands for, or why it could not be resolved. */
export type RoleRefResolution =
  | { readonly ok: true; readonly rules: readonly PolicyRule[] }
  | { readonly ok: false; readonly error: RoleRefError };

/** The binding that granted a rule, described as upstream's "allowed by" reasons do. */
export interface RuleOrigin {
  readonly binding: ClusterRoleBinding | RoleBinding;
  readonly subjectIndex: number;
  describe(): string;
}

/**
 * Called per applicable rule (with its origin) and per resolution error; returning false stops the
 * walk early, as the authorizer does on the first allowing rule.
 */
export type RuleVisitor = (
  origin: RuleOrigin | undefined,
  rule: PolicyRule | undefined,
  error: RoleRefError | undefined,
) => boolean;

/** The rules of a roleRef; `bindingNamespace` is "" for a ClusterRoleBinding. */
export function roleReferenceRules(
  source: RbacRuleSource,
  ref: RoleRef,
  bindingNamespace: string,
): RoleRefResolution {
  switch (ref.kind) {
    case 'Role': {
      const role = source.role(bindingNamespace, ref.name);
      return role ? { ok: true, rules: role.rules ?? [] } : notFound('role', ref.name);
    }
    case 'ClusterRole': {
      const role = source.clusterRole(ref.name);
      return role ? { ok: true, rules: role.rules ?? [] } : notFound('clusterrole', ref.name);
    }
    default:
      return {
        ok: false,
        error: {
          reason: 'UnsupportedKind',
          kind: ref.kind,
          name: ref.name,
          message: `unsupported role reference kind: ${goQuote(ref.kind)}`,
        },
      };
  }
}

function notFound(singular: 'role' | 'clusterrole', name: string): RoleRefResolution {
  // Upstream's generated listers name the resource in the singular.
  const message = `${singular}.${RBAC_GROUP} ${goQuote(name)} not found`;
  return {
    ok: false,
    error: { reason: 'NotFound', kind: singular === 'role' ? 'Role' : 'ClusterRole', name, message },
  };
}

/** Visits every rule that applies to the user in the namespace ("" = cluster scope only). */
export function visitRulesFor(
  source: RbacRuleSource,
  user: UserInfo,
  namespace: string,
  visit: RuleVisitor,
): void {
  for (const binding of source.clusterRoleBindings()) {
    if (!visitBinding(source, user, binding, '', 'ClusterRoleBinding', visit)) return;
  }
  if (namespace === '') return;
  for (const binding of source.roleBindings(namespace)) {
    if (!visitBinding(source, user, binding, namespace, 'RoleBinding', visit)) return;
  }
}

function visitBinding(
  source: RbacRuleSource,
  user: UserInfo,
  binding: ClusterRoleBinding | RoleBinding,
  namespace: string,
  kind: 'ClusterRoleBinding' | 'RoleBinding',
  visit: RuleVisitor,
): boolean {
  const subjectIndex = firstApplyingSubject(user, binding.subjects, namespace);
  if (subjectIndex < 0) return true;
  const resolved = roleReferenceRules(source, binding.roleRef, namespace);
  if (!resolved.ok) return visit(undefined, undefined, resolved.error);
  const origin: RuleOrigin = {
    binding,
    subjectIndex,
    describe: () => describeOrigin(kind, binding, subjectIndex, namespace),
  };
  for (const rule of resolved.rules) {
    if (!visit(origin, rule, undefined)) return false;
  }
  return true;
}

function describeOrigin(
  kind: 'ClusterRoleBinding' | 'RoleBinding',
  binding: ClusterRoleBinding | RoleBinding,
  subjectIndex: number,
  namespace: string,
): string {
  const name = binding.metadata?.name ?? '';
  const shownName = kind === 'RoleBinding' ? `${name}/${binding.metadata?.namespace ?? namespace}` : name;
  const subject = binding.subjects?.[subjectIndex];
  const who = subject ? describeSubject(subject, namespace) : '';
  return `${kind} ${goQuote(shownName)} of ${binding.roleRef.kind} ${goQuote(binding.roleRef.name)} to ${who}`;
}

/** Every applicable rule and every resolution error, in visiting order. */
export interface ResolvedRules {
  readonly rules: readonly PolicyRule[];
  readonly errors: readonly RoleRefError[];
}

/** All the rules that apply to the user in the namespace, as upstream's RulesFor. */
export function resolveRulesFor(source: RbacRuleSource, user: UserInfo, namespace: string): ResolvedRules {
  const rules: PolicyRule[] = [];
  const errors: RoleRefError[] = [];
  visitRulesFor(source, user, namespace, (_origin, rule, error) => {
    if (rule) rules.push(rule);
    if (error) errors.push(error);
    return true;
  });
  return { rules, errors };
}

/**
 * The text of several errors as Go's utilerrors.NewAggregate prints them: one message alone,
 * several de-duplicated and bracketed as "[a, b]".
 */
export function aggregateErrorMessage(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  if (messages.length === 1 || unique.length === 1) return unique[0] ?? '';
  if (unique.length === 0) return '';
  return `[${unique.join(', ')}]`;
}

// Where RBAC reads roles and bindings from. The apiserver backs it with its watch caches; tests and
// the bootstrap code back it with plain arrays.

import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-types/rbac/v1.js';

/** Read access to the RBAC objects, as upstream's role/binding getters and listers. */
export interface RbacRuleSource {
  /** Every ClusterRoleBinding. */
  clusterRoleBindings(): readonly ClusterRoleBinding[];
  /** The RoleBindings of one namespace. */
  roleBindings(namespace: string): readonly RoleBinding[];
  /** The ClusterRole of that name, if any. */
  clusterRole(name: string): ClusterRole | undefined;
  /** The Role of that namespace and name, if any. */
  role(namespace: string, name: string): Role | undefined;
}

/** The objects a static rule source serves. */
export interface StaticRbacObjects {
  readonly clusterRoles?: readonly ClusterRole[];
  readonly clusterRoleBindings?: readonly ClusterRoleBinding[];
  readonly roles?: readonly Role[];
  readonly roleBindings?: readonly RoleBinding[];
}

/** A rule source over fixed lists (tests, and checks against the bootstrap policy itself). */
export function staticRuleSource(objects: StaticRbacObjects): RbacRuleSource {
  const clusterRoles = new Map((objects.clusterRoles ?? []).map((r) => [r.metadata?.name ?? '', r]));
  const roles = new Map((objects.roles ?? []).map((r) => [key(r.metadata?.namespace, r.metadata?.name), r]));
  const clusterRoleBindings = objects.clusterRoleBindings ?? [];
  const roleBindings = objects.roleBindings ?? [];
  return {
    clusterRoleBindings: () => clusterRoleBindings,
    roleBindings: (namespace) => roleBindings.filter((b) => b.metadata?.namespace === namespace),
    clusterRole: (name) => clusterRoles.get(name),
    role: (namespace, name) => roles.get(key(namespace, name)),
  };
}

function key(namespace: string | undefined, name: string | undefined): string {
  return `${namespace ?? ''}/${name ?? ''}`;
}

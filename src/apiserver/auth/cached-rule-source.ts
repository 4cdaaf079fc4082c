import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-types/rbac/v1.js';
import type { ResourceRegistry } from '../resource-registry.js';
import type { RbacRuleSource } from './rbac/rule-source.js';

const group = 'rbac.authorization.k8s.io';

/** RBAC's roles and bindings read from the watch caches, as upstream's authorizer reads its informers. */
export function cachedRuleSource(registry: ResourceRegistry): RbacRuleSource {
  const store = (resource: string) => registry.preferred(group, resource).store;
  const clusterRoles = store('clusterroles');
  const clusterRoleBindings = store('clusterrolebindings');
  const roles = store('roles');
  const roleBindings = store('rolebindings');
  return {
    clusterRoleBindings: () => clusterRoleBindings.cachedList() as unknown as ClusterRoleBinding[],
    roleBindings: (namespace) => roleBindings.cachedList(namespace) as unknown as RoleBinding[],
    clusterRole: (name) => clusterRoles.cachedGet('', name) as unknown as ClusterRole | undefined,
    role: (namespace, name) => roles.cachedGet(namespace, name) as unknown as Role | undefined,
  };
}

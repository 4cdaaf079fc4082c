// The namespaced Roles and RoleBindings of the Kubernetes 1.32 bootstrap policy, in kube-system and
// kube-public: delegated-auth config reading, leader locking, bootstrap tokens.

import type { Role, RoleBinding } from 'kubernetes-types/rbac/v1.js';
import { CONTROLLER_ROLE_PREFIX } from './controller-roles.js';
import { identities } from './cluster-role-bindings.js';
import {
  eventsRule,
  groups as g,
  namespacedRole,
  roleBinding,
  rule,
  serviceAccountSubject,
  userSubject,
} from './policy-builders.js';

const system = 'kube-system';
const publicNs = 'kube-public';

/** The default Roles, kube-system first. */
export function defaultNamespacedRoles(): Role[] {
  return [
    // The ConfigMap holding the authentication config that aggregated API servers read.
    namespacedRole(system, 'extension-apiserver-authentication-reader', [
      rule('get', 'list', 'watch')
        .groups(g.core)
        .resources('configmaps')
        .names('extension-apiserver-authentication')
        .build(),
    ]),
    namespacedRole(system, `${CONTROLLER_ROLE_PREFIX}bootstrap-signer`, [
      rule('get', 'list', 'watch').groups(g.core).resources('secrets').build(),
    ]),
    // Deprecated since 1.10, kept as upstream still ships it.
    namespacedRole(system, `${CONTROLLER_ROLE_PREFIX}cloud-provider`, [
      rule('create', 'get', 'list', 'watch').groups(g.core).resources('configmaps').build(),
    ]),
    namespacedRole(system, `${CONTROLLER_ROLE_PREFIX}token-cleaner`, [
      rule('get', 'list', 'watch', 'delete').groups(g.core).resources('secrets').build(),
      eventsRule(),
    ]),
    namespacedRole(system, 'system::leader-locking-kube-controller-manager', [
      rule('watch').groups(g.core).resources('configmaps').build(),
      rule('get', 'update').groups(g.core).resources('configmaps').names('kube-controller-manager').build(),
      rule('get', 'watch', 'list', 'create', 'update').groups(g.coordination).resources('leases').build(),
    ]),
    namespacedRole(system, 'system::leader-locking-kube-scheduler', [
      rule('watch').groups(g.core).resources('configmaps').build(),
      rule('get', 'update').groups(g.core).resources('configmaps').names('kube-scheduler').build(),
    ]),
    namespacedRole(publicNs, `${CONTROLLER_ROLE_PREFIX}bootstrap-signer`, [
      rule('get', 'list', 'watch').groups(g.core).resources('configmaps').build(),
      rule('update').groups(g.core).resources('configmaps').names('cluster-info').build(),
      eventsRule(),
    ]),
  ];
}

/** The default RoleBindings, kube-system first. */
export function defaultNamespacedRoleBindings(): RoleBinding[] {
  const sa = (name: string) => serviceAccountSubject(system, name);
  return [
    roleBinding(
      system,
      'extension-apiserver-authentication-reader',
      [userSubject(identities.kubeControllerManager), userSubject(identities.kubeScheduler)],
      'system::extension-apiserver-authentication-reader',
    ),
    roleBinding(system, 'system::leader-locking-kube-controller-manager', [
      userSubject(identities.kubeControllerManager),
      sa('kube-controller-manager'),
      sa('leader-election-controller'),
    ]),
    roleBinding(system, 'system::leader-locking-kube-scheduler', [
      userSubject(identities.kubeScheduler),
      sa('kube-scheduler'),
    ]),
    roleBinding(system, `${CONTROLLER_ROLE_PREFIX}bootstrap-signer`, [sa('bootstrap-signer')]),
    roleBinding(system, `${CONTROLLER_ROLE_PREFIX}cloud-provider`, [sa('cloud-provider')]),
    roleBinding(system, `${CONTROLLER_ROLE_PREFIX}token-cleaner`, [sa('token-cleaner')]),
    roleBinding(publicNs, `${CONTROLLER_ROLE_PREFIX}bootstrap-signer`, [sa('bootstrap-signer')]),
  ];
}

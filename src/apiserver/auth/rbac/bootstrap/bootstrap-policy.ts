// The whole default RBAC policy the apiserver reconciles on start (upstream's bootstrappolicy
// package at Kubernetes 1.32 with default feature gates). Each call builds fresh objects, so
// callers may mutate what they get.

import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-types/rbac/v1.js';
import { certificateClusterRoles } from './certificate-roles.js';
import { defaultClusterRoleBindings } from './cluster-role-bindings.js';
import { componentClusterRoles } from './component-roles.js';
import { controllerClusterRoleBindings, controllerClusterRoles } from './controller-roles.js';
import { discoveryClusterRoles } from './discovery-roles.js';
import { defaultNamespacedRoleBindings, defaultNamespacedRoles } from './namespace-policy.js';
import { userFacingClusterRoles } from './user-facing-roles.js';

/** Every object of the bootstrap policy. */
export interface BootstrapPolicy {
  readonly clusterRoles: ClusterRole[];
  readonly clusterRoleBindings: ClusterRoleBinding[];
  /** Roles in kube-system and kube-public (those namespaces must exist before they are written). */
  readonly roles: Role[];
  readonly roleBindings: RoleBinding[];
}

/** The default ClusterRoles: user-facing, discovery, certificates, components, then controllers. */
export function bootstrapClusterRoles(): ClusterRole[] {
  return [
    ...userFacingClusterRoles(),
    ...discoveryClusterRoles(),
    ...certificateClusterRoles(),
    ...componentClusterRoles(),
    ...controllerClusterRoles(),
  ];
}

/** The default ClusterRoleBindings, then one per controller. */
export function bootstrapClusterRoleBindings(): ClusterRoleBinding[] {
  return [...defaultClusterRoleBindings(), ...controllerClusterRoleBindings()];
}

/** The complete bootstrap policy. */
export function bootstrapPolicy(): BootstrapPolicy {
  return {
    clusterRoles: bootstrapClusterRoles(),
    clusterRoleBindings: bootstrapClusterRoleBindings(),
    roles: defaultNamespacedRoles(),
    roleBindings: defaultNamespacedRoleBindings(),
  };
}

import type { ClusterRoleBinding, RoleBinding } from 'kubernetes-types/rbac/v1.js';
import type { KubeObject } from '../object.js';
import { ensureStruct, structs, view } from './fields.js';

const rbacGroup = 'rbac.authorization.k8s.io';

/**
 * RoleBinding and ClusterRoleBinding (rbac.authorization.k8s.io/v1): roleRef and User/Group
 * subjects live in the RBAC group unless told otherwise; ServiceAccount subjects in the core group.
 */
export function defaultRoleBinding(object: KubeObject): void {
  const binding = view<RoleBinding | ClusterRoleBinding>(object);
  const roleRef = ensureStruct(binding, 'roleRef');
  if (roleRef) roleRef.apiGroup ||= rbacGroup;
  for (const subject of structs(binding.subjects)) {
    if (!subject.apiGroup && (subject.kind === 'User' || subject.kind === 'Group'))
      subject.apiGroup = rbacGroup;
  }
}

// Field tables built from the published protobuf tags (generated.proto) and JSON names
// (types.go json tags) of upstream 1.32; format: ../schema.ts. Fields are in struct order, which
// is the order upstream's JSON prints them in.
import type { MessagePackage } from '../schema.js';

/** rbac.authorization.k8s.io/v1 (k8s.io/api/rbac/v1). */
export const rbacV1: MessagePackage = {
  id: 'rbacv1',
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kinds: ['ClusterRoleBinding', 'ClusterRole', 'RoleBinding', 'Role'],
  messages: {
    ClusterRoleBinding: '1:metadata:metav1.ObjectMeta 2:subjects:Subject[] 3:roleRef:RoleRef',
    Subject: '1:kind! 2:apiGroup 3:name! 4:namespace',
    RoleRef: '1:apiGroup! 2:kind! 3:name!',
    ClusterRole: '1:metadata:metav1.ObjectMeta 2:rules:PolicyRule[] 3:aggregationRule:AggregationRule',
    PolicyRule: '1:verbs[] 2:apiGroups[] 3:resources[] 4:resourceNames[] 5:nonResourceURLs[]',
    AggregationRule: '1:clusterRoleSelectors:metav1.LabelSelector[]',
    RoleBinding: '1:metadata:metav1.ObjectMeta 2:subjects:Subject[] 3:roleRef:RoleRef',
    Role: '1:metadata:metav1.ObjectMeta 2:rules:PolicyRule[]',
  },
};

// The RBAC objects kubeadm adds for joining nodes (its bootstraptoken phases), under k8ts' names:
// anonymous may read cluster-info; the default node token's group may request node client
// certificates, which csrapproving approves; nodes may renew their own.
import type { ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-types/rbac/v1.js';
import { CLUSTER_INFO_NAME, CLUSTER_INFO_NAMESPACE } from '../../api/bootstrap-tokens/cluster-info.js';

/** The extra group of the default join token (kubeadm's system:bootstrappers:kubeadm:default-node-token). */
export const DEFAULT_NODE_TOKEN_GROUP = 'system:bootstrappers:k8ts:default-node-token';

const rbacGroup = 'rbac.authorization.k8s.io';
const clusterInfoReader = 'k8ts:bootstrap-signer-clusterinfo';

function clusterRoleBinding(name: string, clusterRole: string, group: string): ClusterRoleBinding {
  return {
    apiVersion: `${rbacGroup}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: rbacGroup, kind: 'ClusterRole', name: clusterRole },
    subjects: [{ apiGroup: rbacGroup, kind: 'Group', name: group }],
  };
}

/** The Role that lets its subjects read kube-public/cluster-info and nothing else. */
export function clusterInfoReaderRole(): Role {
  return {
    apiVersion: `${rbacGroup}/v1`,
    kind: 'Role',
    metadata: { name: clusterInfoReader, namespace: CLUSTER_INFO_NAMESPACE },
    rules: [
      { apiGroups: [''], resources: ['configmaps'], resourceNames: [CLUSTER_INFO_NAME], verbs: ['get'] },
    ],
  };
}

/** Binds the cluster-info reader Role to system:anonymous: a joining node has no credentials yet. */
export function clusterInfoReaderBinding(): RoleBinding {
  return {
    apiVersion: `${rbacGroup}/v1`,
    kind: 'RoleBinding',
    metadata: { name: clusterInfoReader, namespace: CLUSTER_INFO_NAMESPACE },
    roleRef: { apiGroup: rbacGroup, kind: 'Role', name: clusterInfoReader },
    subjects: [{ apiGroup: rbacGroup, kind: 'User', name: 'system:anonymous' }],
  };
}

/** The ClusterRoleBindings for TLS bootstrap and client certificate rotation. */
export function nodeBootstrapBindings(): ClusterRoleBinding[] {
  return [
    clusterRoleBinding('k8ts:kubelet-bootstrap', 'system:node-bootstrapper', DEFAULT_NODE_TOKEN_GROUP),
    clusterRoleBinding(
      'k8ts:node-autoapprove-bootstrap',
      'system:certificates.k8s.io:certificatesigningrequests:nodeclient',
      DEFAULT_NODE_TOKEN_GROUP,
    ),
    clusterRoleBinding(
      'k8ts:node-autoapprove-certificate-rotation',
      'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient',
      'system:nodes',
    ),
  ];
}

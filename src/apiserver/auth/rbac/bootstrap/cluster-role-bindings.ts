// The default ClusterRoleBindings of the Kubernetes 1.32 bootstrap policy (controller bindings
// live with the controller roles).

import type { ClusterRoleBinding } from 'kubernetes-types/rbac/v1.js';
import { clusterRoleBinding, groupSubject, serviceAccountSubject, userSubject } from './policy-builders.js';

/** Well-known user and group names the default bindings name. */
export const identities = {
  mastersGroup: 'system:masters',
  monitoringGroup: 'system:monitoring',
  authenticatedGroup: 'system:authenticated',
  unauthenticatedGroup: 'system:unauthenticated',
  serviceAccountsGroup: 'system:serviceaccounts',
  nodesGroup: 'system:nodes',
  kubeProxy: 'system:kube-proxy',
  kubeControllerManager: 'system:kube-controller-manager',
  kubeScheduler: 'system:kube-scheduler',
  /** The apiserver's client certificate towards kubelets (kubeadm's apiserver-kubelet-client). */
  apiserverKubeletClient: 'kube-apiserver-kubelet-client',
} as const;

/** The default ClusterRoleBindings. */
export function defaultClusterRoleBindings(): ClusterRoleBinding[] {
  const id = identities;
  return [
    clusterRoleBinding('cluster-admin', [groupSubject(id.mastersGroup)]),
    clusterRoleBinding('system:monitoring', [groupSubject(id.monitoringGroup)]),
    clusterRoleBinding('system:discovery', [groupSubject(id.authenticatedGroup)]),
    clusterRoleBinding('system:basic-user', [groupSubject(id.authenticatedGroup)]),
    clusterRoleBinding('system:public-info-viewer', [
      groupSubject(id.authenticatedGroup),
      groupSubject(id.unauthenticatedGroup),
    ]),
    clusterRoleBinding('system:node-proxier', [userSubject(id.kubeProxy)]),
    clusterRoleBinding('system:kube-controller-manager', [userSubject(id.kubeControllerManager)]),
    clusterRoleBinding('system:kube-dns', [serviceAccountSubject('kube-system', 'kube-dns')]),
    clusterRoleBinding('system:kube-scheduler', [userSubject(id.kubeScheduler)]),
    clusterRoleBinding('system:volume-scheduler', [userSubject(id.kubeScheduler)]),
    // Nodes are authorized by the Node authorizer now; the binding stays without subjects so that
    // clusters that once bound system:nodes here keep a place to remove that subject from.
    clusterRoleBinding('system:node', []),
    // Kubelets authorize the apiserver's logs, exec, attach, port-forward and proxy calls through
    // SubjectAccessReview (nodes/proxy and friends). kubeadm 1.32 puts this identity in
    // kubeadm:cluster-admins (cluster-admin); k8ts grants only the kubelet API, as kubeadm is moving to.
    clusterRoleBinding('system:kubelet-api-admin', [userSubject(id.apiserverKubeletClient)]),
    // In-cluster workloads may read the OIDC discovery documents of the token issuer.
    clusterRoleBinding('system:service-account-issuer-discovery', [groupSubject(id.serviceAccountsGroup)]),
  ];
}

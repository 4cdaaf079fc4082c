// The certificates.k8s.io ClusterRoles (Kubernetes 1.32 bootstrap policy): node client CSR
// auto-approval and approval rights per built-in signer.

import type { ClusterRole } from 'kubernetes-types/rbac/v1.js';
import { clusterRole, groups as g, rule } from './policy-builders.js';

/** The built-in signer names. */
export const signers = {
  kubeAPIServerClient: 'kubernetes.io/kube-apiserver-client',
  kubeAPIServerClientKubelet: 'kubernetes.io/kube-apiserver-client-kubelet',
  kubeletServing: 'kubernetes.io/kubelet-serving',
  legacyUnknown: 'kubernetes.io/legacy-unknown',
} as const;

/** The CSR auto-approval roles and one approver role per built-in signer. */
export function certificateClusterRoles(): ClusterRole[] {
  const approver = (name: string, signer: string): ClusterRole =>
    clusterRole(name, [rule('approve').groups(g.certificates).resources('signers').names(signer).build()]);
  return [
    // Lets the CSR approver approve a node's client certificate request.
    clusterRole('system:certificates.k8s.io:certificatesigningrequests:nodeclient', [
      rule('create').groups(g.certificates).resources('certificatesigningrequests/nodeclient').build(),
    ]),
    // Same, for a request the node makes for itself (certificate rotation).
    clusterRole('system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', [
      rule('create').groups(g.certificates).resources('certificatesigningrequests/selfnodeclient').build(),
    ]),
    approver('system:certificates.k8s.io:legacy-unknown-approver', signers.legacyUnknown),
    approver('system:certificates.k8s.io:kubelet-serving-approver', signers.kubeletServing),
    approver('system:certificates.k8s.io:kube-apiserver-client-approver', signers.kubeAPIServerClient),
    approver(
      'system:certificates.k8s.io:kube-apiserver-client-kubelet-approver',
      signers.kubeAPIServerClientKubelet,
    ),
  ];
}

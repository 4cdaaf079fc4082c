// The signer names Kubernetes reserves (k8s.io/api/certificates/v1 constants).

/** Client certificates for any user of the apiserver; never auto-approved. */
export const KUBE_APISERVER_CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client';
/** Client certificates kubelets use; auto-approved by csrapproving after a SubjectAccessReview. */
export const KUBE_APISERVER_CLIENT_KUBELET_SIGNER = 'kubernetes.io/kube-apiserver-client-kubelet';
/** Serving certificates for kubelets' TLS endpoints. */
export const KUBELET_SERVING_SIGNER = 'kubernetes.io/kubelet-serving';
/** The v1beta1-only catch-all signer; the v1 API refuses new requests for it. */
export const LEGACY_UNKNOWN_SIGNER = 'kubernetes.io/legacy-unknown';

// TLS bootstrap of a node joining with a bootstrap token (kubeadm join's discovery and the kubelet's
// client certificate bootstrap), ending in the node's own credentials.
export * from './cluster-info-discovery.js';
export * from './cluster-info-verification.js';
export * from './kubelet-kubeconfig.js';
export * from './node-client-request.js';
export * from './request-node-certificate.js';
export * from './tls-bootstrap.js';

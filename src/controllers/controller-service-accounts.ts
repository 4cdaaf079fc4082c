// Which kube-system service account each controller runs as under --use-service-account-credentials:
// upstream's kube-controller-manager asks its client builder for a client per controller under
// these names, and the bootstrap RBAC policy binds system:controller:<name> to each.
import type { ControllerDescriptor } from './controller-context.js';

/** The namespace of the controllers' service accounts. */
export const CONTROLLER_SERVICE_ACCOUNT_NAMESPACE = 'kube-system';

// --controllers name → service account name (several controllers share node-controller and
// certificate-controller, as upstream's start functions do).
const serviceAccountByController: Readonly<Record<string, string>> = {
  namespace: 'namespace-controller',
  'garbage-collector': 'generic-garbage-collector',
  replicaset: 'replicaset-controller',
  replicationcontroller: 'replication-controller',
  deployment: 'deployment-controller',
  statefulset: 'statefulset-controller',
  daemonset: 'daemon-set-controller',
  job: 'job-controller',
  cronjob: 'cronjob-controller',
  'ttl-after-finished': 'ttl-after-finished-controller',
  endpointslice: 'endpointslice-controller',
  endpoint: 'endpoint-controller',
  'endpointslice-mirroring': 'endpointslicemirroring-controller',
  serviceaccount: 'service-account-controller',
  'root-ca-cert-publisher': 'root-ca-cert-publisher',
  'node-lifecycle': 'node-controller',
  // "taint-manager uses existing cluster role from node-controller", as upstream's comment says.
  'taint-eviction': 'node-controller',
  'taint-eviction-controller': 'node-controller',
  'node-ipam': 'node-controller',
  'pod-garbage-collector': 'pod-garbage-collector',
  resourcequota: 'resourcequota-controller',
  disruption: 'disruption-controller',
  'persistentvolume-binder': 'persistent-volume-binder',
  'pvc-protection': 'pvc-protection-controller',
  'pv-protection': 'pv-protection-controller',
  'clusterrole-aggregation': 'clusterrole-aggregation-controller',
  csrsigning: 'certificate-controller',
  csrapproving: 'certificate-controller',
  csrcleaner: 'certificate-controller',
  bootstrapsigner: 'bootstrap-signer',
  tokencleaner: 'token-cleaner',
  ttl: 'ttl-controller',
  'horizontal-pod-autoscaling': 'horizontal-pod-autoscaler',
  'ephemeral-volume': 'ephemeral-volume-controller',
  attachdetach: 'attachdetach-controller',
  'persistentvolume-expander': 'expand-controller',
  'legacy-service-account-token-cleaner': 'legacy-service-account-token-cleaner',
};

/**
 * The service account a controller runs as: its descriptor's own choice, else upstream's name for
 * it, else its --controllers name (for controllers upstream does not have).
 */
export function controllerServiceAccountName(descriptor: ControllerDescriptor): string {
  return descriptor.serviceAccountName ?? serviceAccountByController[descriptor.name] ?? descriptor.name;
}

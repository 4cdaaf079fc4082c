// The system:controller:<name> ClusterRoles and their bindings to the kube-system service account
// <name> that each controller runs as (controller-manager with --use-service-account-credentials).

import type { ClusterRole, ClusterRoleBinding } from 'kubernetes-types/rbac/v1.js';
import { infrastructureControllerRules } from './infrastructure-controller-rules.js';
import { clusterRole, clusterRoleBinding, serviceAccountSubject } from './policy-builders.js';
import { workloadControllerRules } from './workload-controller-rules.js';

/** The prefix of every controller role name. */
export const CONTROLLER_ROLE_PREFIX = 'system:controller:';

/** The namespace of the controllers' service accounts. */
export const CONTROLLER_NAMESPACE = 'kube-system';

// Upstream's registration order, which is also the order `kubectl get` shows before sorting.
const controllerOrder = [
  'attachdetach-controller',
  'clusterrole-aggregation-controller',
  'cronjob-controller',
  'daemon-set-controller',
  'deployment-controller',
  'disruption-controller',
  'endpoint-controller',
  'endpointslice-controller',
  'endpointslicemirroring-controller',
  'expand-controller',
  'ephemeral-volume-controller',
  'generic-garbage-collector',
  'horizontal-pod-autoscaler',
  'job-controller',
  'namespace-controller',
  'node-controller',
  'persistent-volume-binder',
  'pod-garbage-collector',
  'replicaset-controller',
  'replication-controller',
  'resourcequota-controller',
  'route-controller',
  'service-account-controller',
  'service-controller',
  'statefulset-controller',
  'ttl-controller',
  'certificate-controller',
  'pvc-protection-controller',
  'pv-protection-controller',
  'ttl-after-finished-controller',
  'root-ca-cert-publisher',
  'validatingadmissionpolicy-status-controller',
  'legacy-service-account-token-cleaner',
] as const;

/** The service-account names of the controllers that get a bootstrap role. */
export const controllerNames: readonly string[] = controllerOrder;

/** One ClusterRole per controller. */
export function controllerClusterRoles(): ClusterRole[] {
  const rules = { ...workloadControllerRules(), ...infrastructureControllerRules() };
  return controllerOrder.map((name) => {
    const r = rules[name];
    if (r === undefined) throw new Error(`no bootstrap rules for controller ${name}`);
    return clusterRole(CONTROLLER_ROLE_PREFIX + name, r);
  });
}

/** One ClusterRoleBinding per controller, to its kube-system service account. */
export function controllerClusterRoleBindings(): ClusterRoleBinding[] {
  return controllerOrder.map((name) =>
    clusterRoleBinding(CONTROLLER_ROLE_PREFIX + name, [serviceAccountSubject(CONTROLLER_NAMESPACE, name)]),
  );
}

import type { GroupVersionResource } from '../../client/index.js';

// The resources the cluster-infrastructure controllers watch and write (scope and kind come from
// the built-in scheme).

/** core/v1 pods. */
export const podsResource: GroupVersionResource = { group: '', version: 'v1', resource: 'pods' };
/** core/v1 services. */
export const servicesResource: GroupVersionResource = { group: '', version: 'v1', resource: 'services' };
/** core/v1 endpoints. */
export const endpointsResource: GroupVersionResource = { group: '', version: 'v1', resource: 'endpoints' };
/** core/v1 nodes. */
export const nodesResource: GroupVersionResource = { group: '', version: 'v1', resource: 'nodes' };
/** core/v1 namespaces. */
export const namespacesResource: GroupVersionResource = { group: '', version: 'v1', resource: 'namespaces' };
/** core/v1 serviceaccounts. */
export const serviceAccountsResource: GroupVersionResource = {
  group: '',
  version: 'v1',
  resource: 'serviceaccounts',
};
/** core/v1 configmaps. */
export const configMapsResource: GroupVersionResource = { group: '', version: 'v1', resource: 'configmaps' };
/** core/v1 resourcequotas. */
export const resourceQuotasResource: GroupVersionResource = {
  group: '',
  version: 'v1',
  resource: 'resourcequotas',
};
/** core/v1 persistentvolumes. */
export const persistentVolumesResource: GroupVersionResource = {
  group: '',
  version: 'v1',
  resource: 'persistentvolumes',
};
/** core/v1 persistentvolumeclaims. */
export const persistentVolumeClaimsResource: GroupVersionResource = {
  group: '',
  version: 'v1',
  resource: 'persistentvolumeclaims',
};
/** core/v1 replicationcontrollers. */
export const replicationControllersResource: GroupVersionResource = {
  group: '',
  version: 'v1',
  resource: 'replicationcontrollers',
};
/** discovery.k8s.io/v1 endpointslices. */
export const endpointSlicesResource: GroupVersionResource = {
  group: 'discovery.k8s.io',
  version: 'v1',
  resource: 'endpointslices',
};
/** coordination.k8s.io/v1 leases. */
export const leasesResource: GroupVersionResource = {
  group: 'coordination.k8s.io',
  version: 'v1',
  resource: 'leases',
};
/** policy/v1 poddisruptionbudgets. */
export const pdbsResource: GroupVersionResource = {
  group: 'policy',
  version: 'v1',
  resource: 'poddisruptionbudgets',
};
/** apps/v1 replicasets. */
export const replicaSetsResource: GroupVersionResource = {
  group: 'apps',
  version: 'v1',
  resource: 'replicasets',
};
/** apps/v1 deployments. */
export const deploymentsResource: GroupVersionResource = {
  group: 'apps',
  version: 'v1',
  resource: 'deployments',
};
/** apps/v1 statefulsets. */
export const statefulSetsResource: GroupVersionResource = {
  group: 'apps',
  version: 'v1',
  resource: 'statefulsets',
};
/** apps/v1 daemonsets. */
export const daemonSetsResource: GroupVersionResource = {
  group: 'apps',
  version: 'v1',
  resource: 'daemonsets',
};
/** storage.k8s.io/v1 storageclasses. */
export const storageClassesResource: GroupVersionResource = {
  group: 'storage.k8s.io',
  version: 'v1',
  resource: 'storageclasses',
};
/** rbac.authorization.k8s.io/v1 clusterroles. */
export const clusterRolesResource: GroupVersionResource = {
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  resource: 'clusterroles',
};

// The resources the workload controllers (statefulset, daemonset, job, cronjob, ttl-after-finished)
// read and write, with their kinds so that clients and informers need no scheme lookup.
import type { GroupVersionResource } from '../../client/index.js';

/** core/v1 pods. */
export const podsResource: GroupVersionResource = {
  group: '',
  version: 'v1',
  resource: 'pods',
  namespaced: true,
  kind: 'Pod',
};

/** core/v1 nodes. */
export const nodesResource: GroupVersionResource = {
  group: '',
  version: 'v1',
  resource: 'nodes',
  namespaced: false,
  kind: 'Node',
};

/** core/v1 persistentvolumeclaims. */
export const claimsResource: GroupVersionResource = {
  group: '',
  version: 'v1',
  resource: 'persistentvolumeclaims',
  namespaced: true,
  kind: 'PersistentVolumeClaim',
};

/** apps/v1 controllerrevisions. */
export const revisionsResource: GroupVersionResource = {
  group: 'apps',
  version: 'v1',
  resource: 'controllerrevisions',
  namespaced: true,
  kind: 'ControllerRevision',
};

/** apps/v1 statefulsets. */
export const statefulSetsResource: GroupVersionResource = {
  group: 'apps',
  version: 'v1',
  resource: 'statefulsets',
  namespaced: true,
  kind: 'StatefulSet',
};

/** apps/v1 daemonsets. */
export const daemonSetsResource: GroupVersionResource = {
  group: 'apps',
  version: 'v1',
  resource: 'daemonsets',
  namespaced: true,
  kind: 'DaemonSet',
};

/** batch/v1 jobs. */
export const jobsResource: GroupVersionResource = {
  group: 'batch',
  version: 'v1',
  resource: 'jobs',
  namespaced: true,
  kind: 'Job',
};

/** batch/v1 cronjobs. */
export const cronJobsResource: GroupVersionResource = {
  group: 'batch',
  version: 'v1',
  resource: 'cronjobs',
  namespaced: true,
  kind: 'CronJob',
};

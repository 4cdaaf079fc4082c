// The resources the deployment controller reads and writes, with kinds so no scheme lookup is needed.
import type { GroupVersionResource } from '../../client/index.js';

/** apps/v1 deployments. */
export const deploymentsResource: GroupVersionResource = {
  group: 'apps',
  version: 'v1',
  resource: 'deployments',
  namespaced: true,
  kind: 'Deployment',
};

/** apps/v1 replicasets. */
export const replicaSetsResource: GroupVersionResource = {
  group: 'apps',
  version: 'v1',
  resource: 'replicasets',
  namespaced: true,
  kind: 'ReplicaSet',
};

/** core/v1 pods. */
export const podsResource: GroupVersionResource = {
  group: '',
  version: 'v1',
  resource: 'pods',
  namespaced: true,
  kind: 'Pod',
};

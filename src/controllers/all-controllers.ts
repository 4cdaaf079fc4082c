import type { ControllerDescriptor } from './controller-context.js';
import { cronJobControllerDescriptor } from './cronjob/index.js';
import { daemonSetControllerDescriptor } from './daemonset/index.js';
import { jobControllerDescriptor } from './job/index.js';
import { statefulSetControllerDescriptor } from './statefulset/index.js';
import { ttlAfterFinishedControllerDescriptor } from './ttl-after-finished/index.js';
import { deploymentControllerDescriptor } from './deployment/index.js';
import { garbageCollectorDescriptor } from './garbage-collector/index.js';
import { namespaceControllerDescriptor } from './namespace/index.js';
import { replicaSetControllerDescriptor, replicationControllerDescriptor } from './replicaset/index.js';

/** Every controller the controller manager knows, by upstream name (the --controllers vocabulary). */
export const allControllers: readonly ControllerDescriptor[] = [
  namespaceControllerDescriptor,
  garbageCollectorDescriptor,
  replicaSetControllerDescriptor,
  replicationControllerDescriptor,
  deploymentControllerDescriptor,
  statefulSetControllerDescriptor,
  daemonSetControllerDescriptor,
  jobControllerDescriptor,
  cronJobControllerDescriptor,
  ttlAfterFinishedControllerDescriptor,
];

// The ReplicaSet controller and the ReplicationController manager, as the controller manager runs them.
import type { ControllerDescriptor } from '../controller-context.js';
import { replicaSetKind, replicationControllerKind } from './replica-kind.js';
import { ReplicaSetController } from './replica-set-controller.js';

/** "replicaset": keeps ReplicaSets at their replica count (upstream default 5 workers). */
export const replicaSetControllerDescriptor: ControllerDescriptor = {
  name: 'replicaset',
  defaultWorkers: 5,
  setup(ctx, workers) {
    const c = new ReplicaSetController({ ctx, kind: replicaSetKind, workers });
    return { run: () => c.run() };
  },
};

/** "replicationcontroller": the same for ReplicationControllers (upstream default 5 workers). */
export const replicationControllerDescriptor: ControllerDescriptor = {
  name: 'replicationcontroller',
  defaultWorkers: 5,
  setup(ctx, workers) {
    const c = new ReplicaSetController({ ctx, kind: replicationControllerKind, workers });
    return { run: () => c.run() };
  },
};

export { ReplicaSetController } from './replica-set-controller.js';
export { replicaSetKind, replicationControllerKind } from './replica-kind.js';

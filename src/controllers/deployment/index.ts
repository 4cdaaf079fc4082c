// The Deployment controller, as the controller manager runs it.
import type { ControllerDescriptor } from '../controller-context.js';
import { DeploymentController } from './deployment-controller.js';

/** "deployment": rolls Deployments out through ReplicaSets (upstream default 5 workers). */
export const deploymentControllerDescriptor: ControllerDescriptor = {
  name: 'deployment',
  defaultWorkers: 5,
  setup(ctx, workers) {
    const c = new DeploymentController({ ctx, workers });
    return { run: () => c.run() };
  },
};

export { DeploymentController } from './deployment-controller.js';
export { computeHash } from '../shared/compute-hash.js';

import type { ControllerDescriptor } from '../controller-context.js';
import { EndpointsController } from './endpoints-controller.js';

export { EndpointsController, type EndpointsControllerOptions } from './endpoints-controller.js';
export { repackSubsets, subsetsFor, truncateSubsets } from './endpoint-subsets.js';

/** The Endpoints controller ("endpoint", --concurrent-endpoint-syncs=5). */
export const endpointsDescriptor: ControllerDescriptor = {
  name: 'endpoint',
  defaultWorkers: 5,
  setup(context, workers) {
    const controller = new EndpointsController({ context, workers });
    return { run: () => controller.run() };
  },
};

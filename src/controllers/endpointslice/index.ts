import type { ControllerDescriptor } from '../controller-context.js';
import { EndpointSliceController } from './endpointslice-controller.js';

export { EndpointSliceController, type EndpointSliceControllerOptions } from './endpointslice-controller.js';
export { planSlices, type SlicePlan, type SlicePlanInput } from './plan-slices.js';

/** The EndpointSlice controller ("endpointslice", --concurrent-service-endpoint-syncs=5). */
export const endpointSliceDescriptor: ControllerDescriptor = {
  name: 'endpointslice',
  defaultWorkers: 5,
  setup(context, workers) {
    const controller = new EndpointSliceController({ context, workers });
    return { run: () => controller.run() };
  },
};

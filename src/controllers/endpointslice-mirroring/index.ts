import type { ControllerDescriptor } from '../controller-context.js';
import { EndpointSliceMirroringController } from './mirroring-controller.js';

export {
  EndpointSliceMirroringController,
  shouldMirror,
  type EndpointSliceMirroringControllerOptions,
} from './mirroring-controller.js';
export { planMirror, type MirrorPlan } from './mirror-slices.js';

/** The EndpointSlice mirroring controller (--mirroring-concurrent-service-endpoint-syncs=5). */
export const endpointSliceMirroringDescriptor: ControllerDescriptor = {
  name: 'endpointslice-mirroring',
  defaultWorkers: 5,
  setup(context, workers) {
    const controller = new EndpointSliceMirroringController({ context, workers });
    return { run: () => controller.run() };
  },
};

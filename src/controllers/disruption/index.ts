import type { ControllerDescriptor } from '../controller-context.js';
import { DisruptionController } from './disruption-controller.js';

export { DisruptionController, type DisruptionControllerOptions } from './disruption-controller.js';
export { expectedPodCount, expectedScale, type ControllerScale, type ScaleFinder } from './expected-count.js';
export { countHealthyPods, disruptedPodMap, failSafeStatus, nextPdbStatus, scaledValue } from './pdb-math.js';

/** The disruption controller ("disruption", one worker as upstream). */
export const disruptionDescriptor: ControllerDescriptor = {
  name: 'disruption',
  defaultWorkers: 1,
  setup(context, workers) {
    const controller = new DisruptionController({ context, workers });
    return { run: () => controller.run() };
  },
};

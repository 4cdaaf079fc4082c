// The StatefulSet controller as the controller manager runs it.
import type { ControllerDescriptor } from '../controller-context.js';
import { StatefulSetController } from './statefulset-controller.js';

/** "statefulset", 5 workers (--concurrent-statefulset-syncs). */
export const statefulSetControllerDescriptor: ControllerDescriptor = {
  name: 'statefulset',
  defaultWorkers: 5,
  setup(ctx, workers) {
    const controller = new StatefulSetController({ ctx, workers });
    return { run: () => controller.run() };
  },
};

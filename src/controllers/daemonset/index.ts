// The DaemonSet controller as the controller manager runs it.
import type { ControllerDescriptor } from '../controller-context.js';
import { DaemonSetController } from './daemonset-controller.js';

/** "daemonset", 2 workers (--concurrent-daemonset-syncs). */
export const daemonSetControllerDescriptor: ControllerDescriptor = {
  name: 'daemonset',
  defaultWorkers: 2,
  setup(ctx, workers) {
    const controller = new DaemonSetController({ ctx, workers });
    return { run: () => controller.run() };
  },
};

// The TTL-after-finished controller as the controller manager runs it.
import type { ControllerDescriptor } from '../controller-context.js';
import { TtlAfterFinishedController } from './ttl-after-finished-controller.js';

/** "ttl-after-finished", 5 workers (--concurrent-ttl-after-finished-syncs). */
export const ttlAfterFinishedControllerDescriptor: ControllerDescriptor = {
  name: 'ttl-after-finished',
  defaultWorkers: 5,
  setup(ctx, workers) {
    const controller = new TtlAfterFinishedController({ ctx, workers });
    return { run: () => controller.run() };
  },
};

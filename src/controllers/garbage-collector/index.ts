// The garbage collector, as the controller manager runs it.
import type { ControllerDescriptor } from '../controller-context.js';
import { GarbageCollector } from './garbage-collector.js';

/** "garbage-collector": ownerReference-driven cascading deletion (upstream default 20 workers). */
export const garbageCollectorDescriptor: ControllerDescriptor = {
  name: 'garbage-collector',
  defaultWorkers: 20,
  setup(ctx, workers) {
    const gc = new GarbageCollector({ ctx, workers });
    return { run: () => gc.run() };
  },
};

export { GarbageCollector } from './garbage-collector.js';

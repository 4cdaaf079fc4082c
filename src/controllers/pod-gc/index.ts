import type { ControllerDescriptor } from '../controller-context.js';
import { PodGCController, type PodGCControllerOptions } from './pod-gc-controller.js';

export { PodGCController, type PodGCControllerOptions } from './pod-gc-controller.js';
export {
  byEvictionAndCreation,
  isPodTerminated,
  terminatedPodsToDelete,
  terminatingPodsOnOutOfServiceNodes,
  unscheduledTerminatingPods,
} from './gc-candidates.js';

/** Settings of the pod GC that may differ from upstream's defaults. */
export type PodGCSettings = Omit<PodGCControllerOptions, 'context'>;

/** The pod garbage collector ("pod-garbage-collector"; it runs one pass at a time). */
export function podGCDescriptor(settings: PodGCSettings = {}): ControllerDescriptor {
  return {
    name: 'pod-garbage-collector',
    defaultWorkers: 1,
    setup(context) {
      const controller = new PodGCController({ context, ...settings });
      return { run: () => controller.run() };
    },
  };
}

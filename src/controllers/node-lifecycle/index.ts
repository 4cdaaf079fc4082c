import type { ControllerDescriptor } from '../controller-context.js';
import { NodeLifecycleController, type NodeLifecycleControllerOptions } from './node-lifecycle-controller.js';
import { TaintEvictionController } from './taint-eviction-controller.js';

export {
  defaultNodeMonitorGracePeriodMs,
  defaultNodeMonitorPeriodMs,
  defaultNodeStartupGracePeriodMs,
  NodeLifecycleController,
  type NodeLifecycleControllerOptions,
} from './node-lifecycle-controller.js';
export { TaintEvictionController, type TaintEvictionControllerOptions } from './taint-eviction-controller.js';
export {
  checkNodeHealth,
  type NodeHealth,
  type NodeHealthInput,
  type NodeHealthResult,
} from './node-health.js';
export { evictionTime, matchingTolerations, minTolerationTimeMs } from './toleration-time.js';
export {
  computeZoneState,
  decideDisruption,
  defaultEvictionRates,
  evictionQpsFor,
  zoneKeyOf,
  type EvictionRates,
  type ZoneState,
} from './zone-state.js';

/** Timings and rates of the node lifecycle controller that may differ from upstream's defaults. */
export type NodeLifecycleSettings = Omit<NodeLifecycleControllerOptions, 'context' | 'workers'>;

/** The node lifecycle controller ("node-lifecycle", 8 node update workers). */
export function nodeLifecycleDescriptor(settings: NodeLifecycleSettings = {}): ControllerDescriptor {
  return {
    name: 'node-lifecycle',
    defaultWorkers: 8,
    setup(context, workers) {
      const controller = new NodeLifecycleController({ context, workers, ...settings });
      return { run: () => controller.run() };
    },
  };
}

/**
 * The NoExecute taint eviction controller ("taint-eviction"; upstream's canonical name is
 * taint-eviction-controller), 8 workers. Run it together with node-lifecycle.
 */
export const taintEvictionDescriptor: ControllerDescriptor = {
  name: 'taint-eviction',
  defaultWorkers: 8,
  setup(context, workers) {
    const controller = new TaintEvictionController({ context, workers });
    return { run: () => controller.run() };
  },
};

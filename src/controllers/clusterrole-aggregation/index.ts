import type { ControllerDescriptor } from '../controller-context.js';
import { ClusterRoleAggregationController } from './clusterrole-aggregation-controller.js';

export {
  aggregationFieldManager,
  ClusterRoleAggregationController,
  type ClusterRoleAggregationControllerOptions,
} from './clusterrole-aggregation-controller.js';
export { aggregatedRules, sameRules } from './aggregate-rules.js';

/** The ClusterRole aggregation controller ("clusterrole-aggregation", 5 workers as upstream runs it). */
export const clusterRoleAggregationDescriptor: ControllerDescriptor = {
  name: 'clusterrole-aggregation',
  defaultWorkers: 5,
  setup(context, workers) {
    const controller = new ClusterRoleAggregationController({ context, workers });
    return { run: () => controller.run() };
  },
};

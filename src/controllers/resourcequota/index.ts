import type { ControllerDescriptor } from '../controller-context.js';
import { ResourceQuotaController } from './resourcequota-controller.js';

export {
  ResourceQuotaController,
  resourceForCount,
  type ResourceQuotaControllerOptions,
} from './resourcequota-controller.js';
export { evaluatorsFor, nextQuotaStatus, usageStats } from './calculate-usage.js';
export {
  claimEvaluator,
  objectCountEvaluator,
  podCountsForQuota,
  podEvaluator,
  serviceEvaluator,
  type QuotaEvaluator,
} from './quota-evaluators.js';
export { isBestEffort, podLimits, podRequests } from './pod-resources.js';

/** The resource quota controller ("resourcequota", --concurrent-resource-quota-syncs=5). */
export const resourceQuotaDescriptor: ControllerDescriptor = {
  name: 'resourcequota',
  defaultWorkers: 5,
  setup(context, workers) {
    const controller = new ResourceQuotaController({ context, workers });
    return { run: () => controller.run() };
  },
};

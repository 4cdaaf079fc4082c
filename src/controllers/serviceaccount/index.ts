import type { ControllerDescriptor } from '../controller-context.js';
import { ServiceAccountsController } from './serviceaccounts-controller.js';

export {
  ServiceAccountsController,
  type ServiceAccountsControllerOptions,
} from './serviceaccounts-controller.js';

/** The ServiceAccount controller ("serviceaccount"): a `default` account in every namespace. */
export const serviceAccountDescriptor: ControllerDescriptor = {
  name: 'serviceaccount',
  defaultWorkers: 1,
  setup(context, workers) {
    const controller = new ServiceAccountsController({ context, workers });
    return { run: () => controller.run() };
  },
};

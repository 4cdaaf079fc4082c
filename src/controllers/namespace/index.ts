// The namespace controller, as the controller manager runs it.
import type { ControllerDescriptor } from '../controller-context.js';
import { NamespaceController } from './namespace-controller.js';

/** "namespace": empties and finalizes deleted namespaces (upstream default 10 workers). */
export const namespaceControllerDescriptor: ControllerDescriptor = {
  name: 'namespace',
  defaultWorkers: 10,
  setup(ctx, workers) {
    const c = new NamespaceController({ ctx, workers });
    return { run: () => c.run() };
  },
};

export { NamespaceController } from './namespace-controller.js';

import type { ControllerDescriptor } from '../controller-context.js';
import { RootCACertPublisher } from './root-ca-publisher.js';

export {
  RootCACertPublisher,
  rootCAConfigMapName,
  rootCADescription,
  type RootCACertPublisherOptions,
} from './root-ca-publisher.js';

/**
 * The root CA publisher ("root-ca-cert-publisher") for the CA certificate in `caFile` (the cmd
 * wiring passes DATA_DIR/pki/ca.crt).
 */
export function rootCACertPublisherDescriptor(options: { readonly caFile: string }): ControllerDescriptor {
  return {
    name: 'root-ca-cert-publisher',
    defaultWorkers: 1,
    setup(context, workers) {
      const controller = new RootCACertPublisher({ context, workers, caFile: options.caFile });
      return { run: () => controller.run() };
    },
  };
}

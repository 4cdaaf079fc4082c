import type { ControllerDescriptor } from '../controller-context.js';
import { BootstrapSigner } from './bootstrap-signer.js';
import { TokenCleaner } from './token-cleaner.js';

export { BootstrapSigner, isBootstrapTokenSecret } from './bootstrap-signer.js';
export { resignedClusterInfo } from './cluster-info-signatures.js';
export { TokenCleaner } from './token-cleaner.js';

/**
 * The bootstrapsigner controller: signs kube-public/cluster-info with each signing bootstrap token.
 * Off unless named in --controllers, as upstream (kubeadm and `k8ts server` turn it on).
 */
export const bootstrapSignerDescriptor: ControllerDescriptor = {
  name: 'bootstrapsigner',
  defaultWorkers: 1,
  disabledByDefault: true,
  setup(ctx) {
    const signer = new BootstrapSigner(ctx);
    return { run: () => signer.run() };
  },
};

/**
 * The tokencleaner controller: deletes expired bootstrap token Secrets. Off unless named in
 * --controllers, as upstream (kubeadm and `k8ts server` turn it on).
 */
export const tokenCleanerDescriptor: ControllerDescriptor = {
  name: 'tokencleaner',
  defaultWorkers: 1,
  disabledByDefault: true,
  setup(ctx) {
    const cleaner = new TokenCleaner(ctx);
    return { run: () => cleaner.run() };
  },
};

import type { ControllerDescriptor } from '../controller-context.js';
import { NodeIpamController } from './node-ipam-controller.js';

export { CidrSet, noCIDRsRemainingMessage } from './cidr-set.js';
export {
  defaultClusterCIDR,
  NodeIpamController,
  podCIDRsOf,
  type NodeIpamControllerOptions,
} from './node-ipam-controller.js';

/** The node IPAM controller ("node-ipam", the range allocator's 30 update workers). */
export function nodeIpamDescriptor(
  options: { readonly clusterCIDRs?: readonly string[]; readonly nodeCIDRMaskSizes?: readonly number[] } = {},
): ControllerDescriptor {
  return {
    name: 'node-ipam',
    defaultWorkers: 30,
    setup(context, workers) {
      const controller = new NodeIpamController({ context, workers, ...options });
      return { run: () => controller.run() };
    },
  };
}

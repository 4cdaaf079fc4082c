import type { Pod } from 'kubernetes-types/core/v1.js';
import type { SharedInformer } from '../../informers/index.js';
import type { ControllerContext } from '../controller-context.js';
import { podsResource } from './infra-resources.js';

/** The pod index by spec.nodeName (upstream's nodeNameKeyIndex); unscheduled pods are not indexed. */
export const podsByNodeIndex = 'spec.nodeName';

/** The shared pod informer with the by-node index added. */
export function podInformerByNode(ctx: ControllerContext): SharedInformer<Pod> {
  return ctx.informers.informerFor<Pod>(podsResource, {
    indexers: { [podsByNodeIndex]: (pod) => (pod.spec?.nodeName ? [pod.spec.nodeName] : []) },
  });
}

import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Lister, SharedInformer } from '../../informers/index.js';
import type { ControllerContext } from '../controller-context.js';
import { controllerOf } from './controller-ref.js';
import { podsResource } from './infra-resources.js';

/**
 * The pod index by controller: a controlled pod under its controller's uid, an orphan under
 * `orphan/<namespace>`. A controller claiming pods only ever adopts orphans and keeps or releases
 * its own, so these two lookups replace a scan of every pod in the namespace per sync.
 */
export const podsByControllerIndex = 'controller-uid-or-orphan';

function controllerKeys(pod: Pod): string[] {
  const uid = controllerOf(pod)?.uid;
  return [uid !== undefined && uid !== '' ? uid : `orphan/${pod.metadata?.namespace ?? ''}`];
}

/** The shared pod informer with the by-controller index added. */
export function podInformerByController(ctx: ControllerContext): SharedInformer<Pod> {
  return ctx.informers.informerFor<Pod>(podsResource, {
    indexers: { [podsByControllerIndex]: controllerKeys },
  });
}

/** The pods a controller may claim: those it controls and the orphans of its namespace. */
export function claimablePods(pods: Lister<Pod>, namespace: string, controllerUid: string): Pod[] {
  return [
    ...pods.byIndex(podsByControllerIndex, controllerUid),
    ...pods.byIndex(podsByControllerIndex, `orphan/${namespace}`),
  ];
}

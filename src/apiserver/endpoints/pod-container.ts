import type { Pod } from 'kubernetes-types/core/v1.js';
import { badRequest } from '../../machinery/errors/index.js';

/** Every container name of the pod in upstream's VisitContainers order: init, regular, ephemeral. */
function allContainerNames(pod: Pod): string[] {
  const spec = pod.spec;
  return [
    ...(spec?.initContainers ?? []),
    ...(spec?.containers ?? []),
    ...(spec?.ephemeralContainers ?? []),
  ].map((c) => c.name);
}

/**
 * The container a log, exec or attach request addresses, as upstream's validateContainer: the one
 * named (any kind of container), or the pod's only regular container. Otherwise a 400: `container
 * c is not valid for pod p`, or `a container name must be specified for pod p, choose one of: [a b]`
 * listing every container, init and ephemeral ones included.
 */
export function chooseContainer(pod: Pod, requested: string): string {
  const name = pod.metadata?.name ?? '';
  if (requested !== '') {
    if (!allContainerNames(pod).includes(requested)) {
      throw badRequest(`container ${requested} is not valid for pod ${name}`);
    }
    return requested;
  }
  const containers = pod.spec?.containers ?? [];
  if (containers.length === 1) return containers[0]!.name;
  if (containers.length === 0) throw badRequest(`a container name must be specified for pod ${name}`);
  // Go prints the []string with %s: [a b c].
  throw badRequest(
    `a container name must be specified for pod ${name}, choose one of: [${allContainerNames(pod).join(' ')}]`,
  );
}

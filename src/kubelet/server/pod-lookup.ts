// Finding what a kubelet API path names: the pod by namespace and name among the kubelet's own pods
// (upstream's GetPodByName over the pod manager; with a UID in the path it must match), and a
// container of it the runtime is running now (upstream's findContainer: only running containers).
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { RuntimeService } from '../cri/runtime-service.js';
import { runtimeLabels } from '../kuberuntime/runtime-labels.js';

/** The kubelet's pod named `namespace`/`name` (one still running preferred over one being replaced). */
export function podByName(pods: readonly Pod[], namespace: string, name: string): Pod | undefined {
  const named = pods.filter((p) => p.metadata?.namespace === namespace && p.metadata?.name === name);
  return named.find((p) => p.metadata?.deletionTimestamp === undefined) ?? named[named.length - 1];
}

/** True when the pod's spec has a container (regular, init or ephemeral) called `name`. */
export function podHasContainer(pod: Pod, name: string): boolean {
  const spec = pod.spec;
  return [
    ...(spec?.containers ?? []),
    ...(spec?.initContainers ?? []),
    ...(spec?.ephemeralContainers ?? []),
  ].some((c) => c.name === name);
}

/** The runtime id of the pod's running container `name` (the newest if several), or undefined. */
export async function runningContainerId(
  runtime: RuntimeService,
  podUid: string,
  name: string,
): Promise<string | undefined> {
  const { containers } = await runtime.listContainers({
    filter: {
      state: 'CONTAINER_RUNNING',
      labelSelector: { [runtimeLabels.podUid]: podUid, [runtimeLabels.containerName]: name },
    },
  });
  const newest = [...containers].sort((a, b) => b.metadata.attempt - a.metadata.attempt)[0];
  return newest?.id;
}

// The io.kubernetes.* labels and annotations the kubelet puts on sandboxes and containers
// (upstream's kuberuntime labels.go). They are how a restarted kubelet recognises its pods and
// containers in the runtime, so they must stay stable across versions of this code.
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import type { StringMap } from '../cri/runtime-service.js';

/** Label keys, as upstream names them. */
export const runtimeLabels = {
  podName: 'io.kubernetes.pod.name',
  podNamespace: 'io.kubernetes.pod.namespace',
  podUid: 'io.kubernetes.pod.uid',
  containerName: 'io.kubernetes.container.name',
} as const;

/** Annotation keys on containers, as upstream names them. */
export const runtimeAnnotations = {
  containerHash: 'io.kubernetes.container.hash',
  restartCount: 'io.kubernetes.container.restartCount',
  terminationMessagePath: 'io.kubernetes.container.terminationMessagePath',
  terminationMessagePolicy: 'io.kubernetes.container.terminationMessagePolicy',
  deletionGracePeriod: 'io.kubernetes.pod.deletionGracePeriod',
  terminationGracePeriod: 'io.kubernetes.pod.terminationGracePeriod',
  preStopHandler: 'io.kubernetes.container.preStopHandler',
  ports: 'io.kubernetes.container.ports',
} as const;

function podIdentity(pod: Pod): Record<string, string> {
  const m = pod.metadata ?? {};
  return {
    [runtimeLabels.podName]: m.name ?? '',
    [runtimeLabels.podNamespace]: m.namespace ?? '',
    [runtimeLabels.podUid]: m.uid ?? '',
  };
}

/** A sandbox's labels: the pod's own labels plus its name, namespace and uid (newPodLabels). */
export function sandboxLabels(pod: Pod): StringMap {
  return { ...(pod.metadata?.labels ?? {}), ...podIdentity(pod) };
}

/** A sandbox's annotations: the pod's own (newPodAnnotations). */
export function sandboxAnnotations(pod: Pod): StringMap {
  return { ...(pod.metadata?.annotations ?? {}) };
}

/** A container's labels: the pod's identity and the container name (newContainerLabels). */
export function containerLabels(pod: Pod, container: Container): StringMap {
  return { ...podIdentity(pod), [runtimeLabels.containerName]: container.name };
}

/** A container's annotations: its spec hash, restart count, termination settings, preStop and ports. */
export function containerAnnotations(
  pod: Pod,
  container: Container,
  hash: string,
  restartCount: number,
): StringMap {
  const a: Record<string, string> = {
    [runtimeAnnotations.containerHash]: hash,
    [runtimeAnnotations.restartCount]: String(restartCount),
    [runtimeAnnotations.terminationMessagePath]: container.terminationMessagePath ?? '/dev/termination-log',
    [runtimeAnnotations.terminationMessagePolicy]: container.terminationMessagePolicy ?? 'File',
  };
  const deletionGrace = pod.metadata?.deletionGracePeriodSeconds;
  if (deletionGrace !== undefined && deletionGrace !== null)
    a[runtimeAnnotations.deletionGracePeriod] = String(deletionGrace);
  const grace = pod.spec?.terminationGracePeriodSeconds;
  if (grace !== undefined && grace !== null) a[runtimeAnnotations.terminationGracePeriod] = String(grace);
  if (container.lifecycle?.preStop !== undefined)
    a[runtimeAnnotations.preStopHandler] = JSON.stringify(container.lifecycle.preStop);
  if ((container.ports ?? []).length > 0) a[runtimeAnnotations.ports] = JSON.stringify(container.ports);
  return a;
}

/** The pod uid a sandbox or container belongs to ("" when it is not one of the kubelet's). */
export function podUidOf(labels: StringMap): string {
  return labels[runtimeLabels.podUid] ?? '';
}

/** The container name of a kubelet-made container. */
export function containerNameOf(labels: StringMap): string {
  return labels[runtimeLabels.containerName] ?? '';
}

/** The restart count recorded on a container (0 when missing or malformed). */
export function restartCountOf(annotations: StringMap): number {
  const n = Number(annotations[runtimeAnnotations.restartCount] ?? '0');
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

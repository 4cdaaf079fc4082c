import type { ObjectReference, Pod } from 'kubernetes-types/core/v1.js';

/** An event the kubelet records about a pod or one of its containers. */
export interface KubeletEvent {
  /** The pod, with a fieldPath naming the container when the event is about one. */
  readonly involvedObject: ObjectReference;
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  /** The final text (no format verbs left). */
  readonly message: string;
}

/** Where probes and hooks hand their events (to an EventRecorder, in the kubelet). */
export type KubeletEventSink = (event: KubeletEvent) => void;

/** The reference events about a pod carry. */
export function podRef(pod: Pod): ObjectReference {
  const m = pod.metadata ?? {};
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    ...(m.namespace !== undefined ? { namespace: m.namespace } : {}),
    ...(m.name !== undefined ? { name: m.name } : {}),
    ...(m.uid !== undefined ? { uid: m.uid } : {}),
    ...(m.resourceVersion !== undefined ? { resourceVersion: m.resourceVersion } : {}),
  };
}

/**
 * The reference for events about a container (upstream's GenerateContainerRef): the pod with
 * fieldPath "spec.containers{name}", "spec.initContainers{name}" or "spec.ephemeralContainers{name}".
 */
export function containerRef(pod: Pod, containerName: string): ObjectReference {
  const spec = pod.spec;
  const lists: [string, readonly { name: string }[] | undefined][] = [
    ['containers', spec?.containers],
    ['initContainers', spec?.initContainers],
    ['ephemeralContainers', spec?.ephemeralContainers],
  ];
  for (const [field, list] of lists) {
    const i = list?.findIndex((c) => c.name === containerName) ?? -1;
    if (i >= 0) {
      const path = containerName === '' ? `spec.${field}[${i}]` : `spec.${field}{${containerName}}`;
      return { ...podRef(pod), fieldPath: path };
    }
  }
  return podRef(pod);
}

/** How upstream names a pod in messages (format.Pod): "name_namespace(uid)". */
export function formatPod(pod: Pod): string {
  const m = pod.metadata ?? {};
  return `${m.name ?? ''}_${m.namespace ?? ''}(${m.uid ?? ''})`;
}

// Where a pod came from, told by the kubelet's config annotations (upstream kubelet/types): static
// pods carry kubernetes.io/config.source (file, http), their mirror pods in the API carry
// kubernetes.io/config.mirror, and both count as critical — a static pod evicted or OOM-ranked
// away would never be re-admitted, because nothing recreates it.
import type { Pod } from 'kubernetes-types/core/v1.js';

/** The annotation naming a pod's config source ("file", "http", "api"). */
export const configSourceAnnotation = 'kubernetes.io/config.source';
/** The annotation holding a static pod's hash (its UID). */
export const configHashAnnotation = 'kubernetes.io/config.hash';
/** The annotation marking a mirror pod; its value is the static pod's hash. */
export const configMirrorAnnotation = 'kubernetes.io/config.mirror';
/** The annotation recording when the kubelet first saw the pod (RFC 3339, nanoseconds). */
export const configFirstSeenAnnotation = 'kubernetes.io/config.seen';

/** The config source of pods read from --pod-manifest-path. */
export const fileSource = 'file';
/** The config source the kubelet gives pods from the API server. */
export const apiserverSource = 'api';

/** The priority at and above which a pod is critical (scheduling.SystemCriticalPriority). */
export const systemCriticalPriority = 2_000_000_000;

/**
 * True for a pod from a file or URL rather than the API (IsStaticPod). A mirror pod read from the
 * API carries its static pod's "file" source too; upstream's config mux overwrites that with "api",
 * so a mirror pod never counts as static here either.
 */
export function isStaticPod(pod: Pod): boolean {
  const source = pod.metadata?.annotations?.[configSourceAnnotation];
  return source !== undefined && source !== apiserverSource && !isMirrorPod(pod);
}

/** True for the API's copy of a static pod (IsMirrorPod). */
export function isMirrorPod(pod: Pod): boolean {
  return pod.metadata?.annotations?.[configMirrorAnnotation] !== undefined;
}

/** Static, mirror, or priority ≥ system-critical: never evicted, never refused for pressure (IsCriticalPod). */
export function isCriticalPod(pod: Pod): boolean {
  if (isStaticPod(pod) || isMirrorPod(pod)) return true;
  const priority = pod.spec?.priority;
  return priority !== undefined && priority >= systemCriticalPriority;
}

/** A critical pod of class system-node-critical: the last thing the OOM killer should take. */
export function isNodeCriticalPod(pod: Pod): boolean {
  return isCriticalPod(pod) && pod.spec?.priorityClassName === 'system-node-critical';
}

/** "name_namespace", how the kubelet keys static and mirror pods to each other (GetPodFullName). */
export function podFullName(pod: Pod): string {
  return `${pod.metadata?.name ?? ''}_${pod.metadata?.namespace ?? ''}`;
}

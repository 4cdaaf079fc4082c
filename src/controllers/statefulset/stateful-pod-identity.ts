// A StatefulSet pod's identity: its ordinal, stable name, hostname/subdomain, identity labels and
// the claims of its volumeClaimTemplates (upstream's stateful_set_utils.go, pure parts).
import type { StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { PersistentVolumeClaim, Pod, Volume } from 'kubernetes-types/core/v1.js';
import { podFromTemplate } from '../shared/workload-pod-control.js';
import { isPodAvailable, isPodReady } from '../shared/workload-pod-state.js';
import { podRevisionLabel } from '../history/controller-revision.js';

/** The StatefulSet kind as controller references and events name it. */
export const statefulSetKind = { apiVersion: 'apps/v1', kind: 'StatefulSet' } as const;

/** The Pod kind as claim owner references name it. */
export const podKind = { apiVersion: 'v1', kind: 'Pod' } as const;

/** Label with the pod's own name, for per-pod Services (apps.StatefulSetPodNameLabel). */
export const podNameLabel = 'statefulset.kubernetes.io/pod-name';

/** Label with the pod's ordinal (apps.PodIndexLabel, on by default since 1.28). */
export const podIndexLabel = 'apps.kubernetes.io/pod-index';

const statefulPodNamePattern = /^(.*)-([0-9]+)$/;
const maxInt32 = 2147483647;

/** The parent set name and ordinal encoded in a pod name; ordinal -1 when there is none. */
export function parentAndOrdinal(podName: string): { parent: string; ordinal: number } {
  const m = statefulPodNamePattern.exec(podName);
  if (m === null) return { parent: '', ordinal: -1 };
  const n = Number(m[2]);
  return { parent: m[1] ?? '', ordinal: Number.isSafeInteger(n) && n <= maxInt32 ? n : -1 };
}

/** The pod's ordinal, or -1. */
export function ordinalOf(pod: Pod): number {
  return parentAndOrdinal(pod.metadata?.name ?? '').ordinal;
}

/** spec.ordinals.start, or 0. */
export function startOrdinal(set: StatefulSet): number {
  return set.spec?.ordinals?.start ?? 0;
}

/** spec.replicas (1 when unset, as defaulted). */
export function replicasOf(set: StatefulSet): number {
  return set.spec?.replicas ?? 1;
}

/** The last ordinal the set wants (inclusive). */
export function endOrdinal(set: StatefulSet): number {
  return startOrdinal(set) + replicasOf(set) - 1;
}

/** True when the pod's ordinal lies within the set's wanted range. */
export function podInOrdinalRange(pod: Pod, set: StatefulSet): boolean {
  const ord = ordinalOf(pod);
  return ord >= startOrdinal(set) && ord <= endOrdinal(set);
}

/** `<set>-<ordinal>`. */
export function statefulPodName(set: StatefulSet, ordinal: number): string {
  return `${set.metadata?.name ?? ''}-${ordinal}`;
}

/** `<template>-<set>-<ordinal>`, the claim of one volumeClaimTemplate for one ordinal. */
export function claimName(set: StatefulSet, templateName: string, ordinal: number): string {
  return `${templateName}-${set.metadata?.name ?? ''}-${ordinal}`;
}

/** True when the pod's name makes it a member of the set. */
export function isMemberOf(set: StatefulSet, pod: Pod): boolean {
  return parentAndOrdinal(pod.metadata?.name ?? '').parent === set.metadata?.name;
}

/** True when the pod has the name, namespace and pod-name label of a member of the set. */
export function identityMatches(set: StatefulSet, pod: Pod): boolean {
  const { parent, ordinal } = parentAndOrdinal(pod.metadata?.name ?? '');
  return (
    ordinal >= 0 &&
    parent === set.metadata?.name &&
    pod.metadata?.name === statefulPodName(set, ordinal) &&
    pod.metadata?.namespace === set.metadata?.namespace &&
    pod.metadata?.labels?.[podNameLabel] === pod.metadata?.name
  );
}

/** The claims a pod of `ordinal` mounts, by template name (getPersistentVolumeClaims). */
export function claimsFor(set: StatefulSet, ordinal: number): Map<string, PersistentVolumeClaim> {
  const claims = new Map<string, PersistentVolumeClaim>();
  const selectorLabels = set.spec?.selector?.matchLabels ?? {};
  for (const template of set.spec?.volumeClaimTemplates ?? []) {
    const templateName = template.metadata?.name ?? '';
    const claim = structuredClone(template) as PersistentVolumeClaim;
    claim.apiVersion = 'v1';
    claim.kind = 'PersistentVolumeClaim';
    claim.metadata = {
      ...claim.metadata,
      name: claimName(set, templateName, ordinal),
      namespace: set.metadata?.namespace ?? '',
      labels: { ...claim.metadata?.labels, ...selectorLabels },
    };
    delete (claim as { status?: unknown }).status;
    claims.set(templateName, claim);
  }
  return claims;
}

/** True when the pod mounts every claim of the set's templates under the template's name. */
export function storageMatches(set: StatefulSet, pod: Pod): boolean {
  const ordinal = ordinalOf(pod);
  if (ordinal < 0) return false;
  const volumes = new Map((pod.spec?.volumes ?? []).map((v) => [v.name, v] as const));
  for (const template of set.spec?.volumeClaimTemplates ?? []) {
    const name = template.metadata?.name ?? '';
    const volume = volumes.get(name);
    if (volume?.persistentVolumeClaim?.claimName !== claimName(set, name, ordinal)) return false;
  }
  return true;
}

/** Points the pod's volumes named after claim templates at the ordinal's claims (updateStorage). */
export function updateStorage(set: StatefulSet, pod: Pod): void {
  const claims = claimsFor(set, ordinalOf(pod));
  const volumes: Volume[] = [];
  for (const [name, claim] of claims)
    volumes.push({ name, persistentVolumeClaim: { claimName: claim.metadata?.name ?? '' } });
  for (const v of pod.spec?.volumes ?? []) if (!claims.has(v.name)) volumes.push(v);
  if (pod.spec) pod.spec.volumes = volumes;
}

/** Sets the pod's name, namespace and identity labels from its ordinal (updateIdentity). */
export function updateIdentity(set: StatefulSet, pod: Pod): void {
  const ordinal = ordinalOf(pod);
  const meta = (pod.metadata ??= {});
  meta.name = statefulPodName(set, ordinal);
  meta.namespace = set.metadata?.namespace ?? '';
  meta.labels = { ...meta.labels, [podNameLabel]: meta.name, [podIndexLabel]: String(ordinal) };
}

/** The pod of `ordinal` built from the set's template: identity, hostname/subdomain and storage. */
export function newStatefulSetPod(set: StatefulSet, ordinal: number): Pod {
  const name = statefulPodName(set, ordinal);
  const pod = podFromTemplate(set.spec?.template ?? {}, set, statefulSetKind, { name });
  updateIdentity(set, pod);
  // Hostname and subdomain are immutable, so they are set on creation only (initIdentity).
  if (pod.spec) {
    pod.spec.hostname = name;
    pod.spec.subdomain = set.spec?.serviceName ?? '';
  }
  updateStorage(set, pod);
  return pod;
}

/** The revision (controller-revision-hash label) a pod was created at, or "". */
export function podRevision(pod: Pod): string {
  return pod.metadata?.labels?.[podRevisionLabel] ?? '';
}

/** Labels `pod` with `revision`. */
export function setPodRevision(pod: Pod, revision: string): void {
  const meta = (pod.metadata ??= {});
  meta.labels = { ...meta.labels, [podRevisionLabel]: revision };
}

/**
 * A new pod for `ordinal` at the right revision (newVersionedStatefulSetPod): below the partition
 * (or below the current replica count without a rollingUpdate block) it comes from the current
 * revision, otherwise from the update revision.
 */
export function newVersionedStatefulSetPod(
  currentSet: StatefulSet,
  updateSet: StatefulSet,
  currentRevision: string,
  updateRevision: string,
  ordinal: number,
): Pod {
  const strategy = currentSet.spec?.updateStrategy;
  const start = startOrdinal(currentSet);
  // Go's && binds tighter than ||: the strategy type only guards the first alternative upstream.
  const useCurrent =
    (strategy?.type === 'RollingUpdate' &&
      strategy.rollingUpdate === undefined &&
      ordinal < start + (currentSet.status?.currentReplicas ?? 0)) ||
    (strategy?.rollingUpdate !== undefined && ordinal < start + (strategy.rollingUpdate.partition ?? 0));
  const pod = newStatefulSetPod(useCurrent ? currentSet : updateSet, ordinal);
  setPodRevision(pod, useCurrent ? currentRevision : updateRevision);
  return pod;
}

/** True once the apiserver has the pod (it has a phase). */
export function isCreated(pod: Pod): boolean {
  return !!pod.status?.phase;
}

/** Phase Running and condition Ready. */
export function isRunningAndReady(pod: Pod): boolean {
  return pod.status?.phase === 'Running' && isPodReady(pod);
}

/** Ready for at least minReadySeconds. */
export function isRunningAndAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  return isPodAvailable(pod, minReadySeconds, nowMs);
}

/** The pod is being deleted. */
export function isTerminating(pod: Pod): boolean {
  return !!pod.metadata?.deletionTimestamp;
}

/** Running, ready and not being deleted. */
export function isHealthy(pod: Pod): boolean {
  return isRunningAndReady(pod) && !isTerminating(pod);
}

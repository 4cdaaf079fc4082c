// Picking a Deployment's new and old ReplicaSets, and the orders the sync loop walks them in.
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { spewFormat } from '../shared/go-spew-format.js';
import { goValueOf } from '../shared/go-value.js';
import { revisionOf } from './deployment-annotations.js';

/** The label that keeps the pods of each ReplicaSet of a Deployment apart. */
export const podTemplateHashLabel = 'pod-template-hash';

/** spec.replicas of a ReplicaSet (1 when unset, as defaulted). */
export function replicasOf(rs: ReplicaSet): number {
  return rs.spec?.replicas ?? 1;
}

function templateKey(t: PodTemplateSpec | undefined): string {
  const labels = { ...(t?.metadata?.labels ?? {}) };
  delete labels[podTemplateHashLabel];
  const copy = { ...(t ?? {}), metadata: { ...(t?.metadata ?? {}), labels } };
  return spewFormat(goValueOf('core.PodTemplateSpec', copy));
}

/**
 * EqualIgnoreHash: semantic equality of two templates once the pod-template-hash label is dropped,
 * compared as the decoded Go values (so an empty list equals an absent one, as Semantic.DeepEqual).
 */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return templateKey(a) === templateKey(b);
}

function created(rs: ReplicaSet): number {
  const t = Date.parse(rs.metadata?.creationTimestamp ?? '');
  return Number.isNaN(t) ? 0 : t;
}

/** ReplicaSetsByCreationTimestamp: oldest first, by name on ties. */
export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  const d = created(a) - created(b);
  if (d !== 0) return d;
  const na = a.metadata?.name ?? '';
  const nb = b.metadata?.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** ReplicaSetsBySizeOlder: largest first, older first on ties (scaling down). */
export function bySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  return replicasOf(b) - replicasOf(a) || byCreation(a, b);
}

/** ReplicaSetsBySizeNewer: largest first, newer first on ties (scaling up). */
export function bySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  return replicasOf(b) - replicasOf(a) || byCreation(b, a);
}

/** ReplicaSetsByRevision: lowest revision first, by creation when unparsable or equal. */
export function byRevision(a: ReplicaSet, b: ReplicaSet): number {
  const ra = revisionOf(a);
  const rb = revisionOf(b);
  if (Number.isNaN(ra) || Number.isNaN(rb) || ra === rb) return byCreation(a, b);
  return ra - rb;
}

/** FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's. */
export function findNewReplicaSet(
  template: PodTemplateSpec | undefined,
  rsList: readonly ReplicaSet[],
): ReplicaSet | undefined {
  const key = templateKey(template);
  return [...rsList].sort(byCreation).find((rs) => templateKey(rs.spec?.template) === key);
}

/** FindOldReplicaSets: every other ReplicaSet (all of them, and those still with replicas). */
export function findOldReplicaSets(
  template: PodTemplateSpec | undefined,
  rsList: readonly ReplicaSet[],
): { all: ReplicaSet[]; withReplicas: ReplicaSet[] } {
  const newRs = findNewReplicaSet(template, rsList);
  const all = rsList.filter((rs) => newRs === undefined || rs.metadata?.uid !== newRs.metadata?.uid);
  return { all, withReplicas: all.filter((rs) => replicasOf(rs) !== 0) };
}

/** FilterActiveReplicaSets: those that (ought to) have pods. */
export function activeReplicaSets(rsList: readonly (ReplicaSet | undefined)[]): ReplicaSet[] {
  return rsList.filter((rs): rs is ReplicaSet => rs !== undefined && replicasOf(rs) > 0);
}

/** Sum of spec.replicas. */
export function specReplicas(rsList: readonly (ReplicaSet | undefined)[]): number {
  return rsList.reduce((n, rs) => n + (rs ? replicasOf(rs) : 0), 0);
}

/** Sums of status fields over the ReplicaSets. */
export function statusSum(
  rsList: readonly (ReplicaSet | undefined)[],
  field: 'replicas' | 'readyReplicas' | 'availableReplicas',
): number {
  return rsList.reduce((n, rs) => n + (rs?.status?.[field] ?? 0), 0);
}

/**
 * FindActiveOrLatest: the only active ReplicaSet, or the newest when none is active; undefined when
 * several are active (they must be scaled proportionally).
 */
export function findActiveOrLatest(
  newRs: ReplicaSet | undefined,
  oldRss: readonly ReplicaSet[],
): ReplicaSet | undefined {
  if (newRs === undefined && oldRss.length === 0) return undefined;
  const olds = [...oldRss].sort((a, b) => byCreation(b, a));
  const active = activeReplicaSets([...olds, newRs]);
  if (active.length === 0) return newRs ?? olds[0];
  return active.length === 1 ? active[0] : undefined;
}

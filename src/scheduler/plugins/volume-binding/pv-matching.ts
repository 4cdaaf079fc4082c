import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import { LabelMatcher, type Labels } from '../../corev1/label-matcher.js';
import { NodeSelectorMatcher } from '../../corev1/node-selector.js';
import { quantityFor } from '../../corev1/quantity.js';

/** True when the PV's required node affinity admits the node (no affinity admits every node). */
export function pvAllowsNode(pv: PersistentVolume, labels: Labels, nodeName: string): boolean {
  const required = pv.spec?.nodeAffinity?.required;
  if (required === undefined) return true;
  return new NodeSelectorMatcher(required.nodeSelectorTerms ?? []).matches(labels, nodeName);
}

/** The storage class a claim asks for ("" for none). */
export function claimClass(pvc: PersistentVolumeClaim): string {
  return pvc.spec?.storageClassName ?? '';
}

/** True when the claim waits for its first consumer to be scheduled before it binds. */
export function isDelayedBinding(
  pvc: PersistentVolumeClaim,
  classes: (name: string) => StorageClass | undefined,
): boolean {
  const name = claimClass(pvc);
  if (name === '') return false;
  return classes(name)?.volumeBindingMode === 'WaitForFirstConsumer';
}

/** True when a storage class can provision a new volume on a node with these labels. */
export function canProvision(sc: StorageClass | undefined, labels: Labels): boolean {
  if (sc === undefined || sc.provisioner === 'kubernetes.io/no-provisioner') return false;
  const topologies = sc.allowedTopologies ?? [];
  if (topologies.length === 0) return true;
  return topologies.some((term) =>
    (term.matchLabelExpressions ?? []).every(
      (e) => Object.hasOwn(labels, e.key) && e.values.includes(labels[e.key]!),
    ),
  );
}

function claimKey(pvc: PersistentVolumeClaim): string {
  return `${pvc.metadata?.namespace ?? ''}/${pvc.metadata?.name ?? ''}`;
}

/**
 * True when `pv` can serve `pvc` (upstream's volume matching, trimmed): same class, enough capacity,
 * the access modes and volume mode asked for, the claim's label selector, and either unclaimed or
 * pre-bound to this claim.
 */
export function pvMatchesClaim(pv: PersistentVolume, pvc: PersistentVolumeClaim): boolean {
  if (pv.metadata?.deletionTimestamp) return false;
  const ref = pv.spec?.claimRef;
  if (ref?.name) {
    if (ref.name !== pvc.metadata?.name || (ref.namespace ?? '') !== (pvc.metadata?.namespace ?? ''))
      return false;
    if (ref.uid && ref.uid !== pvc.metadata?.uid) return false;
  }
  if ((pv.spec?.storageClassName ?? '') !== claimClass(pvc)) return false;
  if ((pv.spec?.volumeMode ?? 'Filesystem') !== (pvc.spec?.volumeMode ?? 'Filesystem')) return false;
  const want = quantityFor('storage', pvc.spec?.resources?.requests?.['storage']);
  const have = quantityFor('storage', pv.spec?.capacity?.['storage']);
  if (have < want) return false;
  const modes = pv.spec?.accessModes ?? [];
  for (const m of pvc.spec?.accessModes ?? []) if (!modes.includes(m)) return false;
  if (pvc.spec?.selector) {
    try {
      if (!LabelMatcher.fromLabelSelector(pvc.spec.selector).matches(pv.metadata?.labels ?? {})) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * The smallest available PV that serves `pvc` on the node, skipping PVs in `taken` (already picked
 * for another claim or assumed by another pod); a PV pre-bound to the claim wins outright.
 */
export function findMatchingVolume(
  pvc: PersistentVolumeClaim,
  pvs: readonly PersistentVolume[],
  labels: Labels,
  nodeName: string,
  taken: (pvName: string) => boolean,
): PersistentVolume | undefined {
  let best: PersistentVolume | undefined;
  let bestSize = Infinity;
  const key = claimKey(pvc);
  for (const pv of pvs) {
    const name = pv.metadata?.name ?? '';
    if (taken(name)) continue;
    if (!pvMatchesClaim(pv, pvc) || !pvAllowsNode(pv, labels, nodeName)) continue;
    const ref = pv.spec?.claimRef;
    if (ref?.name && `${ref.namespace ?? ''}/${ref.name}` === key) return pv;
    const size = quantityFor('storage', pv.spec?.capacity?.['storage']);
    if (size < bestSize) {
      best = pv;
      bestSize = size;
    }
  }
  return best;
}

// persistentVolumeClaimRetentionPolicy as owner references on the claims: WhenDeleted=Delete makes
// the set an owner, WhenScaled=Delete makes a scaled-down pod an owner, so the garbage collector
// removes claims exactly when the policy says (upstream's isClaimOwnerUpToDate and
// updateClaimOwnerRefForSetAndPod).
import type { StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { controllerRef, type OwnerKind } from '../shared/workload-owner-refs.js';
import { podInOrdinalRange, podKind, statefulSetKind } from './stateful-pod-identity.js';

/** The set's policy with Retain for whatever is unset. */
export function retentionPolicy(set: StatefulSet): { whenDeleted: string; whenScaled: string } {
  const p = set.spec?.persistentVolumeClaimRetentionPolicy;
  return { whenDeleted: p?.whenDeleted || 'Retain', whenScaled: p?.whenScaled || 'Retain' };
}

interface Named {
  readonly metadata?: { readonly name?: string; readonly uid?: string };
}

function matchesRef(ref: OwnerReference, obj: Named, kind: OwnerKind): boolean {
  return ref.apiVersion === kind.apiVersion && ref.kind === kind.kind && ref.name === obj.metadata?.name;
}

function refs(claim: PersistentVolumeClaim): readonly OwnerReference[] {
  return claim.metadata?.ownerReferences ?? [];
}

function hasOwnerRef(claim: PersistentVolumeClaim, owner: Named): boolean {
  return refs(claim).some((r) => r.uid === owner.metadata?.uid);
}

/** True when the claim refers to `obj` by name and kind but with another uid (a previous incarnation). */
export function hasStaleOwnerRef(claim: PersistentVolumeClaim, obj: Named, kind: OwnerKind): boolean {
  const ref = refs(claim).find((r) => matchesRef(r, obj, kind));
  return ref !== undefined && ref.uid !== (obj.metadata?.uid ?? '');
}

/** True when a controller other than the set or pod manages the claim under a Delete policy. */
export function hasUnexpectedController(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): boolean {
  const policy = retentionPolicy(set);
  if (policy.whenScaled === 'Retain' && policy.whenDeleted === 'Retain') return false;
  for (const ref of refs(claim)) {
    if (matchesRef(ref, set, statefulSetKind)) {
      if (ref.uid !== set.metadata?.uid) return true;
      continue;
    }
    if (matchesRef(ref, pod, podKind)) {
      if (ref.uid !== pod.metadata?.uid) return true;
      continue;
    }
    if (ref.controller === true) return true;
  }
  return false;
}

function hasNonControllerOwner(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): boolean {
  return refs(claim).some(
    (r) => (r.uid === set.metadata?.uid || r.uid === pod.metadata?.uid) && r.controller !== true,
  );
}

/** True when the claim's owner references already express the set's retention policy for `pod`. */
export function isClaimOwnerUpToDate(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): boolean {
  // Claims still managed by a previous incarnation of the set or pod are left alone.
  if (hasStaleOwnerRef(claim, set, statefulSetKind) || hasStaleOwnerRef(claim, pod, podKind)) return true;
  if (hasUnexpectedController(claim, set, pod)) return !(hasOwnerRef(claim, set) || hasOwnerRef(claim, pod));
  if (hasNonControllerOwner(claim, set, pod)) return false;
  const { whenDeleted, whenScaled } = retentionPolicy(set);
  const scaledDown = !podInOrdinalRange(pod, set);
  const onSet = hasOwnerRef(claim, set);
  const onPod = hasOwnerRef(claim, pod);
  if (whenScaled === 'Delete' && whenDeleted === 'Delete')
    return scaledDown !== onSet && scaledDown === onPod;
  if (whenScaled === 'Delete') return !onSet && scaledDown === onPod;
  if (whenDeleted === 'Delete') return onSet && !onPod;
  return !onSet && !onPod;
}

function addControllerRef(list: OwnerReference[], owner: Named, kind: OwnerKind): OwnerReference[] {
  if (list.some((r) => r.uid === owner.metadata?.uid)) return list;
  return [...list, controllerRef(owner, kind)];
}

/** The claim's owner references rewritten to express the retention policy for `pod`. */
export function claimOwnerRefsForPolicy(
  claim: PersistentVolumeClaim,
  set: StatefulSet,
  pod: Pod,
): OwnerReference[] {
  const unexpected = hasUnexpectedController(claim, set, pod);
  let list = refs(claim).filter((r) => !matchesRef(r, set, statefulSetKind) && !matchesRef(r, pod, podKind));
  if (unexpected) return list;
  const { whenDeleted, whenScaled } = retentionPolicy(set);
  const scaledDown = !podInOrdinalRange(pod, set);
  if (whenScaled === 'Delete' && scaledDown) list = addControllerRef(list, pod, podKind);
  if (whenDeleted === 'Delete' && (whenScaled !== 'Delete' || !scaledDown))
    list = addControllerRef(list, set, statefulSetKind);
  return list;
}

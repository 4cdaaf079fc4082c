// Controller references (metav1.NewControllerRef, GetControllerOf, IsControlledBy) and the object
// references events and status lists carry.
import type { ObjectReference } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';

/** The metadata the helpers here read. */
export interface OwnedMeta {
  readonly name?: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly resourceVersion?: string;
  readonly ownerReferences?: readonly OwnerReference[];
}

/** Anything with object metadata. */
export interface HasMeta {
  readonly metadata?: OwnedMeta;
}

/** The kind of an owner, as its controller reference names it. */
export interface OwnerKind {
  readonly apiVersion: string;
  readonly kind: string;
}

/** A controller reference to `owner` (controller and blockOwnerDeletion true), as upstream's NewControllerRef. */
export function controllerRef(owner: HasMeta, kind: OwnerKind): OwnerReference {
  return {
    apiVersion: kind.apiVersion,
    kind: kind.kind,
    name: owner.metadata?.name ?? '',
    uid: owner.metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** The owner reference marked controller, if any. */
export function controllerOf(object: HasMeta): OwnerReference | undefined {
  return object.metadata?.ownerReferences?.find((r) => r.controller === true);
}

/** True when `object`'s controller reference points at `owner` (same uid). */
export function isControlledBy(object: HasMeta, owner: HasMeta): boolean {
  const ref = controllerOf(object);
  return ref !== undefined && ref.uid === owner.metadata?.uid;
}

/** An ObjectReference to `object` for events and status lists. */
export function objectReference(object: HasMeta, kind: OwnerKind): ObjectReference {
  const meta = object.metadata ?? {};
  return {
    apiVersion: kind.apiVersion,
    kind: kind.kind,
    name: meta.name ?? '',
    ...(meta.namespace ? { namespace: meta.namespace } : {}),
    ...(meta.uid ? { uid: meta.uid } : {}),
    ...(meta.resourceVersion ? { resourceVersion: meta.resourceVersion } : {}),
  };
}

/** "namespace/name" of an object, the workqueue key. */
export function keyOf(object: HasMeta): string {
  const meta = object.metadata ?? {};
  return meta.namespace ? `${meta.namespace}/${meta.name ?? ''}` : (meta.name ?? '');
}

// Controller references: metav1.NewControllerRef, GetControllerOf and IsControlledBy.
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';

/** Metadata the helpers read. */
export interface RefMeta {
  readonly name?: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly deletionTimestamp?: string;
  readonly ownerReferences?: readonly OwnerReference[];
}

/** An apiVersion and kind, as a controller reference names its owner. */
export interface OwnerKind {
  readonly apiVersion: string;
  readonly kind: string;
}

/** The owner reference a controller sets on what it creates: controller and blockOwnerDeletion true. */
export function newControllerRef(owner: { readonly metadata?: RefMeta }, kind: OwnerKind): OwnerReference {
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
export function controllerOf(object: { readonly metadata?: RefMeta }): OwnerReference | undefined {
  return object.metadata?.ownerReferences?.find((r) => r.controller === true);
}

/** True when `object`'s controller reference points at `owner`'s uid. */
export function isControlledBy(
  object: { readonly metadata?: RefMeta },
  owner: { readonly metadata?: RefMeta },
): boolean {
  const ref = controllerOf(object);
  return ref !== undefined && ref.uid === owner.metadata?.uid;
}

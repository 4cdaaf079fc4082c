import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import type { ResourceClient } from '../../client/index.js';
import type { Selector } from '../../machinery/labels/index.js';
import { isStatusError } from '../../machinery/errors/index.js';
import { controllerOf, newControllerRef, type OwnerKind, type RefMeta } from './controller-ref.js';

/** An object a controller may own. */
export interface Ownable {
  readonly metadata?: RefMeta & { readonly labels?: Readonly<Record<string, string>> };
}

/** What claimObjects works with. */
export interface ClaimOptions<T extends Ownable> {
  /** The would-be owner. */
  readonly owner: Ownable;
  readonly ownerKind: OwnerKind;
  readonly selector: Selector;
  /** Where adoption and release patches go (bound to the owner's namespace for namespaced kinds). */
  readonly client: ResourceClient<T & { apiVersion?: string; kind?: string }>;
  /**
   * Called once before the first adoption: rechecks with a live read that the owner is not being
   * deleted (upstream's RecheckDeletionTimestamp); throws to refuse adoption.
   */
  readonly canAdopt: () => Promise<void>;
  /** Extra match beyond the selector (e.g. a pod being active). */
  readonly filter?: (object: T) => boolean;
}

/** The strategic merge patch that makes `owner` the controller of the object with `uid`. */
export function adoptPatch(owner: Ownable, kind: OwnerKind, uid: string): unknown {
  return { metadata: { ownerReferences: [newControllerRef(owner, kind)], uid } };
}

/** The strategic merge patch that removes the owner references to `ownerUids` from the object with `uid`. */
export function releasePatch(uid: string, ownerUids: readonly string[]): unknown {
  return {
    metadata: { ownerReferences: ownerUids.map((u) => ({ $patch: 'delete', uid: u })), uid },
  };
}

/**
 * BaseControllerRefManager.ClaimObjects: keeps objects the owner controls and the selector still
 * matches, releases controlled ones that no longer match, adopts matching orphans (never while the
 * owner or the orphan is being deleted), and ignores everything controlled by someone else. Returns
 * the objects the owner now controls; the first failed adoption or release is thrown after all
 * were tried.
 */
export async function claimObjects<T extends Ownable>(
  objects: readonly T[],
  o: ClaimOptions<T>,
): Promise<T[]> {
  const claimed: T[] = [];
  const errors: unknown[] = [];
  let adoptionChecked: Promise<void> | undefined;
  const ownerUid = o.owner.metadata?.uid;
  const ownerDeleting = Boolean(o.owner.metadata?.deletionTimestamp);
  const matches = (obj: T) =>
    o.selector.matches(obj.metadata?.labels ?? {}) && (o.filter === undefined || o.filter(obj));
  for (const obj of objects) {
    const ref: OwnerReference | undefined = controllerOf(obj);
    const name = obj.metadata?.name ?? '';
    const uid = obj.metadata?.uid ?? '';
    try {
      if (ref !== undefined) {
        if (ref.uid !== ownerUid) continue;
        if (matches(obj)) {
          claimed.push(obj);
          continue;
        }
        if (ownerDeleting) continue;
        await o.client.patch(name, 'strategic', releasePatch(uid, [ownerUid ?? '']));
        continue;
      }
      if (ownerDeleting || !matches(obj) || obj.metadata?.deletionTimestamp) continue;
      const ownerNs = o.owner.metadata?.namespace;
      if (ownerNs && ownerNs !== obj.metadata?.namespace) continue;
      adoptionChecked ??= o.canAdopt();
      await adoptionChecked;
      await o.client.patch(name, 'strategic', adoptPatch(o.owner, o.ownerKind, uid));
      claimed.push(obj);
    } catch (err) {
      // Gone already, or (release) nothing left to release: nothing to claim either way.
      if (isStatusError(err, 'NotFound') || isStatusError(err, 'Invalid')) continue;
      errors.push(err);
    }
  }
  if (errors.length > 0) throw errors[0];
  return claimed;
}

/** The error RecheckDeletionTimestamp reports when the owner turned out to be deleting. */
export function ownerDeletingError(namespace: string, name: string, deletionTimestamp: string): Error {
  return new Error(`${namespace}/${name} has just been deleted at ${deletionTimestamp}`);
}

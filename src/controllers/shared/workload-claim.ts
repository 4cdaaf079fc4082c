// Upstream's ControllerRefManager: a controller claims the objects its selector matches (adopting
// orphans, releasing objects that no longer match), so ownership follows labels.
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { isStatusError } from '../../machinery/errors/index.js';
import type { Selector } from '../../machinery/labels/index.js';
import { controllerOf, controllerRef, type OwnerKind } from './workload-owner-refs.js';

/** Objects a controller can claim. */
export interface Claimable {
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly uid?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly deletionTimestamp?: string;
    readonly ownerReferences?: readonly OwnerReference[];
  };
}

/** How a claim reaches the API: patches of one object, and a fresh read of the owner. */
export interface ClaimOptions<T extends Claimable> {
  readonly owner: Claimable;
  readonly ownerKind: OwnerKind;
  readonly selector: Selector;
  /** Extra membership test after the selector (StatefulSet: the name's parent). */
  readonly filter?: (object: T) => boolean;
  /** Sends a strategic merge patch to one claimed object. */
  readonly patch: (object: T, patch: unknown) => Promise<unknown>;
  /**
   * Re-reads the owner from the server before the first adoption; rejects when it is gone or being
   * deleted (upstream's RecheckDeletionTimestamp).
   */
  readonly recheckOwner: () => Promise<void>;
  /** Finalizers an adoption adds (the Job's tracking finalizer). */
  readonly adoptFinalizers?: readonly string[];
}

/**
 * The objects `owner` controls after reconciling ownership: already owned and matching, plus
 * adopted orphans. Owned objects that no longer match are released. The first error is thrown
 * after every object was tried.
 */
export async function claimObjects<T extends Claimable>(
  objects: readonly T[],
  o: ClaimOptions<T>,
): Promise<T[]> {
  const ownerUid = o.owner.metadata?.uid;
  const ownerDeleting = !!o.owner.metadata?.deletionTimestamp;
  const matches = (obj: T) =>
    o.selector.matches(obj.metadata?.labels ?? {}) && (o.filter === undefined || o.filter(obj));
  const claimed: T[] = [];
  const errors: unknown[] = [];
  let recheck: Promise<void> | undefined;
  for (const obj of objects) {
    const ref = controllerOf(obj);
    try {
      if (ref !== undefined) {
        if (ref.uid !== ownerUid) continue;
        if (matches(obj)) {
          claimed.push(obj);
          continue;
        }
        if (ownerDeleting) continue;
        const release = {
          metadata: { ownerReferences: [{ $patch: 'delete', uid: ownerUid }], uid: obj.metadata?.uid },
        };
        await o.patch(obj, release);
        continue;
      }
      if (ownerDeleting || !matches(obj) || obj.metadata?.deletionTimestamp) continue;
      const ns = o.owner.metadata?.namespace;
      if (ns && ns !== obj.metadata?.namespace) continue;
      recheck ??= o.recheckOwner();
      await recheck;
      const adopt = {
        metadata: {
          ownerReferences: [controllerRef(o.owner, o.ownerKind)],
          uid: obj.metadata?.uid,
          ...(o.adoptFinalizers?.length ? { finalizers: [...o.adoptFinalizers] } : {}),
        },
      };
      await o.patch(obj, adopt);
      claimed.push(obj);
    } catch (err) {
      if (isStatusError(err, 'NotFound')) continue;
      errors.push(err);
    }
  }
  if (errors.length > 0) throw errors[0];
  return claimed;
}

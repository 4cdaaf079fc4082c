import type { KubeObject } from '../../api/object.js';
import { conflict, type GroupResource } from '../../machinery/errors/index.js';

/** What a write or delete may require of the stored object (metav1.Preconditions). */
export interface Preconditions {
  readonly uid?: string;
  readonly resourceVersion?: string;
}

/**
 * Throws upstream's 409 when the stored object's metadata does not meet `pre` (an unset field
 * requires nothing): the storage layer's Preconditions.Check, as the registry reports it.
 */
export function checkPreconditions(
  qr: GroupResource,
  name: string,
  pre: Preconditions | undefined,
  meta: KubeObject['metadata'],
): void {
  if (pre?.uid && pre.uid !== meta?.uid)
    throw conflict(
      qr,
      name,
      `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${meta?.uid ?? ''}`,
    );
  if (pre?.resourceVersion && pre.resourceVersion !== meta?.resourceVersion)
    throw conflict(
      qr,
      name,
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${meta?.resourceVersion ?? ''}`,
    );
}

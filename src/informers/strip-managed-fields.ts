import type { ApiObject } from '../client/index.js';
import { withoutManagedFields } from '../machinery/apply/index.js';

/**
 * An informer transform dropping metadata.managedFields, as kube-controller-manager's and
 * kube-scheduler's informers do: nothing in them reads the field, and it is often the largest part
 * of a cached object. Objects written back from such a cache carry no managedFields, which the
 * apiserver reads as "keep the stored ones". Returns a copy; the object given is left as it is.
 */
export function stripManagedFields<T extends ApiObject>(object: T): T {
  return withoutManagedFields(object);
}

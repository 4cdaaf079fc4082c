// The managedFields of an object created through the API, recorded where upstream's create handler
// records them: on the decoded and defaulted object, before mutating admission and the strategy's
// PrepareForCreate. Fields those add (a pod's service account volume, default tolerations and
// priority, its status) belong to no manager, as in any upstream cluster.
import type { KubeObject } from '../../api/object.js';
import { formatRfc3339 } from '../../base/rfc3339.js';
import { BoundedMemo } from '../../base/bounded-memo.js';
import { updateManagedFields, type ManagedFieldsEntry } from '../registry/managed-fields.js';
import type { WriteOptions } from '../registry/resource-store.js';
import type { ServedResource } from './served-resource.js';

/** Fields nobody owns after a write to the main resource or to `subresource`, as upstream's reset-fields strategies. */
export function resetFieldsFor(served: ServedResource, subresource: string | undefined): string[][] {
  if (subresource === 'status') return [['spec']];
  return served.store.strategy.hasStatus ? [['status']] : [];
}

/** Bodies up to this size are remembered; larger ones are rare and would hold memory. */
const memoBodyLimit = 16 * 1024;

/**
 * A controller creates the same body again and again (a ReplicaSet's pods differ only in the name
 * the server generates), and ownership is a function of the body and of the served resource (its
 * schema and defaults; a changed CRD is served anew): remember it per resource and body.
 */
const ownershipByBody = new WeakMap<ServedResource, BoundedMemo<readonly ManagedFieldsEntry[] | null>>();

/**
 * The managedFields of `object` created by `opts.fieldManager`; `bodyText` (the JSON body it was
 * decoded from, when there is one) lets repeated creates of the same body reuse the computation.
 * Undefined means "store no managedFields".
 */
export function creationOwnership(
  served: ServedResource,
  object: KubeObject,
  bodyText: string | undefined,
  opts: WriteOptions,
): ManagedFieldsEntry[] | undefined {
  const time = formatRfc3339(opts.now);
  const write = {
    manager: opts.fieldManager,
    apiVersion: opts.apiVersion,
    time,
    resetFields: resetFieldsFor(served, undefined),
  };
  // Entries the client sent keep their own times, so only a body without them is memoized.
  if (
    bodyText === undefined ||
    bodyText.length > memoBodyLimit ||
    object.metadata?.managedFields !== undefined
  )
    return updateManagedFields(undefined, object, write);
  let memo = ownershipByBody.get(served);
  if (memo === undefined) ownershipByBody.set(served, (memo = new BoundedMemo(64)));
  const key = `${opts.fieldManager}\n${opts.apiVersion}\n${bodyText}`;
  const entries = memo.get(key, () => updateManagedFields(undefined, object, write) ?? null);
  // Only the writer's entry is in a create's result, and its time is this write's.
  return entries === null ? undefined : entries.map((e) => ({ ...e, time }));
}

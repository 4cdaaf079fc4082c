// Ownership after a non-apply write (create, update, patch; operation "Update"), as upstream's field
// manager records it: the writer takes every field its write added or changed, every other manager
// loses those fields and any field the write removed, and the writer's entry time moves only when
// it took something.
import type { KubeObject } from '../../api/object.js';
import { formatRfc3339, type Instant } from '../../base/rfc3339.js';
import { deepEqual } from '../../base/deep-equal.js';
import type { ApplyType } from './apply-type.js';
import {
  capUpdateManagers,
  decodeManagedFields,
  encodeManagedFields,
  managerId,
  type Managed,
  type ManagedFieldsEntry,
} from './managed-fields-entry.js';
import { emptyObjectOf, fieldPaths, strippedFields, withoutManagedFields } from './object-shapes.js';
import { reassign, type FieldFilter } from './ownership.js';

/** What a non-apply write needs to record ownership. */
export interface UpdateOptions {
  /** The stored object before the write; undefined for a create. */
  readonly live: KubeObject | undefined;
  /** The object about to be stored (its managedFields, if any, are what the client sent). */
  readonly next: KubeObject;
  /** The fieldManager of the request ("" is recorded as "unknown"). */
  readonly manager: string;
  readonly type: ApplyType;
  /** The group/version the client wrote, e.g. "apps/v1". */
  readonly apiVersion: string;
  readonly now: Instant;
  /** "status" (or another subresource) when the write went through one. */
  readonly subresource?: string;
  /** Fields the strategy resets for this endpoint (nobody owns them), e.g. [['status']]. */
  readonly resetFields?: readonly (readonly string[])[];
}

/** A filter dropping reset fields and everything below them. */
export function resetFilter(resetFields: readonly (readonly string[])[] | undefined): FieldFilter {
  if (resetFields === undefined || resetFields.length === 0) return (s) => s;
  const reset = fieldPaths(resetFields);
  return (s) => s.recursiveDifference(reset);
}

function tryDecode(entries: unknown, stored: boolean): Managed | undefined {
  try {
    return decodeManagedFields(Array.isArray(entries) ? entries : undefined, stored);
  } catch {
    return undefined;
  }
}

/** True for managedFields a client sends to clear them: [] or [{}]. */
function isReset(entries: unknown): boolean {
  if (!Array.isArray(entries)) return false;
  return entries.length === 0 || (entries.length === 1 && deepEqual(entries[0], {}));
}

/**
 * Upstream's decodeLiveOrNew: a main-resource write may replace managedFields (valid non-empty
 * ones from the client win, [] clears them); a subresource write always keeps the stored ones.
 */
function managedBefore(o: UpdateOptions): Managed {
  const live = o.live?.metadata?.managedFields;
  if (o.subresource) return tryDecode(live, true) ?? new Map();
  const sent = o.next.metadata?.managedFields;
  if (isReset(sent)) return new Map();
  const fromClient = tryDecode(sent, false);
  if (fromClient !== undefined && fromClient.size > 0) return fromClient;
  return tryDecode(live, true) ?? new Map();
}

/**
 * Ownership after the "Update" write of `manager` from `before` to `after` (both without
 * managedFields), the way upstream's managedFieldsUpdater and structured merge compute it.
 */
export function updateOwnership(
  before: unknown,
  after: unknown,
  managed: Managed,
  o: Pick<UpdateOptions, 'manager' | 'type' | 'apiVersion' | 'now' | 'subresource' | 'resetFields'>,
): Managed {
  const filter = resetFilter(o.resetFields);
  const r = reassign(before, after, o.type, managed, undefined, true, filter);
  if ('conflicts' in r) return managed;
  const taken = filter(r.comparison.modified.union(r.comparison.added)).difference(strippedFields);
  if (taken.isEmpty()) return r.managed;
  const identity = {
    manager: o.manager === '' ? 'unknown' : o.manager,
    operation: 'Update' as const,
    apiVersion: o.apiVersion,
    ...(o.subresource ? { subresource: o.subresource } : {}),
  };
  const id = managerId(identity);
  const previous = r.managed.get(id);
  const out: Managed = new Map(r.managed);
  out.set(id, { ...identity, set: previous ? taken.union(previous.set) : taken, time: formatRfc3339(o.now) });
  return out;
}

/**
 * The managedFields to store after a non-apply write; undefined when there are none (including
 * writes to an existing object that has none: upstream does not start tracking those).
 */
export function recordUpdate(o: UpdateOptions): ManagedFieldsEntry[] | undefined {
  const managed = managedBefore(o);
  if (managed.size === 0 && o.live !== undefined) return undefined;
  const before = o.live === undefined ? emptyObjectOf(o.type) : withoutManagedFields(o.live);
  try {
    const after = updateOwnership(before, withoutManagedFields(o.next), managed, o);
    return encodeManagedFields(capUpdateManagers(after));
  } catch {
    // Upstream's UpdateNoErrors: an object the schema cannot describe is stored without managedFields.
    return undefined;
  }
}

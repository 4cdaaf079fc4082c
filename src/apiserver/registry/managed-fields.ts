// metadata.managedFields for the registry's non-apply writes (operation "Update"). The ownership
// rules live in machinery/apply; this adapts them to the store's write path and finds each kind's
// schema (built-in kinds by GVK; others, until their CRD schemas are wired in, as schemaless
// custom resources: typed metadata, everything else deduced).
import type { KubeObject } from '../../api/object.js';
import { parseApiVersion } from '../../api/scheme/resource-type.js';
import { parseRfc3339 } from '../../base/rfc3339.js';
import {
  applyTypeForKind,
  customResourceType,
  fieldSetOf,
  recordUpdate,
  strippedFields,
  toFieldsV1,
  withoutManagedFields,
  type ApplyType,
  type FieldsV1,
  type ManagedFieldsEntry as Entry,
} from '../../machinery/apply/index.js';

/** One metadata.managedFields entry. */
export type ManagedFieldsEntry = Entry;

/** A FieldsV1 set: `f:<name>`, `k:{...}`, `v:<json>` keys nest; {} marks an owned leaf, "." the node itself. */
export type FieldSet = FieldsV1;

/** The apply type of an object's kind (a schemaless custom resource when it is not built in). */
function typeOf(object: KubeObject, fallbackApiVersion: string): ApplyType {
  const { group, version } = parseApiVersion(object.apiVersion ?? fallbackApiVersion);
  return applyTypeForKind({ group, version, kind: object.kind ?? '' }) ?? customResourceType();
}

/** The FieldsV1 set of every user field an object sets, as an applier of it would own them. */
export function fieldsOf(object: KubeObject): FieldSet {
  const set = fieldSetOf(withoutManagedFields(object), typeOf(object, ''));
  return toFieldsV1(set.difference(strippedFields));
}

// Every write in one second carries the same time: parse it once.
let lastTime: string | undefined;
let lastInstant = 0;

function instantOf(time: string): number {
  if (time !== lastTime) {
    lastInstant = parseRfc3339(time).getTime();
    lastTime = time;
  }
  return lastInstant;
}

/** Who wrote, how and when: the identity of one managedFields entry. */
export interface FieldManagerWrite {
  readonly manager: string;
  readonly apiVersion: string;
  /** RFC 3339, recorded on the writer's entry when the write changed something it now owns. */
  readonly time: string;
  readonly subresource?: string;
  /** Fields nobody owns after this write (the strategy resets them), e.g. [['status']]. */
  readonly resetFields?: readonly (readonly string[])[];
}

/**
 * The managedFields after an Update-operation write (`old` undefined for a create): the writer
 * takes every field it set or changed, other managers lose those and the fields it removed,
 * managers left with nothing are dropped. Undefined means "store no managedFields".
 */
export function updateManagedFields(
  old: KubeObject | undefined,
  next: KubeObject,
  write: FieldManagerWrite,
): ManagedFieldsEntry[] | undefined {
  return recordUpdate({
    live: old,
    next,
    manager: write.manager,
    type: typeOf(next, write.apiVersion),
    apiVersion: write.apiVersion,
    now: instantOf(write.time),
    ...(write.subresource ? { subresource: write.subresource } : {}),
    ...(write.resetFields ? { resetFields: write.resetFields } : {}),
  });
}

import { deepEqual } from '../../base/deep-equal.js';
import type { KubeObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';

/** One metadata.managedFields entry. */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Update' | 'Apply';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: FieldSet;
  subresource?: string;
}

/** A FieldsV1 set: `f:<name>` keys nest; an empty object marks an owned leaf. */
export type FieldSet = { [key: string]: FieldSet };

/** Metadata fields the server owns; nobody "manages" them. */
const systemMetadata = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
  'generateName',
]);

function fieldsOfValue(value: unknown): FieldSet {
  if (!isPlainObject(value)) return {};
  const out: FieldSet = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[`f:${k}`] = fieldsOfValue(v);
  return out;
}

/** The FieldsV1 set of every user field an object sets (lists are owned whole). */
export function fieldsOf(object: KubeObject): FieldSet {
  const out: FieldSet = {};
  for (const [k, v] of Object.entries(object)) {
    if (v === undefined || k === 'apiVersion' || k === 'kind') continue;
    if (k === 'metadata' && isPlainObject(v)) {
      const meta: FieldSet = {};
      for (const [mk, mv] of Object.entries(v))
        if (mv !== undefined && !systemMetadata.has(mk)) meta[`f:${mk}`] = fieldsOfValue(mv);
      if (Object.keys(meta).length > 0) out['f:metadata'] = meta;
      continue;
    }
    out[`f:${k}`] = fieldsOfValue(v);
  }
  return out;
}

/** The leaf paths (as FieldSet) whose values differ between `a` and `b`. */
function changedFields(a: unknown, b: unknown): FieldSet | undefined {
  if (deepEqual(a, b)) return undefined;
  if (!isPlainObject(a) || !isPlainObject(b)) return isPlainObject(b) ? fieldsOfValue(b) : {};
  const out: FieldSet = {};
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const c = changedFields(a[k], b[k]);
    if (c !== undefined) out[`f:${k}`] = c;
  }
  return out;
}

/** Removes every path of `remove` from `set` (a leaf in `remove` takes the whole subtree). */
function subtract(set: FieldSet, remove: FieldSet): FieldSet {
  const out: FieldSet = {};
  for (const [k, v] of Object.entries(set)) {
    const r = remove[k];
    if (r === undefined) out[k] = v;
    else if (Object.keys(r).length > 0 && Object.keys(v).length > 0) {
      const rest = subtract(v, r);
      if (Object.keys(rest).length > 0) out[k] = rest;
    }
  }
  return out;
}

function union(a: FieldSet, b: FieldSet): FieldSet {
  const out: FieldSet = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = out[k] === undefined ? v : union(out[k], v);
  return out;
}

/** Who wrote, how and when: the identity of one managedFields entry. */
export interface FieldManagerWrite {
  readonly manager: string;
  readonly apiVersion: string;
  readonly time: string;
  readonly subresource?: string;
}

/**
 * The managedFields after an Update-operation write: the writer takes ownership of every field it
 * set (create) or changed (update), and other managers lose those fields; managers left with
 * nothing are dropped. (Server-side apply's precise list semantics arrive with the apply issue.)
 */
export function updateManagedFields(
  old: KubeObject | undefined,
  next: KubeObject,
  write: FieldManagerWrite,
): ManagedFieldsEntry[] | undefined {
  const strip = (o: KubeObject): KubeObject => ({
    ...o,
    metadata: { ...o.metadata, managedFields: undefined },
  });
  const changed =
    old === undefined
      ? fieldsOf(next)
      : changedFields(fieldsProjection(strip(old)), fieldsProjection(strip(next)));
  const previous = ((old ?? next).metadata?.managedFields ?? []) as ManagedFieldsEntry[];
  if (changed === undefined || Object.keys(changed).length === 0)
    return previous.length > 0 ? previous : undefined;
  const entries: ManagedFieldsEntry[] = [];
  let mine: ManagedFieldsEntry | undefined;
  for (const e of previous) {
    const same =
      e.manager === write.manager &&
      e.operation === 'Update' &&
      (e.subresource ?? '') === (write.subresource ?? '');
    if (same) {
      mine = e;
      continue;
    }
    const rest = subtract(e.fieldsV1 ?? {}, changed);
    if (Object.keys(rest).length > 0) entries.push({ ...e, fieldsV1: rest });
  }
  const fields = union(mine?.fieldsV1 ?? {}, changed);
  const entry: ManagedFieldsEntry = {
    manager: write.manager,
    operation: 'Update',
    apiVersion: mine?.apiVersion === write.apiVersion ? mine.apiVersion : write.apiVersion,
    time: write.time,
    fieldsType: 'FieldsV1',
    fieldsV1: fields,
  };
  if (write.subresource) entry.subresource = write.subresource;
  entries.push(entry);
  return entries;
}

/** The parts of an object field ownership is about: user metadata and everything outside metadata. */
function fieldsProjection(o: KubeObject): Record<string, unknown> {
  const { apiVersion: _a, kind: _k, metadata, ...rest } = o;
  const meta: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(metadata ?? {})) if (!systemMetadata.has(k)) meta[k] = v;
  return { metadata: meta, ...rest };
}

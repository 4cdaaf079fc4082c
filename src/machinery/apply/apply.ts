// Server-side apply of one object (upstream's FieldManager.Apply with its default chain: version
// check, client-side-apply upgrade for "kubectl", before-first-apply, structured merge, stripped
// metadata, entry times). Pure: the caller stores the result, defaults it, and creates the object
// when `live` is undefined.
import type { KubeObject } from '../../api/object.js';
import { badRequest } from '../errors/status-error-factories.js';
import { StatusError } from '../errors/status-error.js';
import { makeStatus } from '../errors/status.js';
import { formatRfc3339, type Instant } from '../../base/rfc3339.js';
import type { ApplyType } from './apply-type.js';
import { conflictError, conflictsFrom, type Conflict } from './conflicts.js';
import { valuesEqual } from './json-value.js';
import { allowedFromLastApplied, kubectlManager, refreshLastApplied } from './last-applied.js';
import {
  decodeManagedFields,
  encodeManagedFields,
  managerId,
  ManagedFieldsError,
  type Managed,
  type ManagedFieldsEntry,
} from './managed-fields-entry.js';
import { ApplyTypeError } from './list-items.js';
import { emptyObjectOf, strippedFields, withoutManagedFields } from './object-shapes.js';
import { applyOwnership } from './ownership.js';
import { resetFilter, updateOwnership } from './record-update.js';
import { validateTyped, validationMessage } from './validate.js';

/** One server-side apply request, already parsed. */
export interface ApplyOptions {
  /** The stored object, or undefined when the apply creates it. */
  readonly live: KubeObject | undefined;
  /** The applied configuration (see parseApplyBody). */
  readonly applied: KubeObject;
  /** The fieldManager query parameter (required by the handler; "" is recorded as "unknown"). */
  readonly manager: string;
  /** The force query parameter: take conflicting fields instead of failing. */
  readonly force: boolean;
  /** The schema of the kind: applyTypeForKind, applyTypeOf(crdSchemaNode) or deducedType. */
  readonly type: ApplyType;
  /** The group/version of the request URL, e.g. "apps/v1". */
  readonly apiVersion: string;
  /** The kind the URL addresses; the applied object must name the same apiVersion and kind. */
  readonly kind: string;
  readonly now: Instant;
  /** "status" (or another subresource) for an apply through a subresource. */
  readonly subresource?: string;
  /** Fields the endpoint's strategy resets (nobody owns them), e.g. [['status']] on the main resource. */
  readonly resetFields?: readonly (readonly string[])[];
}

/** The result of an apply: the object to store, or the conflicts (with the 409 to answer). */
export type ApplyOutcome =
  | {
      readonly ok: true;
      /** live (or {} on create) with the configuration merged in and metadata.managedFields set. */
      readonly object: KubeObject;
      readonly managedFields: ManagedFieldsEntry[] | undefined;
    }
  | { readonly ok: false; readonly conflicts: readonly Conflict[]; readonly error: StatusError };

/** Go's schema.FromAPIVersionAndKind(...).String(): "apps/v1, Kind=Deployment", "/v1, Kind=Pod". */
function gvkString(apiVersion: unknown, kind: unknown): string {
  const av = typeof apiVersion === 'string' ? apiVersion : '';
  const parts = av.split('/');
  const [group, version] = parts.length === 1 ? ['', av] : parts.length === 2 ? parts : ['', ''];
  return `${group}/${version}, Kind=${typeof kind === 'string' ? kind : ''}`;
}

/** Upstream returns these failures as plain Go errors: a 500 whose reason is empty (Unknown). */
function plainError(message: string): StatusError {
  return new StatusError(makeStatus({ status: 'Failure', message, code: 500 }));
}

type Attempt = { ok: true; object: KubeObject; managed: Managed } | { ok: false; conflicts: Conflict[] };

function attempt(o: ApplyOptions, stored: Managed, force: boolean): Attempt {
  const filter = resetFilter(o.resetFields);
  const live = o.live === undefined ? {} : withoutManagedFields(o.live);
  let managed = stored;
  // An object nobody tracked yet: its current fields go to "before-first-apply" first, so the
  // applier conflicts with what it did not write (upstream's skipNonAppliedManager).
  if (managed.size === 0 && o.live !== undefined) {
    const before = emptyObjectOf(o.type);
    managed = updateOwnership(before, live, managed, { ...o, manager: 'before-first-apply' });
  }
  const identity = {
    manager: o.manager === '' ? 'unknown' : o.manager,
    operation: 'Apply' as const,
    apiVersion: o.apiVersion,
    ...(o.subresource ? { subresource: o.subresource } : {}),
  };
  const id = managerId(identity);
  const r = applyOwnership(live, o.applied, o.type, managed, { id, state: identity }, force, filter);
  if ('conflicts' in r) return { ok: false, conflicts: conflictsFrom(r.conflicts, managed) };
  const out: Managed = new Map(r.managed);
  const mine = out.get(id);
  if (mine !== undefined) {
    const set = mine.set.difference(strippedFields);
    if (set.isEmpty()) out.delete(id);
    else out.set(id, { ...mine, set });
  }
  const unchanged = valuesEqual(live, r.object);
  if (!unchanged && out.has(id)) out.set(id, { ...out.get(id)!, time: formatRfc3339(o.now) });
  return { ok: true, object: (unchanged ? live : r.object) as KubeObject, managed: out };
}

/**
 * Server-side apply. Throws a StatusError for a request upstream rejects before merging: wrong
 * apiVersion/kind or managedFields in the body (400), a body the schema cannot type or stored
 * managedFields that cannot be decoded (500 without a reason, as upstream's plain errors).
 */
export function apply(o: ApplyOptions): ApplyOutcome {
  const expected = gvkString(o.apiVersion, o.kind);
  const got = gvkString(o.applied.apiVersion, o.applied.kind);
  if (got !== expected) throw badRequest(`invalid object type: ${got}`);
  const meta = o.applied.metadata;
  if (meta?.managedFields !== undefined && meta.managedFields !== null)
    throw badRequest('metadata.managedFields must be nil');
  const errors = validateTyped(o.applied, o.type);
  if (errors.length > 0) {
    const where = `${meta?.namespace ?? ''}/${meta?.name ?? ''}; ${got}`;
    throw plainError(`failed to create typed patch object (${where}): ${validationMessage(errors)}`);
  }
  let stored: Managed;
  try {
    stored = decodeManagedFields(o.live?.metadata?.managedFields, true);
  } catch (err) {
    if (err instanceof ManagedFieldsError)
      throw plainError(`failed to decode managed fields: ${err.message}`);
    throw err;
  }

  let result: Attempt;
  try {
    result = attempt(o, stored, o.force);
    if (!result.ok && o.manager === kubectlManager && o.live !== undefined) {
      // kubectl's first server-side apply may take over what its client-side applies set.
      const allowed = allowedFromLastApplied(o.live, o.type, o.apiVersion);
      if (allowed !== undefined) {
        const remaining = result.conflicts.filter((c) => !allowed.has(c.path));
        result = remaining.length === 0 ? attempt(o, stored, true) : { ok: false, conflicts: remaining };
      }
    }
  } catch (err) {
    if (err instanceof ApplyTypeError) throw plainError(`failed to merge config: ${err.message}`);
    throw err;
  }
  if (!result.ok) return { ok: false, conflicts: result.conflicts, error: conflictError(result.conflicts) };

  let object = result.object;
  if (o.manager === kubectlManager) object = refreshLastApplied(object, o.applied);
  const managedFields = encodeManagedFields(result.managed);
  const metadata = { ...object.metadata };
  if (managedFields === undefined) delete metadata.managedFields;
  else metadata.managedFields = managedFields;
  return { ok: true, object: { ...object, metadata }, managedFields };
}

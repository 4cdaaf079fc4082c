// metadata.managedFields as the API carries it, and its decoding into per-manager field sets.
// Managers are identified as upstream's BuildManagerIdentifier does: manager name, operation,
// subresource and — for Update only — apiVersion, so an applier keeps one entry across versions.
import { goMarshal } from '../../api/conversion/go-json.js';
import { goQuote } from '../../api/validation/go-quote.js';
import { parseRfc3339 } from '../../base/rfc3339.js';
import { BoundedMemo } from '../../base/bounded-memo.js';
import { fromFieldsV1, toFieldsV1, type FieldsV1 } from './fields-v1.js';
import { compareStrings } from './json-value.js';
import type { PathSet } from './path-set.js';

/** One metadata.managedFields entry (keys in Go's field order, so JSON output matches upstream). */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  /** When the manager last changed the object; absent when never recorded (upstream's nil time). */
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: FieldsV1;
  subresource?: string;
}

/** Who owns a set of fields: the parts of an entry that identify a manager. */
export interface ManagerIdentity {
  readonly manager: string;
  readonly operation: 'Apply' | 'Update';
  /** For Update managers part of the identity; for appliers only the version last applied. */
  readonly apiVersion: string;
  readonly subresource?: string;
}

/** What one manager owns. */
export interface ManagerState extends ManagerIdentity {
  readonly set: PathSet;
  readonly time?: string;
}

/** Every manager of an object, by identifier. */
export type Managed = Map<string, ManagerState>;

/** The identifier of a manager: the JSON upstream uses as its map key (also its sort key). */
export function managerId(m: Omit<ManagerIdentity, 'apiVersion'> & { readonly apiVersion?: string }): string {
  return goMarshal({
    manager: m.manager === '' ? undefined : m.manager,
    operation: m.operation,
    apiVersion: m.operation === 'Update' && m.apiVersion !== '' ? m.apiVersion : undefined,
    subresource: m.subresource ? m.subresource : undefined,
  });
}

/** Thrown when stored managedFields cannot be decoded; the message is upstream's. */
export class ManagedFieldsError extends Error {}

/**
 * Decodes metadata.managedFields; later entries with the same identity replace earlier ones.
 * `stored`: they are a stored object's, which this server encoded (see fromFieldsV1).
 */
export function decodeManagedFields(entries: readonly unknown[] | undefined, stored = false): Managed {
  const managed: Managed = new Map();
  (entries ?? []).forEach((raw, i) => {
    const e = (raw ?? {}) as Partial<Record<keyof ManagedFieldsEntry, unknown>>;
    if (e.operation !== 'Apply' && e.operation !== 'Update')
      throw new ManagedFieldsError('operation must be `Apply` or `Update`');
    if (typeof e.apiVersion !== 'string' || e.apiVersion === '')
      throw new ManagedFieldsError('apiVersion must not be empty');
    if (e.fieldsType === undefined || e.fieldsType === '')
      throw new ManagedFieldsError(`missing fieldsType in managed fields entry ${i}`);
    if (e.fieldsType !== 'FieldsV1')
      throw new ManagedFieldsError(
        `invalid fieldsType ${goQuote(String(e.fieldsType))} in managed fields entry ${i}`,
      );
    let set: PathSet;
    try {
      set = fromFieldsV1(e.fieldsV1, stored);
    } catch (err) {
      throw new ManagedFieldsError(
        `error decoding versioned set from ${JSON.stringify(raw)}: error decoding set: ${(err as Error).message}`,
      );
    }
    const state: ManagerState = {
      manager: typeof e.manager === 'string' ? e.manager : '',
      operation: e.operation,
      apiVersion: e.apiVersion,
      ...(typeof e.subresource === 'string' && e.subresource !== '' ? { subresource: e.subresource } : {}),
      ...(typeof e.time === 'string' ? { time: e.time } : {}),
      set,
    };
    managed.set(managerId(state), state);
  });
  return managed;
}

// Entry times repeat (every write in a second records the same one): parse each once.
const secondsByTime = new BoundedMemo<number>(256);

function seconds(time: string | undefined): number {
  if (time === undefined) return 0;
  return secondsByTime.get(time, (t) => {
    try {
      return Math.floor(parseRfc3339(t).getTime() / 1000);
    } catch {
      return 0;
    }
  });
}

/** Upstream's entry order: appliers first, then oldest first, then manager, apiVersion, subresource. */
export function compareEntries(p: ManagedFieldsEntry, q: ManagedFieldsEntry): number {
  if (p.operation !== q.operation) return p.operation < q.operation ? -1 : 1;
  const ps = seconds(p.time);
  const qs = seconds(q.time);
  if (ps !== qs) return ps < qs ? -1 : 1;
  return (
    compareStrings(p.manager, q.manager) ||
    compareStrings(p.apiVersion, q.apiVersion) ||
    compareStrings(p.subresource ?? '', q.subresource ?? '')
  );
}

/** Encodes managers as sorted managedFields entries (undefined when nobody owns anything). */
export function encodeManagedFields(managed: Managed): ManagedFieldsEntry[] | undefined {
  const entries: ManagedFieldsEntry[] = [];
  for (const m of managed.values()) {
    if (m.set.isEmpty()) continue;
    const entry: ManagedFieldsEntry = {
      manager: m.manager,
      operation: m.operation,
      apiVersion: m.apiVersion,
      ...(m.time !== undefined ? { time: m.time } : {}),
      fieldsType: 'FieldsV1',
      fieldsV1: toFieldsV1(m.set),
    };
    if (m.subresource) entry.subresource = m.subresource;
    entries.push(entry);
  }
  return entries.length > 0 ? entries.sort(compareEntries) : undefined;
}

/** How many Update managers an object keeps before the oldest merge (upstream's default). */
export const maxUpdateManagers = 10;

/**
 * Merges the oldest Update managers into one "ancient-changes" entry per apiVersion until at most
 * `max` Update managers remain (upstream's capManagersManager); appliers are never merged.
 */
export function capUpdateManagers(managed: Managed, max = maxUpdateManagers): Managed {
  const updaters = [...managed.entries()].filter(([, m]) => m.operation === 'Update');
  if (updaters.length <= max) return managed;
  const out: Managed = new Map(managed);
  updaters.sort(([ia, a], [ib, b]) => seconds(a.time) - seconds(b.time) || compareStrings(ia, ib));
  const firstByVersion = new Map<string, string>();
  let length = updaters.length;
  for (let i = 0; i < updaters.length && length > max; i++) {
    const [id, m] = updaters[i]!;
    const bucketId = managerId({ manager: 'ancient-changes', operation: 'Update', apiVersion: m.apiVersion });
    const first = firstByVersion.get(m.apiVersion);
    if (first === undefined) {
      firstByVersion.set(m.apiVersion, id);
      continue;
    }
    // Merging the bucket into itself would only drop it.
    if (id === bucketId) continue;
    // The first manager of a version becomes the bucket once a second one joins it.
    let base = out.get(bucketId)?.set;
    if (base === undefined) {
      base = out.get(first)!.set;
      out.delete(first);
    }
    out.set(bucketId, {
      manager: 'ancient-changes',
      operation: 'Update',
      apiVersion: m.apiVersion,
      set: m.set.union(base),
      ...(m.time !== undefined ? { time: m.time } : {}),
    });
    out.delete(id);
    length--;
  }
  return out;
}

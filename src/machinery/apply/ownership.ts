// The ownership arithmetic of upstream's merge.Updater: after an edit, every other manager loses the
// fields the edit changed (a conflict unless forced) and the fields it removed; an applier owns
// exactly its configuration, and fields it applied before but no longer applies are pruned from the
// object unless someone else still owns them.
import type { ApplyType } from './apply-type.js';
import { compareTyped, filterComparison, type Comparison } from './compare.js';
import { ensureNamedFieldsAreMembers } from './ensure-named.js';
import type { Managed, ManagerState } from './managed-fields-entry.js';
import { mergeTyped } from './merge.js';
import { PathSet } from './path-set.js';
import { removeItems } from './remove-items.js';
import { fieldSetOf } from './to-field-set.js';

/** Drops the fields a strategy resets (upstream's IgnoreFilter), or keeps everything. */
export type FieldFilter = (set: PathSet) => PathSet;

/** The outcome of reassigning ownership: new managers, or the fields other managers would lose. */
export type Reassigned =
  | { readonly managed: Managed; readonly comparison: Comparison }
  | { readonly conflicts: ReadonlyMap<string, PathSet> };

/**
 * Upstream's Updater.update: compares live with next; each manager but `self` loses what changed
 * (reported as conflicts instead when `force` is false) and what was removed; empty managers go.
 */
export function reassign(
  live: unknown,
  next: unknown,
  t: ApplyType,
  managed: Managed,
  self: string | undefined,
  force: boolean,
  filter: FieldFilter,
): Reassigned {
  const comparison = filterComparison(compareTyped(live, next, t), filter);
  const changed = comparison.modified.union(comparison.added);
  const conflicts = new Map<string, PathSet>();
  for (const [id, m] of managed) {
    if (id === self) continue;
    const lost = m.set.intersection(changed);
    if (!lost.isEmpty()) conflicts.set(id, lost);
  }
  if (!force && conflicts.size > 0) return { conflicts };
  const out: Managed = new Map();
  for (const [id, m] of managed) {
    let set = m.set;
    if (id !== self) {
      const lost = conflicts.get(id);
      if (lost !== undefined) set = set.difference(lost);
      set = set.difference(comparison.removed);
    }
    if (!set.isEmpty()) out.set(id, set === m.set ? m : { ...m, set });
  }
  return { managed: out, comparison };
}

/** The outcome of an apply at the ownership level: the merged object, or conflicts. */
export type Applied =
  | { readonly object: unknown; readonly managed: Managed }
  | { readonly conflicts: ReadonlyMap<string, PathSet> };

/**
 * Upstream's Updater.Apply: merges `config` over `live`, makes `self` own exactly the config's
 * fields, prunes what `self` applied last time but no longer applies, then reassigns ownership.
 */
export function applyOwnership(
  live: unknown,
  config: unknown,
  t: ApplyType,
  managed: Managed,
  self: { readonly id: string; readonly state: Omit<ManagerState, 'set' | 'time'> },
  force: boolean,
  filter: FieldFilter,
): Applied {
  let merged = mergeTyped(live, config, t);
  const last = managed.get(self.id);
  const managers: Managed = new Map(managed);
  managers.set(self.id, {
    ...self.state,
    set: filter(fieldSetOf(config, t)),
    ...(last?.time !== undefined ? { time: last.time } : {}),
  });
  if (last !== undefined && !last.set.isEmpty()) merged = prune(merged, managers, last.set, t);
  const r = reassign(live, merged, t, managers, self.id, force, filter);
  return 'conflicts' in r ? r : { object: merged, managed: r.managed };
}

function prune(merged: unknown, managers: Managed, lastSet: PathSet, t: ApplyType): unknown {
  const named = (s: PathSet): PathSet => ensureNamedFieldsAreMembers(s, t);
  const last = named(lastSet);
  // Remove everything the applier applied last time...
  const pruned = removeItems(merged, last, t);
  // ...put back whatever some manager (the applier's new config included) owns...
  let owned = new PathSet();
  for (const m of managers.values()) owned = owned.union(m.set);
  const mergedSet = named(fieldSetOf(merged, t));
  const ownedBack = removeItems(
    merged,
    mergedSet.difference(named(fieldSetOf(pruned, t)).union(named(owned))),
    t,
  );
  // ...and only ever drop what the applier itself had applied (unowned fields stay).
  const dropped = mergedSet.difference(named(fieldSetOf(ownedBack, t))).intersection(last);
  return removeItems(merged, dropped, t);
}

// Apply conflicts and the 409 upstream answers with (k8s.io/apimachinery managedfields'
// NewConflictError): one FieldManagerConflict cause per conflicting field, and a message that names
// the field's manager — Update managers with the apiVersion they wrote.
import { applyConflict } from '../errors/status-error-factories.js';
import type { StatusError } from '../errors/status-error.js';
import { goQuote } from '../../api/validation/go-quote.js';
import { compareStrings } from './json-value.js';
import type { Managed, ManagerIdentity } from './managed-fields-entry.js';
import { pathToString, type Path } from './path-element.js';
import type { PathSet } from './path-set.js';

/** One field an apply would take from another manager. */
export interface Conflict {
  readonly manager: ManagerIdentity;
  readonly path: Path;
  /** The path as upstream prints it, e.g. `.spec.replicas`. */
  readonly field: string;
}

/** Conflicts from the per-manager sets, managers in identifier order, paths in set order. */
export function conflictsFrom(sets: ReadonlyMap<string, PathSet>, managed: Managed): Conflict[] {
  const out: Conflict[] = [];
  for (const id of [...sets.keys()].sort(compareStrings)) {
    const manager = managed.get(id);
    if (manager === undefined) continue;
    const identity: ManagerIdentity = {
      manager: manager.manager,
      operation: manager.operation,
      apiVersion: manager.apiVersion,
      ...(manager.subresource ? { subresource: manager.subresource } : {}),
    };
    for (const path of sets.get(id)!.paths())
      out.push({ manager: identity, path, field: pathToString(path) });
  }
  return out;
}

/** How upstream names a manager in conflicts: `"kubectl"`, `"x" with subresource "status" using v1`. */
export function printManager(m: ManagerIdentity): string {
  let s = goQuote(m.manager);
  if (m.subresource) s += ` with subresource ${goQuote(m.subresource)}`;
  // The identifier carries no time, so upstream never prints the "at <time>" form.
  if (m.operation === 'Update') s += ` using ${m.apiVersion}`;
  return s;
}

/** Upstream's conflict message (one conflict inline, several grouped by manager). */
export function conflictMessage(conflicts: readonly Conflict[]): string {
  if (conflicts.length === 1) {
    const c = conflicts[0]!;
    return `Apply failed with 1 conflict: conflict with ${printManager(c.manager)}: ${c.field}`;
  }
  const groups = new Map<string, string[]>();
  for (const c of conflicts) {
    const name = printManager(c.manager);
    const fields = groups.get(name) ?? [];
    fields.push(c.field);
    groups.set(name, fields);
  }
  const lines: string[] = [];
  for (const [name, fields] of groups) {
    lines.push(`conflicts with ${name}:`);
    for (const f of fields) lines.push(`- ${f}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

/** The 409 Conflict Status for apply conflicts, causes in conflict order. */
export function conflictError(conflicts: readonly Conflict[]): StatusError {
  return applyConflict(
    conflicts.map((c) => ({
      reason: 'FieldManagerConflict',
      message: `conflict with ${printManager(c.manager)}`,
      field: c.field,
    })),
    conflictMessage(conflicts),
  );
}

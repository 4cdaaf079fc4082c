// The object-level conventions of upstream's field manager: which metadata nobody owns, what the
// "empty" object of a kind looks like, and how an object's own managedFields are kept out of the
// comparisons.
import type { ApplyType } from './apply-type.js';
import { fieldElement } from './path-element.js';
import { PathSet } from './path-set.js';

const f = fieldElement;

/** Fields no manager owns (upstream's stripMetaManager); removed as exact paths, not subtrees. */
export const strippedFields = PathSet.of(
  [f('apiVersion')],
  [f('kind')],
  [f('metadata')],
  ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation']
    .concat(['managedFields', 'resourceVersion'])
    .map((name) => [f('metadata'), f(name)]),
);

/** A set of paths (field names from the root) as a PathSet, e.g. [['status']] for reset fields. */
export function fieldPaths(paths: readonly (readonly string[])[]): PathSet {
  return PathSet.of(...paths.map((p) => p.map(f)));
}

/**
 * The object without metadata.managedFields (they are never compared or merged as data): a copy
 * when it has them, else the object itself.
 */
export function withoutManagedFields<T extends { readonly metadata?: object }>(o: T): T {
  const meta = o.metadata as { readonly managedFields?: unknown } | undefined;
  if (meta?.managedFields === undefined) return o;
  const { managedFields: _m, ...metadata } = meta;
  return { ...o, metadata };
}

/**
 * What upstream's empty typed object holds: Go keeps non-pointer structs (metadata, spec, status,
 * a pod template, ...) as {} even when unset, so creating an object does not add those fields.
 */
export function emptyObjectOf(t: ApplyType, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const m = t.map;
  if (m === undefined || depth > 16) return out;
  for (const name of m.zeroStructFields()) {
    const ft = m.field(name);
    out[name] = ft === undefined ? {} : emptyObjectOf(ft, depth + 1);
  }
  return out;
}

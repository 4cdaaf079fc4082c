// Upstream's IsOnlyMutatingGCFields: an update that only touches what the garbage collector needs
// (owner references, finalizers) must pass the escalation checks, or the GC could never delete a
// role or binding that grants more than the GC itself holds.

import { deepEqual } from '../../../base/deep-equal.js';

/** Any API object: only its metadata is looked at by name, the rest is compared whole. */
export interface ObjectWithMetadata {
  metadata?: {
    ownerReferences?: unknown;
    finalizers?: unknown;
    selfLink?: unknown;
    managedFields?: unknown;
  };
}

/** True when `updated` differs from `old` only in ownerReferences, finalizers, selfLink or managedFields. */
export function isOnlyMutatingGCFields(
  updated: ObjectWithMetadata,
  old: ObjectWithMetadata | undefined,
): boolean {
  if (old === undefined) return false;
  const copy = structuredClone(updated);
  const meta = { ...(copy.metadata ?? {}) };
  const oldMeta = old.metadata ?? {};
  meta.ownerReferences = oldMeta.ownerReferences;
  meta.finalizers = oldMeta.finalizers;
  meta.selfLink = oldMeta.selfLink;
  meta.managedFields = oldMeta.managedFields;
  copy.metadata = meta;
  return deepEqual(withoutEmpty(copy), withoutEmpty(old));
}

// Upstream compares with semantic equality, where a nil and an empty list or map are the same.
function withoutEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(withoutEmpty);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const cleaned = withoutEmpty(v);
    if (cleaned === undefined) continue;
    if (
      typeof cleaned === 'object' &&
      cleaned !== null &&
      !Array.isArray(cleaned) &&
      Object.keys(cleaned).length === 0
    ) {
      continue;
    }
    out[k] = cleaned;
  }
  return out;
}

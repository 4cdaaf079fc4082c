import type { Namespace } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../object.js';
import { ensureStruct, struct, view } from './fields.js';

/** The label every named namespace carries with its own name, so selectors can pick namespaces by name. */
export const namespaceNameLabel = 'kubernetes.io/metadata.name';

/**
 * Namespace defaults (scheme): the name label and phase Active. The strategy's canonicalize step
 * applies the same label on every write, so it is exported for that use too.
 */
export function defaultNamespace(object: KubeObject): void {
  const namespace = view<Namespace>(object);
  const meta = struct(namespace.metadata);
  const name = meta?.name;
  // A generateName-only namespace has no name yet; the label waits for one.
  if (meta && typeof name === 'string' && name !== '') {
    const labels = ensureStruct(meta, 'labels');
    if (labels) labels[namespaceNameLabel] = name;
  }
  const status = ensureStruct(namespace, 'status');
  if (status) status.phase ||= 'Active';
}

/**
 * What upstream's namespace strategy does on create, kept out of the scheme defaults because the
 * finalizer may later be removed: status reset to phase Active and the "kubernetes" finalizer
 * added to spec.finalizers.
 */
export function prepareNamespaceForCreate(namespace: Namespace): void {
  namespace.status = { phase: 'Active' };
  const spec = ensureStruct(namespace, 'spec');
  if (!spec) return;
  const finalizers = Array.isArray(spec.finalizers) ? spec.finalizers : [];
  if (!finalizers.includes('kubernetes')) spec.finalizers = [...finalizers, 'kubernetes'];
}

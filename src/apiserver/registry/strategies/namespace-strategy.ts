import type { KubeObject } from '../../../api/object.js';
import type { Strategy } from '../strategy.js';
import { kindValidation } from './simple-strategies.js';

interface NamespaceShape {
  spec?: { finalizers?: string[] };
  status?: { phase?: string; conditions?: unknown[] };
}

/**
 * Namespaces: created Active with the "kubernetes" finalizer; a DELETE makes them Terminating and
 * they stay until the namespace controller has emptied them and cleared spec.finalizers (finalize).
 */
export const namespaceStrategy: Strategy = {
  hasStatus: true,
  tracksGeneration: false,
  allowCreateOnUpdate: false,
  allowUnconditionalUpdate: true,
  returnDeletedObject: true,
  ...kindValidation('', 'Namespace'),
  prepareForCreate(object: KubeObject) {
    const ns = object as NamespaceShape;
    ns.spec = { ...ns.spec, finalizers: ns.spec?.finalizers ?? ['kubernetes'] };
    ns.status = { phase: 'Active' };
  },
  prepareForUpdate(object: KubeObject, old: KubeObject) {
    // spec.finalizers changes only through the finalize subresource.
    (object as NamespaceShape).spec = structuredClone((old as NamespaceShape).spec);
  },
  subresourceWrites: {
    // PUT namespaces/<name>/finalize replaces spec.finalizers and nothing else.
    finalize(next, current) {
      const finalizers = (next as NamespaceShape).spec?.finalizers ?? [];
      const ns = current as NamespaceShape;
      ns.spec = { ...ns.spec, finalizers: [...finalizers] };
      if (finalizers.length === 0) delete ns.spec.finalizers;
      return current;
    },
  },
  prepareForDelete(object: KubeObject) {
    const ns = object as NamespaceShape;
    ns.status = { ...ns.status, phase: 'Terminating' };
  },
};

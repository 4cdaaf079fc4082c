import type { KubeObject } from '../../api/object.js';
import { forbidden, notFound } from '../../machinery/errors/index.js';
import type { AdmissionPlugin } from './admission-chain.js';

/** Namespaces that can never be deleted (upstream's immortal namespaces). */
export const immortalNamespaces = new Set(['default', 'kube-system', 'kube-public']);

/**
 * Upstream's NamespaceLifecycle: nothing is created in a missing namespace (404) or in one being
 * terminated (403), and the system namespaces cannot be deleted.
 */
export function namespaceLifecycle(
  lookup: (name: string) => Promise<KubeObject | undefined>,
): AdmissionPlugin {
  return {
    name: 'NamespaceLifecycle',
    async validate(attrs) {
      const type = attrs.resource.type;
      if (
        attrs.operation === 'DELETE' &&
        type.group === '' &&
        type.resource === 'namespaces' &&
        immortalNamespaces.has(attrs.name)
      ) {
        throw forbidden(
          { group: '', resource: 'namespaces' },
          attrs.name,
          'this namespace may not be deleted',
        );
      }
      if (!type.namespaced || attrs.operation !== 'CREATE') return;
      const ns = await lookup(attrs.namespace);
      if (ns === undefined) throw notFound({ group: '', resource: 'namespaces' }, attrs.namespace);
      const phase = (ns as { status?: { phase?: string } }).status?.phase;
      if (phase === 'Terminating' || ns.metadata?.deletionTimestamp) {
        const message = `unable to create new content in namespace ${attrs.namespace} because it is being terminated`;
        const err = forbidden({ group: type.group, resource: type.resource }, attrs.name, message);
        // Clients (the namespace controller's peers) recognise this case by its cause.
        err.status.details = {
          ...err.status.details,
          causes: [{ reason: 'NamespaceTerminating', message, field: 'metadata.namespace' }],
        };
        throw err;
      }
    },
  };
}

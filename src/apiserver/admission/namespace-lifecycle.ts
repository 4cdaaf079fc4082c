import type { KubeObject } from '../../api/object.js';
import { forbidden, notFound } from '../../machinery/errors/index.js';
import type { AdmissionPlugin } from './admission-chain.js';
import { admissionForbidden } from './plugins/admission-forbidden.js';

/** Namespaces that can never be deleted (upstream's immortal namespaces). */
export const immortalNamespaces = new Set(['default', 'kube-system', 'kube-public']);

/** How long after a namespace DELETE its cached state is distrusted (upstream: 5 s). */
const FORCE_LIVE_LOOKUP_MS = 5_000;

/** Where NamespaceLifecycle reads namespaces. */
export interface NamespaceLifecycleOptions {
  /** The watch cache's copy (fast, may lag a write by a moment). */
  cachedNamespace(name: string): KubeObject | undefined;
  /** A read from storage (undefined: missing). */
  liveNamespace(name: string): Promise<KubeObject | undefined>;
  readonly now?: () => number;
}

function isTerminating(ns: KubeObject): boolean {
  return (ns as { status?: { phase?: string } }).status?.phase === 'Terminating';
}

/**
 * Upstream's NamespaceLifecycle (a mutating-stage plugin, so it answers before any other): nothing
 * is written into a missing namespace (404) nor created in one being terminated (403), and the
 * system namespaces cannot be deleted. The cache is trusted except when it misses a namespace or
 * still shows one as active that was deleted moments ago; then storage decides.
 */
export function namespaceLifecycle(options: NamespaceLifecycleOptions): AdmissionPlugin {
  const now = options.now ?? Date.now;
  const recentlyDeleted = new Map<string, number>();
  const forceLive = (name: string): boolean => {
    const until = recentlyDeleted.get(name);
    if (until === undefined) return false;
    if (until > now()) return true;
    recentlyDeleted.delete(name);
    return false;
  };
  return {
    name: 'NamespaceLifecycle',
    async mutate(attrs, object) {
      const type = attrs.resource.type;
      if (type.group === '' && type.resource === 'namespaces') {
        if (attrs.operation === 'DELETE') {
          if (immortalNamespaces.has(attrs.name)) {
            throw forbidden(
              { group: '', resource: 'namespaces' },
              attrs.name,
              'this namespace may not be deleted',
            );
          }
          recentlyDeleted.set(attrs.name, now() + FORCE_LIVE_LOOKUP_MS);
        }
        return;
      }
      if (!type.namespaced || attrs.namespace === '' || attrs.operation === 'DELETE') return;
      let ns = options.cachedNamespace(attrs.namespace);
      if (ns === undefined || (forceLive(attrs.namespace) && !isTerminating(ns))) {
        ns = await options.liveNamespace(attrs.namespace);
        if (ns === undefined) throw notFound({ group: '', resource: 'namespaces' }, attrs.namespace);
      }
      if (attrs.operation !== 'CREATE' || !isTerminating(ns)) return;
      const err = admissionForbidden(
        attrs,
        object,
        `unable to create new content in namespace ${attrs.namespace} because it is being terminated`,
      );
      // Clients (the namespace controller's peers, kubectl) recognise this case by its cause.
      err.status.details = {
        ...err.status.details,
        causes: [
          {
            reason: 'NamespaceTerminating',
            message: `namespace ${attrs.namespace} is being terminated`,
            field: 'metadata.namespace',
          },
        ],
      };
      throw err;
    },
  };
}

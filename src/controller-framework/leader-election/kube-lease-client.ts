import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { KubeClient } from '../../client/kube-client.js';
import type { LeaseClient } from './lease-client.js';

const leases = {
  group: 'coordination.k8s.io',
  version: 'v1',
  resource: 'leases',
  namespaced: true,
  kind: 'Lease',
};

/** The LeaseClient leader election uses, over a KubeClient. */
export function kubeLeaseClient(client: KubeClient): LeaseClient {
  const resource = client.resource<Lease>(leases);
  const opts = (signal: AbortSignal | undefined) => (signal ? { signal } : {});
  return {
    get: (namespace, name, options) => resource.namespace(namespace).get(name, opts(options?.signal)),
    create: (lease, options) => resource.create(lease, opts(options?.signal)),
    update: (lease, options) => resource.update(lease, opts(options?.signal)),
  };
}

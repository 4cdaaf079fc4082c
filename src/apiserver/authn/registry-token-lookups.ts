import type { KubeObject } from '../../api/object.js';
import type { ResourceRegistry } from '../resource-registry.js';
import type { ServiceAccountTokenLookups } from './service-account-lookups.js';

/**
 * Token lookups over the apiserver's own stores: the watch cache first, then storage on a miss, as
 * upstream's getter falls back to etcd so a token for an object created a moment ago still works.
 */
export function registryTokenLookups(registry: ResourceRegistry): ServiceAccountTokenLookups {
  const lookup = (resource: string) => {
    const store = registry.preferred('', resource).store;
    return async (namespace: string, name: string): Promise<KubeObject | undefined> =>
      store.cachedGet(namespace, name) ?? (await store.find(namespace, name));
  };
  const serviceAccounts = lookup('serviceaccounts');
  const pods = lookup('pods');
  const secrets = lookup('secrets');
  const nodes = lookup('nodes');
  return {
    getServiceAccount: serviceAccounts,
    getPod: pods,
    getSecret: secrets,
    getNode: (name) => nodes('', name),
  };
}

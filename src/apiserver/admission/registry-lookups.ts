// How the built-in admission plugins read other objects, as upstream's plugins do through shared
// informers: from the watch cache, falling back to storage where upstream falls back to a live GET
// (a namespace or service account the cache has not seen yet), and quota usage written to storage
// with compare-and-swap.

import type { KubeObject } from '../../api/object.js';
import { isStatusError } from '../../machinery/errors/index.js';
import type { ResourceRegistry } from '../resource-registry.js';

/** Cache-first reads of one resource. */
export interface ResourceLookup {
  /** The watch cache's object (undefined: not cached). */
  cached(namespace: string, name: string): KubeObject | undefined;
  /** The watch cache's objects of a namespace ('' = all). */
  cachedList(namespace?: string): readonly KubeObject[];
  /** The cached object, else a read from storage. */
  get(namespace: string, name: string): Promise<KubeObject | undefined>;
  /** A read from storage only. */
  live(namespace: string, name: string): Promise<KubeObject | undefined>;
}

/** Cache-first reads of the resource `group`/`resource` of the registry. */
export function resourceLookup(registry: ResourceRegistry, group: string, resource: string): ResourceLookup {
  const store = registry.preferred(group, resource).store;
  return {
    cached: (namespace, name) => store.cachedGet(namespace, name),
    cachedList: (namespace = '') => store.cachedList(namespace),
    get: async (namespace, name) => store.cachedGet(namespace, name) ?? (await store.find(namespace, name)),
    live: (namespace, name) => store.find(namespace, name),
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Upstream's service-account lookup: the cache, then storage; the `default` account is retried for
 * up to ten attempts (100–200 ms apart) because its controller creates it just after the namespace.
 */
export function serviceAccountGetter(
  serviceAccounts: ResourceLookup,
  wait: (ms: number) => Promise<void> = sleep,
): (namespace: string, name: string) => Promise<KubeObject | undefined> {
  return async (namespace, name) => {
    const cached = serviceAccounts.cached(namespace, name);
    if (cached !== undefined) return cached;
    const attempts = name === 'default' ? 10 : 1;
    const interval = 100 + Math.floor(Math.random() * 100);
    for (let i = 0; i < attempts; i++) {
      if (i > 0) await wait(interval);
      const live = await serviceAccounts.live(namespace, name);
      if (live !== undefined) return live;
    }
    return undefined;
  };
}

/**
 * Writes a ResourceQuota's status only if its resourceVersion is still the stored one, as the quota
 * admission's UpdateStatus does; false when another writer got there first (or it is gone).
 */
export function quotaStatusWriter(registry: ResourceRegistry): (quota: KubeObject) => Promise<boolean> {
  const quotas = registry.preferred('', 'resourcequotas');
  return async (quota) => {
    const meta = quota.metadata ?? {};
    try {
      await quotas.store.update(meta.namespace ?? '', meta.name ?? '', quota, {
        now: new Date(),
        dryRun: false,
        fieldManager: 'kube-apiserver',
        apiVersion: 'v1',
        subresource: 'status',
      });
      return true;
    } catch (err) {
      if (isStatusError(err, 'Conflict') || isStatusError(err, 'NotFound')) return false;
      throw err;
    }
  };
}

import type { Namespace, Pod } from 'kubernetes-types/core/v1.js';
import type { Clock } from '../../base/clock.js';
import type { KubeClient, ResourceClient } from '../../client/index.js';
import { isStatusError } from '../../machinery/errors/index.js';
import {
  discoverPreferredResources,
  discoveryFailureMessage,
  supportsVerbs,
  type DiscoveredResource,
} from '../shared/api-discovery.js';
import { NamespaceConditionUpdater } from './namespace-conditions.js';

// Assumed time for finalizers on remaining items to finish.
const finalizerEstimateSeconds = 15;

interface AnyObject {
  metadata?: { name?: string; finalizers?: string[] };
}

/** Content still being removed: requeue after about half the estimate. */
export class ResourcesRemainingError extends Error {
  override readonly name = 'ResourcesRemainingError';
  constructor(readonly estimate: number) {
    super(`some content remains in the namespace, estimate ${estimate} seconds before it is removed`);
  }
}

/** What a NamespacedResourcesDeleter is created with. */
export interface NamespacedResourcesDeleterOptions {
  readonly client: KubeClient;
  readonly clock: Clock;
  /** The finalizer this deleter owns ("kubernetes"). */
  readonly finalizerToken?: string;
}

const namespacesResource = {
  group: '',
  version: 'v1',
  resource: 'namespaces',
  namespaced: false,
  kind: 'Namespace',
};

/**
 * namespacedResourcesDeleter: empties a terminating namespace of every namespaced resource
 * discovery lists (deletecollection, else list and delete each), records conditions on the
 * namespace, and removes its finalizer once nothing is left.
 */
export class NamespacedResourcesDeleter {
  private readonly client: KubeClient;
  private readonly clock: Clock;
  private readonly token: string;

  constructor(options: NamespacedResourcesDeleterOptions) {
    this.client = options.client;
    this.clock = options.clock;
    this.token = options.finalizerToken ?? 'kubernetes';
  }

  private namespaces(): ResourceClient<Namespace> {
    return this.client.resource<Namespace>(namespacesResource);
  }

  /** Delete: one pass; throws ResourcesRemainingError while content is still going away. */
  async delete(name: string): Promise<void> {
    let ns: Namespace;
    try {
      ns = await this.namespaces().get(name);
    } catch (err) {
      if (isStatusError(err, 'NotFound')) return;
      throw err;
    }
    if (!ns.metadata?.deletionTimestamp) return;
    if (ns.status?.phase !== 'Terminating') {
      ns = await this.namespaces().updateStatus({ ...ns, status: { ...ns.status, phase: 'Terminating' } });
    }
    if ((ns.spec?.finalizers ?? []).length === 0) return;
    const estimate = await this.deleteAllContent(ns);
    if (estimate > 0) throw new ResourcesRemainingError(estimate);
    await this.finalize(ns);
  }

  /** PUT namespaces/<name>/finalize without this deleter's token. */
  private async finalize(ns: Namespace): Promise<void> {
    const finalizers = [...new Set((ns.spec?.finalizers ?? []).filter((f) => f !== this.token))].sort();
    try {
      await this.client.request({
        method: 'PUT',
        path: `/api/v1/namespaces/${encodeURIComponent(ns.metadata?.name ?? '')}/finalize`,
        body: { ...ns, spec: { ...ns.spec, finalizers } },
      });
    } catch (err) {
      if (!isStatusError(err, 'NotFound')) throw err;
    }
  }

  private async deleteAllContent(ns: Namespace): Promise<number> {
    const name = ns.metadata?.name ?? '';
    const updater = new NamespaceConditionUpdater(this.clock.now());
    const errors: unknown[] = [];
    let resources: DiscoveredResource[] = [];
    try {
      const result = await discoverPreferredResources(this.client);
      resources = result.resources;
      if (result.failed.size > 0) {
        const message = discoveryFailureMessage(result.failed);
        updater.discoveryFailed(
          `Discovery failed for some groups, ${result.failed.size} failing: ${message}`,
        );
        errors.push(new Error(message));
      }
    } catch (err) {
      updater.discoveryFailed(err instanceof Error ? err.message : String(err));
      errors.push(err);
    }
    const deletable = resources.filter((r) => r.namespaced && supportsVerbs(r, ['delete']));
    let estimate = 0;
    const remaining = new Map<string, number>();
    const finalizers = new Map<string, number>();
    for (const r of deletable) {
      try {
        const result = await this.deleteAllOf(r, name, ns);
        estimate = Math.max(estimate, result.estimate);
        if (result.remaining > 0) {
          remaining.set(`${r.resource}.${r.group}`, result.remaining);
          for (const [f, n] of result.finalizers) finalizers.set(f, (finalizers.get(f) ?? 0) + n);
        }
      } catch (err) {
        if (err instanceof RemainingWithError) {
          estimate = Math.max(estimate, err.estimate);
          remaining.set(`${r.resource}.${r.group}`, err.remaining);
        }
        errors.push(err);
        updater.contentFailed(err instanceof Error ? err.message : String(err));
      }
    }
    updater.contentTotals(remaining, finalizers);
    const status = structuredClone(ns.status ?? {});
    if (updater.update(status))
      await this.namespaces()
        .updateStatus({ ...ns, status })
        .catch(() => undefined);
    if (errors.length > 0)
      throw errors.length === 1 ? errors[0] : new AggregateError(errors, errors.map(String).join(', '));
    return estimate;
  }

  /** deleteAllContentForGroupVersionResource. */
  private async deleteAllOf(
    r: DiscoveredResource,
    namespace: string,
    ns: Namespace,
  ): Promise<{ estimate: number; remaining: number; finalizers: Map<string, number> }> {
    const c = this.client.resource<AnyObject>({ ...r, namespaced: true }).namespace(namespace);
    const estimate = r.group === '' && r.resource === 'pods' ? await this.podEstimate(namespace, ns) : 0;
    if (supportsVerbs(r, ['deletecollection'])) {
      await c.deleteAll({ propagationPolicy: 'Background' });
    } else if (supportsVerbs(r, ['list'])) {
      for (const item of (await c.list()).items) {
        await c
          .delete(item.metadata?.name ?? '', { propagationPolicy: 'Background' })
          .catch((err: unknown) => {
            if (!isStatusError(err, 'NotFound') && !isStatusError(err, 'MethodNotAllowed')) throw err;
          });
      }
    }
    if (!supportsVerbs(r, ['list'])) return { estimate, remaining: 0, finalizers: new Map() };
    // What remains, by metadata only (upstream's metadata client): names and finalizers suffice.
    const left = (await c.listMetadata()).items;
    if (left.length === 0) return { estimate: 0, remaining: 0, finalizers: new Map() };
    const finalizers = new Map<string, number>();
    for (const item of left)
      for (const f of item.metadata?.finalizers ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
    if (estimate !== 0) return { estimate, remaining: left.length, finalizers };
    if (finalizers.size > 0)
      return { estimate: finalizerEstimateSeconds, remaining: left.length, finalizers };
    throw new RemainingWithError(
      `unexpected items still remain in namespace: ${namespace} for gvr: {${r.group} ${r.version} ${r.resource}}`,
      estimate,
      left.length,
    );
  }

  /** estimateGracefulTerminationForPods: the longest grace period of non-terminal pods, if not yet passed. */
  private async podEstimate(namespace: string, ns: Namespace): Promise<number> {
    const pods = await this.client
      .resource<Pod>({ group: '', version: 'v1', resource: 'pods', namespaced: true, kind: 'Pod' })
      .namespace(namespace)
      .list();
    let estimate = 0;
    for (const p of pods.items) {
      if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
      estimate = Math.max(estimate, p.spec?.terminationGracePeriodSeconds ?? 0);
    }
    const since = this.clock.now() - Date.parse(ns.metadata?.deletionTimestamp ?? '');
    return since >= estimate * 1000 ? 0 : estimate;
  }
}

class RemainingWithError extends Error {
  constructor(
    message: string,
    readonly estimate: number,
    readonly remaining: number,
  ) {
    super(message);
  }
}

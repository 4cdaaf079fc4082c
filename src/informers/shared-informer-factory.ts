import { setMaxListeners } from 'node:events';
import type { ResourceType } from '../api/scheme/resource-type.js';
import type { KubeObject } from '../api/object.js';
import type { ApiObject, GroupVersionResource, KubeClient } from '../client/index.js';
import type { Clock } from '../base/clock.js';
import type { Logger } from '../base/logger.js';
import type { IndexFunc } from './indexer.js';
import type { Lister } from './lister.js';
import { SharedInformer } from './shared-informer.js';

/** Settings shared by every informer of a factory. */
export interface SharedInformerFactoryOptions {
  readonly client: KubeClient;
  /** Resync period for handlers that set none (default 0: none). */
  readonly defaultResyncPeriodMs?: number;
  /** Watch only this namespace (default: all). */
  readonly namespace?: string;
  /** Sync with watch-list instead of LIST (default off, as client-go 1.32). */
  readonly watchList?: boolean;
  /** Deep-freeze cached objects (default: on under tests or K8TS_FREEZE_CACHE=1). */
  readonly freeze?: boolean;
  /** Applied to every object of every informer before caching (see SharedInformerOptions.transform). */
  readonly transform?: <T extends ApiObject>(object: T) => T;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/** Per-informer options of informerFor. */
export interface InformerForOptions<T> {
  /** Indexes to add (names already present are kept as they are). */
  readonly indexers?: Readonly<Record<string, IndexFunc<T>>>;
}

function resourceKey(r: GroupVersionResource | ResourceType): string {
  return `${r.group}/${r.version}/${r.resource}`;
}

/**
 * client-go's SharedInformerFactory: one informer (one list+watch) per resource, shared by every
 * caller in the process. Ask for informers first, then start(); informers asked for later are
 * started by the next start() call.
 */
export class SharedInformerFactory {
  private readonly options: SharedInformerFactoryOptions;
  private readonly informers = new Map<string, SharedInformer<ApiObject>>();
  private readonly runs = new Map<string, Promise<void>>();
  private readonly controller = new AbortController();

  constructor(options: SharedInformerFactoryOptions) {
    this.options = options;
  }

  /** The informer of `resource`, created on first use. */
  informerFor<T extends ApiObject = KubeObject>(
    resource: GroupVersionResource | ResourceType,
    options: InformerForOptions<T> = {},
  ): SharedInformer<T> {
    const key = resourceKey(resource);
    let informer = this.informers.get(key) as SharedInformer<T> | undefined;
    if (informer === undefined) {
      const o = this.options;
      let lw = o.client.resource<T>(resource);
      if (o.namespace !== undefined) lw = lw.namespace(o.namespace);
      informer = new SharedInformer<T>({
        listerWatcher: lw,
        name: resource.group === '' ? resource.resource : `${resource.resource}.${resource.group}`,
        ...(o.defaultResyncPeriodMs !== undefined ? { defaultResyncPeriodMs: o.defaultResyncPeriodMs } : {}),
        ...(o.watchList !== undefined ? { watchList: o.watchList } : {}),
        ...(o.freeze !== undefined ? { freeze: o.freeze } : {}),
        ...(o.transform !== undefined ? { transform: o.transform } : {}),
        ...(o.clock !== undefined ? { clock: o.clock } : {}),
        ...(o.logger !== undefined ? { logger: o.logger } : {}),
      });
      this.informers.set(key, informer as unknown as SharedInformer<ApiObject>);
    }
    if (options.indexers !== undefined) {
      const missing = Object.entries(options.indexers).filter(([name]) => !informer.indexer.hasIndex(name));
      if (missing.length > 0) informer.addIndexers(Object.fromEntries(missing));
    }
    return informer;
  }

  /** The lister of `resource`'s informer. */
  lister<T extends ApiObject = KubeObject>(resource: GroupVersionResource | ResourceType): Lister<T> {
    return this.informerFor<T>(resource).lister;
  }

  /** Starts every informer not yet running; they stop when `signal` aborts or on shutdown(). */
  start(signal?: AbortSignal): void {
    const combined = signal ? AbortSignal.any([signal, this.controller.signal]) : this.controller.signal;
    // Every informer, and each list and watch request it makes, listens on this one signal: dozens
    // of listeners are expected, not a leak (node warns past 10).
    setMaxListeners(0, combined);
    for (const [key, informer] of this.informers) {
      if (this.runs.has(key)) continue;
      this.runs.set(key, informer.run(combined));
    }
  }

  /** Resolves true once every started informer has synced, false if `signal` aborts first. */
  async waitForCacheSync(signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return false;
    const started = [...this.informers.entries()].filter(([key]) => this.runs.has(key));
    // One listener on the caller's signal, however many informers wait.
    const waiting = new AbortController();
    setMaxListeners(0, waiting.signal);
    const stopWaiting = () => waiting.abort();
    signal?.addEventListener('abort', stopWaiting, { once: true });
    try {
      const results = await Promise.all(started.map(([, informer]) => informer.whenSynced(waiting.signal)));
      return results.every(Boolean);
    } finally {
      signal?.removeEventListener('abort', stopWaiting);
    }
  }

  /** Stops every informer and resolves once all have stopped. */
  async shutdown(): Promise<void> {
    this.controller.abort();
    await Promise.all(this.runs.values());
  }
}

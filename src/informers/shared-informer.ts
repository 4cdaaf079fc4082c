import type {
  ApiObject,
  ExponentialBackoff,
  FieldSelectorInput,
  LabelSelectorInput,
} from '../client/index.js';
import { systemClock, type Cancel, type Clock } from '../base/clock.js';
import { createLogger, type Logger } from '../base/logger.js';
import type { HandlerOptions, HandlerRegistration, ResourceEventHandler } from './event-handler.js';
import { Indexer, type IndexFunc } from './indexer.js';
import { Lister } from './lister.js';
import type { ListerWatcher, ReflectorStore } from './lister-watcher.js';
import { ProcessorListener, type Notification } from './processor-listener.js';
import { Reflector, type ReflectorTransition } from './reflector.js';
import { initialReflectorState, type ReflectorState } from './reflector-state.js';

/** Settings of a SharedInformer. */
export interface SharedInformerOptions<T> {
  readonly listerWatcher: ListerWatcher<T>;
  /** For log lines, e.g. "pods". */
  readonly name?: string;
  readonly indexers?: Readonly<Record<string, IndexFunc<T>>>;
  /** Resync period of handlers that do not set their own (default 0: none). */
  readonly defaultResyncPeriodMs?: number;
  /** Deep-freeze cached objects (default: on under tests or K8TS_FREEZE_CACHE=1). */
  readonly freeze?: boolean;
  /**
   * Applied to every object before it is cached and handed to handlers (client-go's SetTransform),
   * e.g. stripManagedFields; it may change the object it is given, which nobody else holds yet.
   */
  readonly transform?: (object: T) => T;
  readonly labelSelector?: LabelSelectorInput;
  readonly fieldSelector?: FieldSelectorInput;
  /** Sync with a watch-list instead of LIST (see Reflector). */
  readonly watchList?: boolean;
  readonly pageSize?: number;
  readonly minWatchTimeoutMs?: number;
  readonly backoff?: ExponentialBackoff;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly random?: () => number;
  readonly onTransition?: (transition: ReflectorTransition) => void;
}

/** client-go never resyncs more often than once a second. */
const minimumResyncPeriodMs = 1000;

/**
 * client-go's SharedIndexInformer: one Reflector feeding one Indexer, fanning changes out to any
 * number of handlers. The cache is eventually consistent: per object, the states it holds (and
 * handlers see) are a subsequence of the states the server had; nothing is promised across objects.
 * Handlers added after the start get an onAdd for every cached object first.
 */
export class SharedInformer<T extends ApiObject> {
  /** The cache. Read it; the informer is its only writer. */
  readonly indexer: Indexer<T>;
  readonly lister: Lister<T>;
  private readonly options: SharedInformerOptions<T>;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly listeners = new Set<ProcessorListener<T>>();
  private reflector: Reflector<T> | undefined;
  private synced = false;
  private syncWaiters: (() => void)[] = [];
  private cancelResync: Cancel | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(options: SharedInformerOptions<T>) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? createLogger('informer');
    this.indexer = new Indexer<T>({
      ...(options.indexers ? { indexers: options.indexers } : {}),
      ...(options.freeze !== undefined ? { freeze: options.freeze } : {}),
    });
    this.lister = new Lister<T>({ indexer: this.indexer });
  }

  /** True once the first full list has been applied to the cache. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** True once run() was called. */
  get started(): boolean {
    return this.running !== undefined;
  }

  /** The newest resourceVersion the cache reflects ("" before the first sync). */
  get lastSyncResourceVersion(): string {
    return this.reflector?.lastSyncResourceVersion ?? '';
  }

  /** The reflector's state (its initial state before the start). */
  get reflectorState(): ReflectorState {
    return this.reflector?.state ?? initialReflectorState(this.options.watchList ?? false);
  }

  /** Adds indexes; allowed at any time (they are built over the current contents). */
  addIndexers(indexers: Readonly<Record<string, IndexFunc<T>>>): void {
    this.indexer.addIndexers(indexers);
  }

  /** Registers a handler; on a started informer it first gets an onAdd for every cached object. */
  addEventHandler(handler: ResourceEventHandler<T>, options: HandlerOptions = {}): HandlerRegistration {
    const period = options.resyncPeriodMs ?? this.options.defaultResyncPeriodMs ?? 0;
    const listener = new ProcessorListener<T>({
      handler,
      resyncPeriodMs: period > 0 ? Math.max(period, minimumResyncPeriodMs) : 0,
      logger: this.logger,
    });
    this.listeners.add(listener);
    for (const object of this.indexer.list())
      listener.enqueue({ type: 'add', object, isInInitialList: true });
    if (this.synced) {
      listener.markSynced();
      this.scheduleResync(listener);
    }
    return {
      hasSynced: () => listener.hasSynced(),
      remove: () => {
        listener.remove();
        this.listeners.delete(listener);
      },
    };
  }

  /** Resolves true once synced, or false if `signal` aborts first. */
  whenSynced(signal?: AbortSignal): Promise<boolean> {
    if (this.synced) return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = () => resolve(false);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.syncWaiters.push(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      });
    });
  }

  /** Lists and watches until `signal` aborts; resolves once stopped. Calling it again returns the same run. */
  run(signal: AbortSignal): Promise<void> {
    this.running ??= this.runOnce(signal);
    return this.running;
  }

  private async runOnce(signal: AbortSignal): Promise<void> {
    const o = this.options;
    this.reflector = new Reflector<T>({
      listerWatcher: o.listerWatcher,
      store: this.storeAdapter(),
      name: o.name ?? 'informer',
      clock: this.clock,
      logger: this.logger,
      ...(o.labelSelector !== undefined ? { labelSelector: o.labelSelector } : {}),
      ...(o.fieldSelector !== undefined ? { fieldSelector: o.fieldSelector } : {}),
      ...(o.watchList !== undefined ? { watchList: o.watchList } : {}),
      ...(o.pageSize !== undefined ? { pageSize: o.pageSize } : {}),
      ...(o.minWatchTimeoutMs !== undefined ? { minWatchTimeoutMs: o.minWatchTimeoutMs } : {}),
      ...(o.backoff !== undefined ? { backoff: o.backoff } : {}),
      ...(o.random !== undefined ? { random: o.random } : {}),
      ...(o.onTransition !== undefined ? { onTransition: o.onTransition } : {}),
    });
    try {
      await this.reflector.run(signal);
    } finally {
      this.stopped = true;
      this.cancelResync?.();
      this.cancelResync = undefined;
    }
  }

  /** The ReflectorStore view: writes go to the indexer and become notifications. */
  private storeAdapter(): ReflectorStore<T> {
    const transform = this.options.transform ?? ((object: T) => object);
    const upsert = (received: T) => {
      const object = transform(received);
      const { previous } = this.indexer.add(object);
      this.notify(
        previous === undefined
          ? { type: 'add', object, isInInitialList: false }
          : { type: 'update', oldObject: previous, newObject: object },
      );
    };
    return {
      add: upsert,
      update: upsert,
      delete: (received) => {
        const object = transform(received);
        const { previous } = this.indexer.delete(object);
        // An object this cache never held has no state to retract.
        if (previous !== undefined) this.notify({ type: 'delete', object, finalStateUnknown: false });
      },
      replace: (objects, resourceVersion) => this.replace(objects.map(transform), resourceVersion),
    };
  }

  private replace(objects: readonly T[], resourceVersion: string): void {
    const first = !this.synced;
    const { changed, deleted } = this.indexer.replace(objects, resourceVersion);
    for (const c of changed)
      this.notify(
        c.old === undefined
          ? { type: 'add', object: c.new, isInInitialList: first }
          : { type: 'update', oldObject: c.old, newObject: c.new },
      );
    for (const object of deleted) this.notify({ type: 'delete', object, finalStateUnknown: true });
    if (!first) return;
    this.synced = true;
    for (const l of this.listeners) {
      l.markSynced();
      this.scheduleResync(l);
    }
    const waiters = this.syncWaiters;
    this.syncWaiters = [];
    for (const w of waiters) w();
  }

  private notify(n: Notification<T>): void {
    for (const l of this.listeners) l.enqueue(n);
  }

  /** Sets the listener's first resync due time and re-arms the shared resync timer. */
  private scheduleResync(listener: ProcessorListener<T>): void {
    if (listener.resyncPeriodMs <= 0) return;
    listener.nextResyncAt = this.clock.now() + listener.resyncPeriodMs;
    this.armResyncTimer();
  }

  private armResyncTimer(): void {
    this.cancelResync?.();
    this.cancelResync = undefined;
    if (this.stopped) return;
    let due = Infinity;
    for (const l of this.listeners) due = Math.min(due, l.nextResyncAt);
    if (due === Infinity) return;
    this.cancelResync = this.clock.after(due - this.clock.now(), () => this.resync());
  }

  private resync(): void {
    this.cancelResync = undefined;
    const now = this.clock.now();
    const objects = this.indexer.list();
    for (const l of this.listeners) {
      if (l.nextResyncAt > now) continue;
      for (const object of objects) l.enqueue({ type: 'update', oldObject: object, newObject: object });
      l.nextResyncAt = now + l.resyncPeriodMs;
    }
    this.armResyncTimer();
  }
}

import type { ApiObject, FieldSelectorInput, LabelSelectorInput, WatchEvent } from '../client/index.js';
import { ExponentialBackoff, isInitialEventsEnd, isResourceExpired } from '../client/index.js';
import { systemClock, type Clock } from '../base/clock.js';
import { createLogger, type Logger } from '../base/logger.js';
import type { ListerWatcher, ReflectorStore, Watch } from './lister-watcher.js';
import { objectKey } from './object-key.js';
import {
  initialReflectorState,
  nextReflectorState,
  type ReflectorOutcome,
  type ReflectorState,
} from './reflector-state.js';

/** One step of a reflector, reported to `onTransition`. */
export interface ReflectorTransition {
  readonly from: ReflectorState;
  readonly outcome: ReflectorOutcome;
  readonly to: ReflectorState;
}

/** Settings of a Reflector. */
export interface ReflectorOptions<T> {
  readonly listerWatcher: ListerWatcher<T>;
  readonly store: ReflectorStore<T>;
  /** For log lines, e.g. "configmaps". */
  readonly name?: string;
  readonly labelSelector?: LabelSelectorInput;
  readonly fieldSelector?: FieldSelectorInput;
  /** LIST page size (default 500, client-go's pager default). */
  readonly pageSize?: number;
  /** Fill the store with a watch-list (sendInitialEvents) instead of LIST (default off, as client-go 1.32). */
  readonly watchList?: boolean;
  /** Watches ask the server to end them after a random 1–2 × this (default 5 min). */
  readonly minWatchTimeoutMs?: number;
  /** Default: client-go's 800 ms doubling to 30 s, full jitter, reset after 2 quiet minutes. */
  readonly backoff?: ExponentialBackoff;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly random?: () => number;
  /** Called after every state change (tests and debugging). */
  readonly onTransition?: (transition: ReflectorTransition) => void;
}

/** A watch the reflector keeps open from WatchListing into Watching. */
interface OpenWatch<T> {
  readonly watch: Watch<T>;
  readonly events: AsyncIterator<WatchEvent<T>>;
}

/** A watch that outlives the timeout it asked for by this much is presumed dead and cancelled. */
const watchGraceMs = 60_000;

/**
 * client-go's Reflector as an explicit state machine (see nextReflectorState): keeps `store` equal
 * to the server's collection by listing, then watching from the list's resourceVersion, resuming
 * after clean stream ends, relisting after 410 Expired and backing off after failures. Per object
 * the store passes through a subsequence of the states the server had.
 */
export class Reflector<T extends ApiObject> {
  private readonly options: ReflectorOptions<T>;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly backoff: ExponentialBackoff;
  private readonly random: () => number;
  private current: ReflectorState;
  private lastSync = '';
  private paginatedResult = false;
  private held: OpenWatch<T> | undefined;
  private running = false;

  constructor(options: ReflectorOptions<T>) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? createLogger('reflector');
    this.random = options.random ?? Math.random;
    this.backoff =
      options.backoff ??
      new ExponentialBackoff({
        initialMs: 800,
        maxMs: 30_000,
        factor: 2,
        jitter: 1,
        resetAfterMs: 120_000,
        clock: this.clock,
        random: this.random,
      });
    this.current = initialReflectorState(options.watchList ?? false);
  }

  /** The current state. */
  get state(): ReflectorState {
    return this.current;
  }

  /** The newest resourceVersion the store reflects ("" before the first sync). */
  get lastSyncResourceVersion(): string {
    return this.lastSync;
  }

  /** Runs until `signal` aborts; resolves once stopped. Can run only once. */
  async run(signal: AbortSignal): Promise<void> {
    if (this.running) throw new Error('Cannot run a reflector twice');
    this.running = true;
    while (this.current.phase !== 'Stopped') {
      const from = this.current;
      const outcome = signal.aborted ? ({ kind: 'stopped' } as const) : await this.step(from, signal);
      const to = nextReflectorState(from, signal.aborted ? { kind: 'stopped' } : outcome, {
        lastSyncResourceVersion: this.lastSync,
        watchList: this.options.watchList ?? false,
        backoff: () => this.backoff.next(),
      });
      this.current = to;
      this.report(from, outcome, to);
      this.options.onTransition?.({ from, outcome, to });
    }
    this.held?.watch.stop();
    this.held = undefined;
  }

  private async step(state: ReflectorState, signal: AbortSignal): Promise<ReflectorOutcome> {
    switch (state.phase) {
      case 'Listing':
        return this.list(state.resourceVersion, signal);
      case 'WatchListing':
        return this.watch(state.resourceVersion, signal, true);
      case 'Watching':
        return this.watch(state.resourceVersion, signal, false);
      case 'Backoff':
        try {
          await this.clock.sleep(state.delayMs, signal);
          return { kind: 'waited' };
        } catch {
          return { kind: 'stopped' };
        }
      case 'Stopped':
        return { kind: 'stopped' };
    }
  }

  private selectors(): { labelSelector?: LabelSelectorInput; fieldSelector?: FieldSelectorInput } {
    const { labelSelector, fieldSelector } = this.options;
    return {
      ...(labelSelector !== undefined ? { labelSelector } : {}),
      ...(fieldSelector !== undefined ? { fieldSelector } : {}),
    };
  }

  /** A paginated LIST at `resourceVersion`, then Replace. */
  private async list(resourceVersion: string, signal: AbortSignal): Promise<ReflectorOutcome> {
    try {
      const { items, listedAt } = await this.listAllPages(resourceVersion, signal);
      this.options.store.replace(items, listedAt);
      this.lastSync = listedAt;
      return { kind: 'listed', resourceVersion: listedAt };
    } catch (err) {
      if (signal.aborted) return { kind: 'stopped' };
      return { kind: 'listFailed', error: err };
    }
  }

  /** Every page of a LIST, following continue tokens (client-go's pager). */
  private async listAllPages(
    resourceVersion: string,
    signal: AbortSignal,
  ): Promise<{ items: T[]; listedAt: string }> {
    const lw = this.options.listerWatcher;
    const pageSize = this.options.pageSize ?? 500;
    // client-go: a LIST at a specific version goes unpaginated so the server answers from its watch
    // cache, unless this resource was seen to paginate; "0" and "" keep the page size.
    const limit =
      this.paginatedResult || resourceVersion === '' || resourceVersion === '0' ? pageSize : undefined;
    const base = { signal, ...this.selectors(), ...(limit !== undefined ? { limit } : {}) };
    let page = await lw.list({ ...base, resourceVersion });
    // Every page of one list shares the first page's resourceVersion.
    const listedAt = page.resourceVersion;
    const items = [...page.items];
    if (page.continue !== undefined && resourceVersion === '0') this.paginatedResult = true;
    while (page.continue !== undefined) {
      try {
        page = await lw.list({ ...base, continue: page.continue });
      } catch (err) {
        if (!isResourceExpired(err)) throw err;
        // The continue token outlived the server's history: read everything in one go instead
        // (client-go's pager FullListIfExpired).
        const full = await lw.list({ signal, ...this.selectors(), resourceVersion });
        return { items: full.items, listedAt: full.resourceVersion };
      }
      items.push(...page.items);
    }
    return { items, listedAt };
  }

  /** A watch from `resourceVersion` (or a watch-list), applying events until it ends. */
  private async watch(
    resourceVersion: string,
    signal: AbortSignal,
    initial: boolean,
  ): Promise<ReflectorOutcome> {
    const started = this.clock.now();
    let rv = resourceVersion;
    let events = 0;
    const minTimeoutMs = this.options.minWatchTimeoutMs ?? 5 * 60_000;
    const timeoutSeconds = Math.floor((minTimeoutMs / 1000) * (1 + this.random()));
    let open = this.held;
    this.held = undefined;
    if (open === undefined) {
      try {
        const watch = await this.options.listerWatcher.watch({
          signal,
          ...this.selectors(),
          allowWatchBookmarks: true,
          // The store and its handlers only read objects: share them with the process's other caches.
          sharedObjects: true,
          timeoutSeconds,
          ...(resourceVersion !== '' ? { resourceVersion } : {}),
          ...(initial ? { sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan' as const } : {}),
        });
        open = { watch, events: watch[Symbol.asyncIterator]() };
      } catch (err) {
        if (signal.aborted) return { kind: 'stopped' };
        return { kind: 'watchFailed', error: err, opened: false, resourceVersion: rv, events, durationMs: 0 };
      }
    }
    const { watch } = open;
    const cancelGuard = this.clock.after(timeoutSeconds * 1000 + watchGraceMs, () => watch.stop());
    const initialObjects = initial ? new Map<string, T>() : undefined;
    let keep = false;
    try {
      for (;;) {
        const next = await open.events.next();
        if (next.done) break;
        const event = next.value;
        events++;
        rv = event.object.metadata?.resourceVersion ?? rv;
        if (initialObjects !== undefined) {
          if (isInitialEventsEnd(event)) {
            this.options.store.replace([...initialObjects.values()], rv);
            this.lastSync = rv;
            this.held = open;
            keep = true;
            return { kind: 'initialEventsEnded', resourceVersion: rv };
          }
          if (event.type === 'DELETED') initialObjects.delete(objectKey(event.object));
          else if (event.type !== 'BOOKMARK') initialObjects.set(objectKey(event.object), event.object);
          continue;
        }
        switch (event.type) {
          case 'ADDED':
            this.options.store.add(event.object);
            break;
          case 'MODIFIED':
            this.options.store.update(event.object);
            break;
          case 'DELETED':
            this.options.store.delete(event.object);
            break;
          case 'BOOKMARK':
            break;
        }
        this.lastSync = rv;
      }
    } catch (err) {
      if (signal.aborted) return { kind: 'stopped' };
      const durationMs = this.clock.now() - started;
      return { kind: 'watchFailed', error: err, opened: true, resourceVersion: rv, events, durationMs };
    } finally {
      cancelGuard();
      if (!keep) watch.stop();
    }
    if (signal.aborted) return { kind: 'stopped' };
    return { kind: 'watchEnded', resourceVersion: rv, events, durationMs: this.clock.now() - started };
  }

  private report(from: ReflectorState, outcome: ReflectorOutcome, to: ReflectorState): void {
    const name = this.options.name ?? 'reflector';
    if (outcome.kind === 'listFailed' || outcome.kind === 'watchFailed') {
      const fields = {
        err: outcome.error,
        next: to.phase,
        ...(to.phase === 'Backoff' ? { delay_ms: Math.round(to.delayMs) } : {}),
      };
      // 410 is routine (history moved on); anything else deserves attention.
      if (isResourceExpired(outcome.error)) this.logger.info(`${name}: ${from.phase} expired`, fields);
      else this.logger.warn(`${name}: ${from.phase} failed`, fields);
    } else if (outcome.kind === 'listed' || outcome.kind === 'initialEventsEnded') {
      this.logger.debug(`${name}: synced`, { resourceVersion: outcome.resourceVersion });
    }
  }
}

import { type CacheEvent, CachedObject } from './cached-object.js';
import type { KubeObject } from '../../api/object.js';
import { CacheWatcher } from './cache-watcher.js';

/** Decides whether an object is visible to a watch (label and field selectors). */
export type ObjectFilter = (object: KubeObject) => boolean;

/** How much history a resource cache keeps for watches that resume from a past resourceVersion. */
export interface HistoryLimits {
  /** Keep events at least this long (upstream's eventFreshDuration is 75 s). */
  readonly freshMs: number;
  /** Always keep at least this many events. */
  readonly minEvents: number;
  /** Never keep more than this many events. */
  readonly maxEvents: number;
}

/** Upstream-like defaults: 75 s of history, at least 100 events. */
export const defaultHistoryLimits: HistoryLimits = { freshMs: 75_000, minEvents: 100, maxEvents: 250_000 };

/** Thrown when a watch asks for history the cache no longer holds (the apiserver answers 410 Expired). */
export class TooOldResourceVersionError extends Error {
  constructor(
    readonly requested: number,
    readonly oldest: number,
  ) {
    super(`too old resource version: ${requested} (${oldest})`);
  }
}

/** How a watch starts. */
export interface CacheWatchOptions {
  /** Resume after this revision; undefined or 0 means: first an ADDED event for every current object. */
  readonly fromRevision?: number;
  readonly filter: ObjectFilter;
  /** Only objects whose key starts with this (a namespace's sub-prefix), or the whole resource. */
  readonly keyPrefix?: string;
  readonly bookmarks: boolean;
  /** Watch-list: after the initial events send a BOOKMARK marked initial-events-end. */
  readonly initialEventsEndBookmark?: boolean;
  /** The revision the initial state reflects (the server-wide one; default: this cache's latest event). */
  readonly snapshotRevision?: number;
}

/**
 * The in-memory state of one storage prefix (one resource): its current objects, a window of recent
 * events, and the watchers fed from them. The Cacher applies storage events in revision order.
 */
export class ResourceCache {
  private readonly objects = new Map<string, CachedObject>();
  // The keys in order, kept up to date lazily: new keys wait in `unsortedKeys` until a list needs
  // the order (splicing each into a big array costs a copy of it per create); undefined after a
  // delete or reset, rebuilt whole on the next list.
  private sorted: string[] | undefined = [];
  /** Bumped by every change to the current objects: objectsUnder's lists are valid while it stands. */
  private changeCount = 0;
  private readonly objectLists = new Map<string, { changes: number; objects: readonly KubeObject[] }>();
  private unsortedKeys: string[] = [];
  private events: CacheEvent[] = [];
  private eventTimes: number[] = [];
  private head = 0;
  /** Every event after this revision is still held. */
  private oldestServable = 0;
  private readonly watchers = new Set<CacheWatcher>();

  constructor(
    readonly prefix: string,
    private readonly limits: HistoryLimits = defaultHistoryLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Number of objects held. */
  get size(): number {
    return this.objects.size;
  }

  /** Number of open watchers. */
  get watcherCount(): number {
    return this.watchers.size;
  }

  /** Replaces the whole state with a list read at `revision` (start-up or relist); watchers are told to relist. */
  reset(objects: readonly CachedObject[], revision: number): void {
    this.changeCount++;
    this.objects.clear();
    for (const o of objects) this.objects.set(o.key, o);
    this.sorted = undefined;
    this.events = [];
    this.eventTimes = [];
    this.head = 0;
    this.oldestServable = revision;
    for (const w of [...this.watchers]) {
      w.push({
        type: 'ERROR',
        reason: 'Expired',
        message: `the watch cache was reset at revision ${revision}`,
      });
      w.close();
    }
  }

  /** Applies one storage change: `object` undefined means the key was deleted at `revision`. */
  apply(key: string, object: CachedObject | undefined, revision: number): void {
    const previous = this.objects.get(key);
    if (object !== undefined || previous !== undefined) this.changeCount++;
    let event: CacheEvent;
    if (object !== undefined) {
      if (previous === undefined) this.insertSorted(key);
      this.objects.set(key, object);
      event =
        previous === undefined
          ? { type: 'ADDED', object, revision }
          : { type: 'MODIFIED', object, previous, revision };
    } else {
      if (previous === undefined) return;
      this.objects.delete(key);
      this.sorted = undefined;
      const tombstone = new CachedObject(key, withResourceVersion(previous.object, revision), revision);
      event = { type: 'DELETED', object: tombstone, previous, revision };
    }
    this.record(event);
    for (const w of this.watchers) w.offer(event);
  }

  /** The object stored under `key`, if any. */
  get(key: string): CachedObject | undefined {
    return this.objects.get(key);
  }

  /** Current objects under `keyPrefix` (default: all), in key order. */
  list(keyPrefix: string = this.prefix): CachedObject[] {
    const keys = this.sortedKeys();
    const out: CachedObject[] = [];
    for (let i = lowerBound(keys, keyPrefix); i < keys.length; i++) {
      const key = keys[i]!;
      if (!key.startsWith(keyPrefix)) break;
      out.push(this.objects.get(key)!);
    }
    return out;
  }

  /**
   * The current objects under `keyPrefix`, in key order, shared until the cache changes: the
   * server's own lookups ask this on hot paths (authorization lists the ClusterRoleBindings for
   * nearly every request), and those rarely change.
   */
  objectsUnder(keyPrefix: string): readonly KubeObject[] {
    const known = this.objectLists.get(keyPrefix);
    if (known !== undefined && known.changes === this.changeCount) return known.objects;
    const objects = this.list(keyPrefix).map((o) => o.object);
    if (this.objectLists.size >= 64) this.objectLists.clear();
    this.objectLists.set(keyPrefix, { changes: this.changeCount, objects });
    return objects;
  }

  /** Opens a watch; throws TooOldResourceVersionError when its start is no longer held. */
  watch(options: CacheWatchOptions): CacheWatcher {
    const keyPrefix = options.keyPrefix ?? this.prefix;
    const visible = (o: CachedObject) => o.key.startsWith(keyPrefix) && options.filter(o.object);
    const from = options.fromRevision ?? 0;
    if (from !== 0 && from < this.oldestServable)
      throw new TooOldResourceVersionError(from, this.oldestServable + 1);
    const watcher = new CacheWatcher(visible, options.bookmarks, (w) => this.watchers.delete(w));
    if (from === 0) {
      for (const o of this.list(keyPrefix))
        if (options.filter(o.object)) watcher.push({ type: 'ADDED', object: o });
      if (options.initialEventsEndBookmark) {
        watcher.push({
          type: 'BOOKMARK',
          revision: options.snapshotRevision ?? this.latestRevision,
          initialEventsEnd: true,
        });
      }
    } else {
      for (let i = this.head; i < this.events.length; i++) {
        const e = this.events[i]!;
        if (e.revision > from) watcher.offer(e);
      }
    }
    this.watchers.add(watcher);
    return watcher;
  }

  /** The newest revision this cache has applied an event for, or the reset revision. */
  get latestRevision(): number {
    const last = this.events[this.events.length - 1];
    return last?.revision ?? this.oldestServable;
  }

  /** Sends a BOOKMARK at `revision` to every watcher that asked for them. */
  bookmark(revision: number): void {
    for (const w of this.watchers) if (w.wantsBookmarks) w.push({ type: 'BOOKMARK', revision });
  }

  /** Ends every watch (server shutdown). */
  closeAll(): void {
    for (const w of [...this.watchers]) w.close();
  }

  private record(event: CacheEvent): void {
    this.events.push(event);
    const now = this.now();
    this.eventTimes.push(now);
    const { freshMs, minEvents, maxEvents } = this.limits;
    while (
      this.events.length - this.head > maxEvents ||
      (this.events.length - this.head > minEvents && now - this.eventTimes[this.head]! > freshMs)
    ) {
      this.oldestServable = this.events[this.head]!.revision;
      this.head++;
    }
    // Compact the arrays once the dropped head dominates, keeping pruning amortised O(1).
    if (this.head > 1024 && this.head * 2 > this.events.length) {
      this.events = this.events.slice(this.head);
      this.eventTimes = this.eventTimes.slice(this.head);
      this.head = 0;
    }
  }

  private sortedKeys(): string[] {
    if (this.sorted === undefined) {
      this.sorted = [...this.objects.keys()].sort();
      this.unsortedKeys = [];
    } else if (this.unsortedKeys.length > 0) {
      this.sorted = mergeSorted(this.sorted, this.unsortedKeys.sort());
      this.unsortedKeys = [];
    }
    return this.sorted;
  }

  private insertSorted(key: string): void {
    if (this.sorted !== undefined) this.unsortedKeys.push(key);
  }
}

/** A copy of `object` whose metadata.resourceVersion is `revision`. */
export function withResourceVersion<T extends { metadata?: object }>(object: T, revision: number): T {
  return { ...object, metadata: { ...object.metadata, resourceVersion: String(revision) } };
}

// Two sorted arrays of distinct keys as one sorted array.
function mergeSorted(a: readonly string[], b: readonly string[]): string[] {
  const out = new Array<string>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i]! < b[j]! ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

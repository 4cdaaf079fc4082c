import type { Backend, KeyValue, WatchEvent } from '../../storage/backend.js';
import { isStorageError } from '../../storage/errors.js';
import type { KubeObject } from '../../api/object.js';
import { deepFreeze, freezeCacheByDefault } from '../../informers/index.js';
import { CachedObject } from './cached-object.js';
import {
  type HistoryLimits,
  ResourceCache,
  defaultHistoryLimits,
  withResourceVersion,
} from './resource-cache.js';

/** Turns a stored value into the object the cache serves (resourceVersion set); throws on garbage. */
export type Decoder = (kv: KeyValue) => CachedObject;

/** What the Cacher needs. */
export interface CacherOptions {
  readonly backend: Backend;
  /** Every cached prefix lies under it; one storage watch on it feeds every cache. */
  readonly rootPrefix: string;
  readonly decode: Decoder;
  readonly history?: HistoryLimits;
  readonly now?: () => number;
  /**
   * Deep-freeze every cached object, so that code changing one throws instead of corrupting what
   * other requests read (default: under `node --test` or K8TS_FREEZE_CACHE=1, as informer caches).
   */
  readonly freeze?: boolean;
  /** Called when a stored value cannot be decoded (it is skipped). */
  readonly onDecodeError?: (key: string, err: unknown) => void;
}

/**
 * Feeds every resource cache from ONE storage watch on the registry root. Because every write lands
 * under the root, the last revision this watch delivered is the storage revision the caches are
 * consistent with — so a consistent read only has to wait until `revision` reaches the storage's
 * current revision, which is what lets LIST be served from memory.
 */
export class Cacher {
  private readonly caches: ResourceCache[] = [];
  private readonly byPrefix = new Map<string, ResourceCache>();
  /** Objects this server is writing, by key, until their watch event arrives. */
  private readonly written = new Map<string, { value: Uint8Array; object: KubeObject }>();
  /** Caches added while running, still being filled: their events wait here. */
  private readonly filling = new Map<ResourceCache, WatchEvent[]>();
  private waiters: { revision: number; resolve: (ok: boolean) => void; timer: NodeJS.Timeout }[] = [];
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;
  private current = 0;

  private readonly freeze: boolean;

  constructor(private readonly options: CacherOptions) {
    this.freeze = options.freeze ?? freezeCacheByDefault();
  }

  /** The storage revision every cache reflects. */
  get revision(): number {
    return this.current;
  }

  /** The cache for `prefix`, creating it (and filling it from storage once started). */
  async cacheFor(prefix: string): Promise<ResourceCache> {
    let cache = this.byPrefix.get(prefix);
    if (cache !== undefined) return cache;
    cache = new ResourceCache(prefix, this.options.history ?? defaultHistoryLimits, this.options.now);
    this.byPrefix.set(prefix, cache);
    // Longest prefix first, so routing picks the most specific cache.
    this.caches.push(cache);
    this.caches.sort((a, b) => b.prefix.length - a.prefix.length);
    if (this.running !== undefined) {
      const buffered: WatchEvent[] = [];
      this.filling.set(cache, buffered);
      const revision = this.current;
      try {
        cache.reset(await this.listAll(prefix, revision), revision);
        for (const e of buffered) if (e.kv.modRevision > revision) this.applyTo(cache, e);
      } finally {
        this.filling.delete(cache);
      }
    }
    return cache;
  }

  /** Lists the root once and starts following the storage watch; resolves when caches are filled. */
  async start(): Promise<void> {
    const revision = await this.options.backend.currentRevision();
    await this.fill(revision);
    this.running = this.follow();
  }

  /** Resolves true once the caches reflect `revision`, false after `timeoutMs`. */
  waitForRevision(revision: number, timeoutMs: number): Promise<boolean> {
    if (this.current >= revision) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = {
        revision,
        resolve,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(false);
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /**
   * Tells the cache that this server is writing `value`, the stored form of `object`, as `key`:
   * when that write's event arrives the cache takes the object as it is (with the event's
   * resourceVersion), sparing a parse of the bytes for every write. The object must not change
   * from now on. A write that fails leaves an entry the next event for the key discards.
   */
  expectWrite(key: string, value: Uint8Array, object: KubeObject): void {
    // Writes to prefixes nobody caches are never collected by an event: bound the map.
    if (this.written.size >= 10_000) this.written.clear();
    this.written.set(key, { value, object });
  }

  /** Sends a bookmark at the current revision to every watcher that wants them. */
  bookmarkAll(): void {
    for (const c of this.caches) c.bookmark(this.current);
  }

  /** Stops following storage and ends every watch. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running?.catch(() => {});
    for (const c of this.caches) c.closeAll();
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.resolve(false);
    }
    this.waiters = [];
  }

  private async fill(revision: number): Promise<void> {
    const buckets = new Map<ResourceCache, CachedObject[]>(this.caches.map((c) => [c, []]));
    for (const obj of await this.listAll(this.options.rootPrefix, revision)) {
      const cache = this.route(obj.key);
      if (cache !== undefined) buckets.get(cache)!.push(obj);
    }
    for (const [cache, objects] of buckets) cache.reset(objects, revision);
    this.advance(revision);
  }

  private async follow(): Promise<void> {
    const { backend, rootPrefix } = this.options;
    while (!this.abort.signal.aborted) {
      try {
        const stream = backend.watch(rootPrefix, {
          startRevision: this.current + 1,
          signal: this.abort.signal,
        });
        for await (const batch of stream) {
          for (const e of batch) {
            const cache = this.route(e.kv.key);
            if (cache === undefined) continue;
            const buffer = this.filling.get(cache);
            if (buffer !== undefined) buffer.push(e);
            else this.applyTo(cache, e);
          }
          const last = batch[batch.length - 1];
          if (last !== undefined) this.advance(last.kv.modRevision);
        }
      } catch (err) {
        if (this.abort.signal.aborted) return;
        if (isStorageError(err, 'Compacted')) {
          // We fell behind compaction: start over from a fresh list, like a reflector relists.
          await this.fill(await backend.currentRevision()).catch(() => {});
        } else {
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    }
  }

  private applyTo(cache: ResourceCache, e: WatchEvent): void {
    if (e.type === 'delete') {
      cache.apply(e.kv.key, undefined, e.kv.modRevision);
      return;
    }
    const decoded = this.decode(e.kv);
    if (decoded !== undefined) cache.apply(e.kv.key, decoded, e.kv.modRevision);
  }

  private advance(revision: number): void {
    if (revision <= this.current) return;
    this.current = revision;
    if (this.waiters.length === 0) return;
    const still = [];
    for (const w of this.waiters) {
      if (w.revision <= revision) {
        clearTimeout(w.timer);
        w.resolve(true);
      } else {
        still.push(w);
      }
    }
    this.waiters = still;
  }

  private async listAll(prefix: string, revision: number): Promise<CachedObject[]> {
    const out: CachedObject[] = [];
    let token: string | undefined;
    do {
      const page = await this.options.backend.list(
        prefix,
        token ? { continue: token, limit: 10_000 } : { revision, limit: 10_000 },
      );
      for (const kv of page.items) {
        const obj = this.decode(kv);
        if (obj !== undefined) out.push(obj);
      }
      token = page.continue;
    } while (token !== undefined);
    return out;
  }

  private decode(kv: KeyValue): CachedObject | undefined {
    const written = this.written.get(kv.key);
    if (written !== undefined) {
      this.written.delete(kv.key);
      // The same bytes are the same object; only the resourceVersion comes from the event.
      if (Buffer.compare(written.value, kv.value) === 0) {
        const object = withResourceVersion(written.object, kv.modRevision);
        if (this.freeze) deepFreeze(object);
        // The written bytes, not the event's equal copy: their encoder noted where metadata closes.
        return new CachedObject(kv.key, object, kv.modRevision, written.value);
      }
    }
    try {
      const decoded = this.options.decode(kv);
      if (this.freeze) deepFreeze(decoded.object);
      return decoded;
    } catch (err) {
      this.options.onDecodeError?.(kv.key, err);
      return undefined;
    }
  }

  private route(key: string): ResourceCache | undefined {
    for (const c of this.caches) if (key.startsWith(c.prefix)) return c;
    return undefined;
  }
}

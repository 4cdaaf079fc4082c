import type { ApiObject } from '../client/index.js';
import { deepFreeze, freezeCacheByDefault } from './deep-freeze.js';
import { objectKey } from './object-key.js';

/** Maps an object to the index values it is filed under (none, one or several). */
export type IndexFunc<T> = (object: T) => readonly string[];

/** The name of the index every Indexer has: objects by metadata.namespace ("" for cluster-scoped). */
export const namespaceIndex = 'namespace';

/** Settings of an Indexer. */
export interface IndexerOptions<T> {
  /** Extra indexes by name; the namespace index is always present. */
  readonly indexers?: Readonly<Record<string, IndexFunc<T>>>;
  /** Deep-freeze stored objects so mutating one throws (default: freezeCacheByDefault()). */
  readonly freeze?: boolean;
}

/** What a replace changed, so an informer can notify handlers. */
export interface ReplaceResult<T> {
  /** New objects (`old` undefined) and objects whose resourceVersion changed, in list order. */
  readonly changed: readonly { readonly old: T | undefined; readonly new: T }[];
  /** Objects gone from the new list: their last known state. */
  readonly deleted: readonly T[];
}

/** What one add/update/delete did: the state before (undefined when the key was new). */
export interface StoreChange<T> {
  readonly previous: T | undefined;
}

/**
 * client-go's thread-safe store + indexer, single-threaded: objects keyed "namespace/name", with a
 * namespace index and custom indexes kept up to date on every write. Stored objects are shared,
 * never copied: readers must not mutate them (they are frozen when `freeze` is on).
 */
export class Indexer<T extends ApiObject> {
  private readonly items = new Map<string, T>();
  private readonly indexers = new Map<string, IndexFunc<T>>();
  private readonly indices = new Map<string, Map<string, Set<string>>>();
  private readonly freeze: boolean;
  private replacedAt = '';

  constructor(options: IndexerOptions<T> = {}) {
    this.freeze = options.freeze ?? freezeCacheByDefault();
    this.addIndexers({
      [namespaceIndex]: (o: T) => [o.metadata?.namespace ?? ''],
      ...(options.indexers ?? {}),
    });
  }

  /** Number of objects held. */
  get size(): number {
    return this.items.size;
  }

  /** Adds indexes (built over the current contents); a name already in use is a programmer error. */
  addIndexers(indexers: Readonly<Record<string, IndexFunc<T>>>): void {
    for (const [name, fn] of Object.entries(indexers)) {
      if (this.indexers.has(name)) throw new Error(`Cannot add indexer "${name}": it already exists`);
      this.indexers.set(name, fn);
      const index = new Map<string, Set<string>>();
      this.indices.set(name, index);
      for (const [key, object] of this.items) fileUnder(index, fn(object), key);
    }
  }

  /** True when an index of that name exists. */
  hasIndex(indexName: string): boolean {
    return this.indexers.has(indexName);
  }

  /** The resourceVersion given to the last replace ("" before any). */
  get resourceVersion(): string {
    return this.replacedAt;
  }

  /** Stores `object` (insert or overwrite) and returns the previous state. */
  add(object: T): StoreChange<T> {
    const key = objectKey(object);
    const previous = this.items.get(key);
    if (this.freeze) deepFreeze(object);
    if (previous !== undefined) this.unindex(key, previous);
    this.items.set(key, object);
    this.index(key, object);
    return { previous };
  }

  /** Same as add: the store does not distinguish. */
  update(object: T): StoreChange<T> {
    return this.add(object);
  }

  /** Removes the object with `object`'s key; returns what was stored. */
  delete(object: T): StoreChange<T> {
    return this.deleteKey(objectKey(object));
  }

  /** Removes the object stored under `key`. */
  deleteKey(key: string): StoreChange<T> {
    const previous = this.items.get(key);
    if (previous !== undefined) {
      this.unindex(key, previous);
      this.items.delete(key);
    }
    return { previous };
  }

  /** The object under `key`. */
  getByKey(key: string): T | undefined {
    return this.items.get(key);
  }

  /** Every object (those `keep` accepts, when given), in insertion order. */
  list(keep?: (object: T) => boolean): T[] {
    if (keep === undefined) return [...this.items.values()];
    // One pass and one array: listers filter the whole cache on every controller sync.
    const out: T[] = [];
    for (const object of this.items.values()) if (keep(object)) out.push(object);
    return out;
  }

  /** Every key. */
  listKeys(): string[] {
    return [...this.items.keys()];
  }

  /** Objects filed under `value` in index `indexName` (those `keep` accepts, when given). */
  byIndex(indexName: string, value: string, keep?: (object: T) => boolean): T[] {
    const out: T[] = [];
    for (const key of this.keysUnder(indexName, value)) {
      const object = this.items.get(key)!;
      if (keep === undefined || keep(object)) out.push(object);
    }
    return out;
  }

  /** Keys filed under `value` in index `indexName`; throws for an unknown index. */
  indexKeys(indexName: string, value: string): string[] {
    return [...this.keysUnder(indexName, value)];
  }

  /** The values present in index `indexName`. */
  indexValues(indexName: string): string[] {
    const index = this.indices.get(indexName);
    if (index === undefined) throw new Error(`Cannot read index "${indexName}": it does not exist`);
    return [...index.keys()];
  }

  /**
   * Makes the store hold exactly `objects`, the collection at `resourceVersion`: reports additions
   * and objects whose resourceVersion changed (in list order), then deletions (their last known
   * state). Unchanged objects keep their stored instance.
   */
  replace(objects: readonly T[], resourceVersion = ''): ReplaceResult<T> {
    this.replacedAt = resourceVersion;
    const changed: { old: T | undefined; new: T }[] = [];
    const seen = new Set<string>();
    for (const object of objects) {
      const key = objectKey(object);
      seen.add(key);
      const old = this.items.get(key);
      if (old === undefined || old.metadata?.resourceVersion !== object.metadata?.resourceVersion) {
        this.add(object);
        changed.push({ old, new: object });
      }
    }
    const deleted: T[] = [];
    for (const [key, old] of [...this.items]) {
      if (seen.has(key)) continue;
      this.deleteKey(key);
      deleted.push(old);
    }
    return { changed, deleted };
  }

  // The live key set (not a copy): callers must not hold it across writes.
  private keysUnder(indexName: string, value: string): ReadonlySet<string> {
    const index = this.indices.get(indexName);
    if (index === undefined) throw new Error(`Cannot read index "${indexName}": it does not exist`);
    return index.get(value) ?? noKeys;
  }

  private index(key: string, object: T): void {
    for (const [name, fn] of this.indexers) fileUnder(this.indices.get(name)!, fn(object), key);
  }

  private unindex(key: string, object: T): void {
    for (const [name, fn] of this.indexers) {
      const index = this.indices.get(name)!;
      for (const value of fn(object)) {
        const keys = index.get(value);
        keys?.delete(key);
        if (keys?.size === 0) index.delete(value);
      }
    }
  }
}

const noKeys: ReadonlySet<string> = new Set();

function fileUnder(index: Map<string, Set<string>>, values: readonly string[], key: string): void {
  for (const value of values) {
    let keys = index.get(value);
    if (keys === undefined) index.set(value, (keys = new Set()));
    keys.add(key);
  }
}

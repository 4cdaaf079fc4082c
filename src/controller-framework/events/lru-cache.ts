/**
 * A bounded map that evicts the least recently used entry (groupcache's lru, as client-go's event
 * correlator uses): memory stays flat however many distinct objects emit events.
 */
export class LruCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly maxEntries: number) {}

  /** The value for `key`, marking it most recently used. */
  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** Stores `value` as most recently used, evicting the oldest entry when full. */
  add(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  /** Number of entries. */
  get size(): number {
    return this.entries.size;
  }
}

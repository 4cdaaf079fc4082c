import type { Labels } from '../../corev1/label-matcher.js';

/**
 * Counts per topology pair (key, value) — upstream's topologyToMatchedTermCount — kept as nested
 * maps so lookups with a node's labels need no string building.
 */
export class TopologyCounts {
  private readonly byKey = new Map<string, Map<string, number>>();
  private pairs = 0;

  /** Number of pairs with a non-zero count. */
  get size(): number {
    return this.pairs;
  }

  /** The count of (key, value). */
  get(key: string, value: string): number {
    return this.byKey.get(key)?.get(value) ?? 0;
  }

  /** Adds `delta` to the pair the node's label for `key` forms; entries reaching 0 are dropped. */
  update(labels: Labels, key: string, delta: number): void {
    if (!Object.hasOwn(labels, key)) return;
    const value = labels[key]!;
    let values = this.byKey.get(key);
    if (values === undefined) this.byKey.set(key, (values = new Map()));
    const before = values.get(value) ?? 0;
    const after = before + delta;
    if (after === 0) {
      values.delete(value);
      if (before !== 0) this.pairs--;
      if (values.size === 0) this.byKey.delete(key);
    } else {
      values.set(value, after);
      if (before === 0) this.pairs++;
    }
  }

  /** True when some label of the node forms a pair with a positive count. */
  anyPositive(labels: Labels): boolean {
    for (const [key, values] of this.byKey) {
      if (!Object.hasOwn(labels, key)) continue;
      if ((values.get(labels[key]!) ?? 0) > 0) return true;
    }
    return false;
  }

  /** The keys with any counts. */
  keys(): IterableIterator<string> {
    return this.byKey.keys();
  }

  /** The value counts of one key. */
  valuesOf(key: string): ReadonlyMap<string, number> | undefined {
    return this.byKey.get(key);
  }

  /** An independent copy. */
  clone(): TopologyCounts {
    const c = new TopologyCounts();
    for (const [k, v] of this.byKey) c.byKey.set(k, new Map(v));
    c.pairs = this.pairs;
    return c;
  }
}

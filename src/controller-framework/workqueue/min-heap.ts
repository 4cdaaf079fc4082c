/**
 * A binary min-heap ordered by `less`. The delaying queue keeps its waiting items in one so that
 * finding the next due item stays O(log n) with hundreds of thousands of requeued keys.
 */
export class MinHeap<E> {
  private readonly items: E[] = [];

  constructor(private readonly less: (a: E, b: E) => boolean) {}

  /** Number of entries. */
  get size(): number {
    return this.items.length;
  }

  /** The smallest entry without removing it. */
  peek(): E | undefined {
    return this.items[0];
  }

  /** Adds an entry. */
  push(entry: E): void {
    const items = this.items;
    items.push(entry);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  /** Removes and returns the smallest entry. */
  pop(): E | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    items[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let smallest = i;
      if (l < items.length && this.less(items[l]!, items[smallest]!)) smallest = l;
      if (r < items.length && this.less(items[r]!, items[smallest]!)) smallest = r;
      if (smallest === i) break;
      [items[i], items[smallest]] = [items[smallest]!, items[i]!];
      i = smallest;
    }
    return top;
  }

  /** Removes every entry. */
  clear(): void {
    this.items.length = 0;
  }
}

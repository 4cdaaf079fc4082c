import type { Cancel, Clock } from '../base/clock.js';

interface Entry<K> {
  readonly at: number;
  readonly seq: number;
  readonly key: K;
  cancelled: boolean;
}

/** Settings of a TimerQueue. */
export interface TimerQueueOptions<K> {
  readonly clock: Clock;
  /** Called once per key whose deadline passed, in deadline order. */
  readonly onDue: (key: K, now: number) => void;
  /**
   * Most callbacks run in one timer turn; the rest run on the next turn, so a burst of due keys
   * (a relist, thousands of heartbeats at once) never blocks the event loop for long (default 2000).
   */
  readonly maxBatch?: number;
}

/**
 * One deadline per key on a binary heap, with a single Clock timer armed for the earliest: tens of
 * thousands of per-pod and per-node deadlines cost one timer, and rescheduling a key is O(log n)
 * instead of a clearTimeout/setTimeout pair.
 */
export class TimerQueue<K> {
  private readonly clock: Clock;
  private readonly onDue: (key: K, now: number) => void;
  private readonly maxBatch: number;
  private heap: Entry<K>[] = [];
  private readonly byKey = new Map<K, Entry<K>>();
  private seq = 0;
  private armedAt = Infinity;
  private cancelTimer: Cancel | undefined;
  private closed = false;

  constructor(options: TimerQueueOptions<K>) {
    this.clock = options.clock;
    this.onDue = options.onDue;
    this.maxBatch = options.maxBatch ?? 2000;
  }

  /** Number of keys with a deadline. */
  get size(): number {
    return this.byKey.size;
  }

  /** The deadline of `key`, if any. */
  deadlineOf(key: K): number | undefined {
    return this.byKey.get(key)?.at;
  }

  /** Sets `key`'s deadline to `at` (ms since the epoch), replacing any earlier one. */
  schedule(key: K, at: number): void {
    if (this.closed) return;
    const old = this.byKey.get(key);
    if (old !== undefined) {
      if (old.at === at) return;
      old.cancelled = true;
    }
    const entry: Entry<K> = { at, seq: this.seq++, key, cancelled: false };
    this.byKey.set(key, entry);
    this.push(entry);
    // Dead entries are dropped lazily; compact once they dominate so memory stays proportional to keys.
    if (this.heap.length > 1024 && this.heap.length > 2 * this.byKey.size) this.compact();
    if (at < this.armedAt) this.arm();
  }

  /** Removes `key`'s deadline. */
  cancel(key: K): void {
    const old = this.byKey.get(key);
    if (old === undefined) return;
    old.cancelled = true;
    this.byKey.delete(key);
  }

  /** Drops every deadline and the timer; later schedules are ignored. */
  close(): void {
    this.closed = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.heap = [];
    this.byKey.clear();
  }

  private arm(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.armedAt = Infinity;
    const top = this.peek();
    if (top === undefined || this.closed) return;
    this.armedAt = top.at;
    this.cancelTimer = this.clock.after(Math.max(0, top.at - this.clock.now()), () => this.fire());
  }

  private fire(): void {
    this.cancelTimer = undefined;
    this.armedAt = Infinity;
    const now = this.clock.now();
    let ran = 0;
    for (;;) {
      const top = this.peek();
      if (top === undefined || top.at > now || ran >= this.maxBatch) break;
      this.pop();
      this.byKey.delete(top.key);
      ran++;
      this.onDue(top.key, now);
      if (this.closed) return;
    }
    this.arm();
  }

  /** The earliest live entry, discarding cancelled ones on the way. */
  private peek(): Entry<K> | undefined {
    while (this.heap.length > 0 && this.heap[0]!.cancelled) this.pop();
    return this.heap[0];
  }

  private push(entry: Entry<K>): void {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop();
    if (last === undefined || h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l]!, h[m]!)) m = l;
      if (r < h.length && before(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }

  private compact(): void {
    const live = this.heap.filter((e) => !e.cancelled);
    this.heap = [];
    for (const e of live) this.push(e);
  }
}

function before<K>(a: Entry<K>, b: Entry<K>): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

import type { Cancel, Clock } from '../base/clock.js';

/** Settings of a WriteQueue. */
export interface WriteQueueOptions<K> {
  /** Writes the current state of `key`; a rejection retries it after a backoff. */
  readonly write: (key: K) => Promise<void>;
  readonly clock: Clock;
  /** Writes in flight at once (default 32); the client's QPS limit paces them further. */
  readonly concurrency?: number;
  /** Priority lanes, 0 first (default 2). */
  readonly lanes?: number;
  /** Retry delay after a failed write: doubles from initialMs up to maxMs (default 500 ms → 30 s). */
  readonly retry?: { readonly initialMs: number; readonly maxMs: number };
  readonly onError?: (key: K, err: unknown) => void;
}

class Fifo<K> {
  private items: K[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(k: K): void {
    this.items.push(k);
  }

  shift(): K | undefined {
    if (this.head >= this.items.length) return undefined;
    const k = this.items[this.head++];
    // Reclaim the consumed prefix now and then instead of shifting on every take.
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return k;
  }
}

interface KeyState {
  lane: number;
  queued: boolean;
  running: boolean;
  /** Enqueued again while its write ran: write once more afterwards. */
  dirty: boolean;
  /** Forgotten while its write ran: drop it afterwards. */
  forgotten: boolean;
  failures: number;
  retry: Cancel | undefined;
}

/**
 * Coalescing, prioritised status writes — the kubelet status manager's queue made shareable: a key
 * enqueued many times before its turn is written once (with the state current at that time), a key
 * is never written by two workers at once, lane 0 (heartbeats) always goes before lane 1 (pod
 * statuses), and failures retry with per-key backoff.
 */
export class WriteQueue<K> {
  private readonly options: WriteQueueOptions<K>;
  private readonly concurrency: number;
  private readonly lanes: Fifo<K>[];
  private readonly keys = new Map<K, KeyState>();
  private running = 0;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  /** Writes that succeeded. */
  written = 0;
  /** Writes that failed (and were retried). */
  failed = 0;

  constructor(options: WriteQueueOptions<K>) {
    this.options = options;
    this.concurrency = options.concurrency ?? 32;
    this.lanes = Array.from({ length: options.lanes ?? 2 }, () => new Fifo<K>());
  }

  /** Keys waiting for a worker. */
  get pending(): number {
    return this.lanes.reduce((n, l) => n + l.length, 0);
  }

  /** Writes in flight. */
  get inFlight(): number {
    return this.running;
  }

  /** Asks for `key` to be written; lanes only ever move up (a key queued in 1 then 0 goes in 0). */
  enqueue(key: K, lane = 0): void {
    if (this.closed) return;
    const l = Math.max(0, Math.min(lane, this.lanes.length - 1));
    let s = this.keys.get(key);
    if (s === undefined) {
      s = {
        lane: l,
        queued: false,
        running: false,
        dirty: false,
        forgotten: false,
        failures: 0,
        retry: undefined,
      };
      this.keys.set(key, s);
    }
    if (s.running) {
      s.dirty = true;
      s.forgotten = false;
      s.lane = Math.min(s.lane, l);
      return;
    }
    if (s.retry !== undefined) return; // the retry will write the latest state
    if (s.queued && s.lane <= l) return;
    // A key moving to a better lane leaves a stale entry behind; take() skips it.
    s.lane = l;
    s.queued = true;
    this.lanes[l]!.push(key);
    this.pump();
  }

  /** Forgets `key`: a queued write or pending retry is dropped (a running one finishes). */
  forget(key: K): void {
    const s = this.keys.get(key);
    if (s === undefined) return;
    s.retry?.();
    s.retry = undefined;
    if (s.running) {
      s.dirty = false;
      s.forgotten = true;
      return;
    }
    this.keys.delete(key);
  }

  /** Resolves when nothing is queued or running (pending retries do not count). */
  idle(): Promise<void> {
    if (this.running === 0 && this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops taking work; writes in flight finish. */
  close(): void {
    this.closed = true;
    for (const s of this.keys.values()) s.retry?.();
    this.keys.clear();
    for (const w of this.idleWaiters.splice(0)) w();
  }

  private take(): K | undefined {
    for (let i = 0; i < this.lanes.length; i++) {
      for (;;) {
        const key = this.lanes[i]!.shift();
        if (key === undefined) break;
        const s = this.keys.get(key);
        if (s === undefined || !s.queued || s.lane !== i) continue;
        return key;
      }
    }
    return undefined;
  }

  private pump(): void {
    while (!this.closed && this.running < this.concurrency) {
      const key = this.take();
      if (key === undefined) break;
      const s = this.keys.get(key)!;
      s.queued = false;
      s.running = true;
      this.running++;
      void this.run(key, s);
    }
    if (this.running === 0 && this.pending === 0) for (const w of this.idleWaiters.splice(0)) w();
  }

  private async run(key: K, s: KeyState): Promise<void> {
    let error: unknown;
    let ok = false;
    try {
      await this.options.write(key);
      ok = true;
    } catch (err) {
      error = err;
    }
    this.running--;
    s.running = false;
    if (this.closed || this.keys.get(key) !== s || s.forgotten) {
      if (s.forgotten) this.keys.delete(key);
      this.pump();
      return;
    }
    if (ok) {
      this.written++;
      s.failures = 0;
      if (s.dirty) {
        s.dirty = false;
        s.queued = true;
        this.lanes[s.lane]!.push(key);
      } else this.keys.delete(key);
    } else {
      this.failed++;
      s.dirty = false;
      s.failures++;
      this.options.onError?.(key, error);
      const retry = this.options.retry ?? { initialMs: 500, maxMs: 30_000 };
      const delay = Math.min(retry.maxMs, retry.initialMs * 2 ** Math.min(s.failures - 1, 20));
      s.retry = this.options.clock.after(delay, () => {
        s.retry = undefined;
        if (this.closed || this.keys.get(key) !== s) return;
        s.queued = true;
        this.lanes[s.lane]!.push(key);
        this.pump();
      });
    }
    this.pump();
  }
}

import { systemClock } from '../../base/clock.js';
import type { Clock } from '../../base/clock.js';
import { defaultWorkqueueMetrics, noopQueueMetrics } from './workqueue-metrics.js';
import type { QueueMetrics, WorkqueueMetrics } from './workqueue-metrics.js';

/** What a Queue is created with. */
export interface QueueOptions {
  /** Names the queue in metrics (the `name` label); unnamed queues record none, as upstream. */
  readonly name?: string;
  /** Time source for metrics and delays (default: the system clock). */
  readonly clock?: Clock;
  /** Where a named queue records its metrics (default: the process-wide registry). */
  readonly metrics?: WorkqueueMetrics;
}

/** What `get` resolves to: the next item, or `shutdown` true once the queue is shut down and empty. */
export type GetResult<T> = readonly [item: T, shutdown: false] | readonly [item: undefined, shutdown: true];

/**
 * client-go's work queue. Fair: items are handed out in the order added. Stingy: an item added
 * several times before a worker takes it is processed once, and an item is never handed to two
 * workers at once: adding it while it is being processed defers it until `done`. Items are
 * compared with SameValueZero, so use strings (keys) or stable object identities.
 */
export class Queue<T> {
  protected readonly clock: Clock;
  protected readonly metrics: QueueMetrics<T>;
  // FIFO of items ready to hand out; `head` avoids O(n) shifts on a long queue.
  private ready: T[] = [];
  private head = 0;
  // Items that need processing: waiting in `ready`, or re-added while in `processing`.
  private readonly dirty = new Set<T>();
  private readonly processing = new Set<T>();
  private readonly waiters: ((result: GetResult<T>) => void)[] = [];
  private shutdownStarted = false;
  private readonly drainWaiters: (() => void)[] = [];

  constructor(options: QueueOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.metrics =
      options.name === undefined || options.name === ''
        ? (noopQueueMetrics as QueueMetrics<T>)
        : (options.metrics ?? defaultWorkqueueMetrics()).forQueue<T>(options.name, this.clock);
  }

  /** Marks `item` as needing processing; a no-op when it already does or the queue is shutting down. */
  add(item: T): void {
    if (this.shutdownStarted || this.dirty.has(item)) return;
    this.metrics.add(item);
    this.dirty.add(item);
    if (this.processing.has(item)) return;
    this.ready.push(item);
    this.dispatch();
  }

  /**
   * Waits for the next item and marks it as being processed; the caller must call `done(item)`.
   * After shutdown, items already queued are still handed out; then it resolves with shutdown true.
   */
  get(): Promise<GetResult<T>> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.dispatch();
    });
  }

  /** Marks `item` as processed; if it was added again meanwhile, it goes back in the queue now. */
  done(item: T): void {
    this.metrics.done(item);
    this.processing.delete(item);
    if (this.dirty.has(item)) {
      this.ready.push(item);
      this.dispatch();
    } else if (this.processing.size === 0) {
      this.notifyDrained();
    }
  }

  /** Number of items waiting to be handed out (not counting those being processed). */
  len(): number {
    return this.ready.length - this.head;
  }

  /** Stops accepting items; waiting `get` calls resolve once the queue is empty. */
  shutDown(): void {
    this.shutdownStarted = true;
    this.dispatch();
    this.notifyDrained(true);
  }

  /** Like shutDown, then resolves once every item handed out (including queued ones) is done. */
  shutDownWithDrain(): Promise<void> {
    this.shutdownStarted = true;
    this.dispatch();
    if (this.processing.size === 0 && this.len() === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** True once shutDown or shutDownWithDrain was called. */
  shuttingDown(): boolean {
    return this.shutdownStarted;
  }

  // Hands ready items to waiting workers, in order; once shut down and empty, releases them all.
  private dispatch(): void {
    while (this.waiters.length > 0 && this.len() > 0) {
      const item = this.ready[this.head]!;
      this.head++;
      if (this.head > 1024 && this.head * 2 > this.ready.length) {
        this.ready = this.ready.slice(this.head);
        this.head = 0;
      }
      this.metrics.get(item);
      this.processing.add(item);
      this.dirty.delete(item);
      this.waiters.shift()!([item, false]);
    }
    if (this.shutdownStarted && this.len() === 0) {
      for (const waiter of this.waiters.splice(0)) waiter([undefined, true]);
    }
  }

  // `force` is a plain shutDown, which releases drain waiters at once as upstream's drain=false does.
  private notifyDrained(force = false): void {
    if (this.drainWaiters.length === 0) return;
    if (!force && (this.processing.size > 0 || this.len() > 0)) return;
    for (const resolve of this.drainWaiters.splice(0)) resolve();
  }
}

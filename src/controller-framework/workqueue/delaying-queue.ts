import type { Cancel } from '../../base/clock.js';
import { MinHeap } from './min-heap.js';
import { Queue } from './queue.js';
import type { QueueOptions } from './queue.js';

interface Waiting<T> {
  readonly item: T;
  readonly readyAt: number;
  // Breaks ties so items due at the same time come out in the order they were scheduled.
  readonly seq: number;
}

/**
 * A Queue that can also add an item later (client-go's DelayingInterface). An item waiting for
 * its time is not in the queue yet; asking for it again with an earlier time moves it earlier,
 * with a later time changes nothing. Waiting items are dropped on shutdown.
 */
export class DelayingQueue<T> extends Queue<T> {
  // The authoritative ready time per waiting item; heap entries that disagree are stale.
  private readonly waitingFor = new Map<T, number>();
  private readonly heap = new MinHeap<Waiting<T>>(
    (a, b) => a.readyAt < b.readyAt || (a.readyAt === b.readyAt && a.seq < b.seq),
  );
  private seq = 0;
  private timer: { at: number; cancel: Cancel } | undefined;

  constructor(options: QueueOptions = {}) {
    super(options);
  }

  /** Adds `item` once `delayMs` has passed on the clock (at once when it is not positive). */
  addAfter(item: T, delayMs: number): void {
    if (this.shuttingDown()) return;
    this.metrics.retry();
    if (!(delayMs > 0)) {
      this.add(item);
      return;
    }
    const readyAt = this.clock.now() + delayMs;
    const existing = this.waitingFor.get(item);
    if (existing !== undefined && existing <= readyAt) return;
    this.waitingFor.set(item, readyAt);
    this.heap.push({ item, readyAt, seq: this.seq++ });
    this.schedule();
  }

  /** Number of items waiting for their time (not yet in the queue). */
  waiting(): number {
    return this.waitingFor.size;
  }

  override shutDown(): void {
    this.stopWaiting();
    super.shutDown();
  }

  override shutDownWithDrain(): Promise<void> {
    this.stopWaiting();
    return super.shutDownWithDrain();
  }

  private stopWaiting(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.waitingFor.clear();
    this.heap.clear();
  }

  // Keeps exactly one clock timer, set for the earliest waiting item.
  private schedule(): void {
    const next = this.peekLive();
    if (next === undefined) {
      this.timer?.cancel();
      this.timer = undefined;
      return;
    }
    if (this.timer !== undefined && this.timer.at <= next.readyAt) return;
    this.timer?.cancel();
    const at = next.readyAt;
    this.timer = { at, cancel: this.clock.after(at - this.clock.now(), () => this.fire()) };
  }

  private fire(): void {
    this.timer = undefined;
    const now = this.clock.now();
    for (let next = this.peekLive(); next !== undefined && next.readyAt <= now; next = this.peekLive()) {
      this.heap.pop();
      this.waitingFor.delete(next.item);
      this.add(next.item);
    }
    this.schedule();
  }

  private peekLive(): Waiting<T> | undefined {
    for (let top = this.heap.peek(); top !== undefined; top = this.heap.peek()) {
      if (this.waitingFor.get(top.item) === top.readyAt) return top;
      this.heap.pop();
    }
    return undefined;
  }
}

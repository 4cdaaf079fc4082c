import type { WatchEvent, WatchStream } from '../backend.js';
import type { StorageError } from '../errors.js';

/** Hooks a BatchQueue calls into its producer. */
export interface BatchQueueOptions {
  /** The consumer stopped (return() or break): the producer should stop too. */
  readonly onReturn: () => void;
  /** The queue fell back to `lowWater` batches after having reached `highWater`. */
  readonly onDrained?: () => void;
  readonly highWater?: number;
  readonly lowWater?: number;
}

/**
 * The consumer side of one watch: batches queued by the producer, read through an async iterator
 * exactly once; ends cleanly (`end`) or with an error thrown after the queued batches (`fail`).
 * Same pattern as the watch hub's watcher, plus a high-water mark so a slow reader can pause the
 * producer instead of buffering without bound.
 */
export class BatchQueue implements WatchStream, AsyncIterator<readonly WatchEvent[]> {
  private readonly queue: (readonly WatchEvent[])[] = [];
  private wake: (() => void) | undefined;
  private error: StorageError | undefined;
  private ended = false;
  private iterated = false;
  private full = false;
  private readonly highWater: number;
  private readonly lowWater: number;

  constructor(private readonly options: BatchQueueOptions) {
    this.highWater = options.highWater ?? 1024;
    this.lowWater = options.lowWater ?? Math.floor(this.highWater / 4);
  }

  /** True once ended or failed; later offers are dropped. */
  get isEnded(): boolean {
    return this.ended;
  }

  /** Queues a batch; returns false when the queue is at its high-water mark (pause the producer). */
  offer(batch: readonly WatchEvent[]): boolean {
    if (this.ended || batch.length === 0) return !this.ended;
    this.queue.push(batch);
    this.signal();
    if (this.queue.length >= this.highWater) this.full = true;
    return !this.full;
  }

  /** Ends the stream with `err` once the queued batches are read. */
  fail(err: StorageError): void {
    if (this.ended) return;
    this.error = err;
    this.ended = true;
    this.signal();
  }

  /** Ends the stream cleanly once the queued batches are read. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.signal();
  }

  [Symbol.asyncIterator](): AsyncIterator<readonly WatchEvent[]> {
    if (this.iterated) throw new Error('a watch stream can be iterated only once');
    this.iterated = true;
    return this;
  }

  async next(): Promise<IteratorResult<readonly WatchEvent[]>> {
    for (;;) {
      const batch = this.queue.shift();
      if (batch !== undefined) {
        if (this.full && this.queue.length <= this.lowWater) {
          this.full = false;
          this.options.onDrained?.();
        }
        return { done: false, value: batch };
      }
      if (this.error !== undefined) {
        const err = this.error;
        this.error = undefined;
        throw err;
      }
      if (this.ended) return { done: true, value: undefined };
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  async return(): Promise<IteratorResult<readonly WatchEvent[]>> {
    this.queue.length = 0;
    this.error = undefined;
    const wasEnded = this.ended;
    this.end();
    if (!wasEnded) this.options.onReturn();
    return { done: true, value: undefined };
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

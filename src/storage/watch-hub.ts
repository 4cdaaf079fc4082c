import type { WatchEvent, WatchOptions, WatchStream } from './backend.js';
import { StorageError } from './errors.js';

/** Reads the events under a prefix from `startRevision` up to now, synchronously; throws Compacted. */
export type HistoryReader = (prefix: string, startRevision: number) => readonly WatchEvent[];

/** What a WatchHub needs from the backend that owns it. */
export interface WatchHubOptions {
  readonly readHistory: HistoryReader;
  readonly currentRevision: () => number;
}

/**
 * Fans committed events out to in-process watchers. Backends call `publish` from their commit path,
 * in revision order, so watchers are fed without polling. Because history is read synchronously in
 * the same tick the watcher is registered, no event can fall between history and live delivery.
 */
export class WatchHub {
  private readonly watchers = new Set<HubWatcher>();

  constructor(private readonly options: WatchHubOptions) {}

  /** Number of open watches. */
  get size(): number {
    return this.watchers.size;
  }

  /** Delivers one committed batch (revision-ordered) to every watcher whose prefix matches. */
  publish(batch: readonly WatchEvent[]): void {
    if (batch.length === 0) return;
    for (const w of this.watchers) w.offer(batch);
  }

  /** Opens a watch; history from `startRevision` is queued before any live event. */
  open(prefix: string, options: WatchOptions = {}): WatchStream {
    const watcher = new HubWatcher(prefix, () => this.watchers.delete(watcher));
    const start = options.startRevision ?? 0;
    if (options.signal?.aborted) {
      watcher.end();
      return watcher;
    }
    try {
      if (start > 0 && start <= this.options.currentRevision()) {
        const history = this.options.readHistory(prefix, start);
        if (history.length > 0) watcher.offer(history);
      }
    } catch (err) {
      watcher.fail(
        err instanceof StorageError ? err : new StorageError('Unavailable', String(err), { cause: err }),
      );
      return watcher;
    }
    this.watchers.add(watcher);
    options.signal?.addEventListener('abort', () => watcher.end(), { once: true });
    return watcher;
  }

  /** Ends every watch cleanly (backend closing). */
  closeAll(): void {
    for (const w of [...this.watchers]) w.end();
  }

  /** Ends every watch with `err` (backend can no longer follow). */
  failAll(err: StorageError): void {
    for (const w of [...this.watchers]) w.fail(err);
  }
}

/** One watcher's queue, consumed as an async iterator exactly once. */
class HubWatcher implements WatchStream, AsyncIterator<readonly WatchEvent[]> {
  private readonly queue: (readonly WatchEvent[])[] = [];
  private wake: (() => void) | undefined;
  private error: StorageError | undefined;
  private ended = false;
  private iterated = false;

  constructor(
    private readonly prefix: string,
    private readonly detach: () => void,
  ) {}

  offer(batch: readonly WatchEvent[]): void {
    if (this.ended) return;
    let matching = batch;
    if (this.prefix !== '' && !batch.every((e) => e.kv.key.startsWith(this.prefix))) {
      matching = batch.filter((e) => e.kv.key.startsWith(this.prefix));
      if (matching.length === 0) return;
    }
    this.queue.push(matching);
    this.signal();
  }

  fail(err: StorageError): void {
    if (this.ended) return;
    this.error = err;
    this.ended = true;
    this.detach();
    this.signal();
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.detach();
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
      if (batch !== undefined) return { done: false, value: batch };
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
    this.end();
    return { done: true, value: undefined };
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

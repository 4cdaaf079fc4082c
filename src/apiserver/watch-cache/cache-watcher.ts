import type { CacheEvent, CachedObject } from './cached-object.js';

/** What a watcher sends: an event for an object, a bookmark, or an error (then it ends). */
export type WatchOutput =
  | { readonly type: 'ADDED' | 'MODIFIED' | 'DELETED'; readonly object: CachedObject }
  | { readonly type: 'BOOKMARK'; readonly revision: number; readonly initialEventsEnd?: boolean }
  | { readonly type: 'ERROR'; readonly reason: 'Expired' | 'Overflow'; readonly message: string };

/** Decides whether a cached object is visible to a watcher (namespace, label and field selectors). */
export type CachedObjectFilter = (object: CachedObject) => boolean;

/** How far a watcher may fall behind before it is closed; its client then re-lists, as upstream. */
const maxQueued = 50_000;

/**
 * One client's view of a resource cache: events after its start revision, filtered, with selector
 * transitions turned into ADDED/DELETED as upstream does. Consumed once as an async iterator.
 */
export class CacheWatcher implements AsyncIterable<WatchOutput> {
  private readonly queue: WatchOutput[] = [];
  private wake: (() => void) | undefined;
  private ended = false;

  constructor(
    readonly filter: CachedObjectFilter,
    readonly wantsBookmarks: boolean,
    private readonly detach: (w: CacheWatcher) => void,
  ) {}

  /** Offers one cache event; only what this watcher can see is queued. */
  offer(event: CacheEvent): void {
    if (this.ended) return;
    const now = this.filter(event.object);
    const before = event.previous !== undefined && this.filter(event.previous);
    switch (event.type) {
      case 'ADDED':
        if (now) this.push({ type: 'ADDED', object: event.object });
        break;
      case 'MODIFIED':
        if (now && before) this.push({ type: 'MODIFIED', object: event.object });
        else if (now) this.push({ type: 'ADDED', object: event.object });
        else if (before) this.push({ type: 'DELETED', object: event.object });
        break;
      case 'DELETED':
        if (before || now) this.push({ type: 'DELETED', object: event.object });
        break;
    }
  }

  /** Queues an output unconditionally (initial events, bookmarks, errors). */
  push(out: WatchOutput): void {
    if (this.ended) return;
    if (this.queue.length >= maxQueued) {
      this.queue.length = 0;
      this.queue.push({
        type: 'ERROR',
        reason: 'Overflow',
        message: 'watch fell too far behind; re-list and watch again',
      });
      this.close();
      return;
    }
    this.queue.push(out);
    this.signal();
  }

  /** Ends the watch after what is queued has been consumed. */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    this.detach(this);
    this.signal();
  }

  /** Takes everything queued now (for writers that batch their output). */
  drain(): WatchOutput[] {
    return this.queue.splice(0, this.queue.length);
  }

  /** Resolves when something is queued or the watch ended. */
  async ready(): Promise<void> {
    if (this.queue.length > 0 || this.ended) return;
    await new Promise<void>((resolve) => (this.wake = resolve));
  }

  /** True once closed and fully drained. */
  get done(): boolean {
    return this.ended && this.queue.length === 0;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<WatchOutput> {
    try {
      for (;;) {
        await this.ready();
        const batch = this.drain();
        for (const out of batch) yield out;
        if (this.ended && this.queue.length === 0) return;
      }
    } finally {
      this.close();
    }
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

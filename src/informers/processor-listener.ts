import type { Logger } from '../base/logger.js';
import type { ResourceEventHandler } from './event-handler.js';

/** One pending call to a handler. */
export type Notification<T> =
  | { readonly type: 'add'; readonly object: T; readonly isInInitialList: boolean }
  | { readonly type: 'update'; readonly oldObject: T; readonly newObject: T }
  | { readonly type: 'delete'; readonly object: T; readonly finalStateUnknown: boolean };

/** Settings of a ProcessorListener. */
export interface ProcessorListenerOptions<T> {
  readonly handler: ResourceEventHandler<T>;
  /** 0 for no resync. */
  readonly resyncPeriodMs: number;
  readonly logger: Logger;
}

/**
 * client-go's processorListener: a handler with its own unbounded queue, drained in a microtask, so
 * notifications reach it in order, never re-entrantly, and a slow or throwing handler does not
 * hold up the others or the reflector.
 */
export class ProcessorListener<T> {
  readonly handler: ResourceEventHandler<T>;
  readonly resyncPeriodMs: number;
  /** When this listener is next due for a resync (ms since the epoch). */
  nextResyncAt = Infinity;
  private readonly logger: Logger;
  private queue: Notification<T>[] = [];
  private head = 0;
  private enqueued = 0;
  private delivered = 0;
  private syncedAt: number | undefined;
  private scheduled = false;
  private removed = false;

  constructor(options: ProcessorListenerOptions<T>) {
    this.handler = options.handler;
    this.resyncPeriodMs = options.resyncPeriodMs;
    this.logger = options.logger;
  }

  /** Queues a notification; delivery happens in a later microtask. */
  enqueue(notification: Notification<T>): void {
    if (this.removed) return;
    this.queue.push(notification);
    this.enqueued++;
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => this.drain());
    }
  }

  /** Marks the informer's sync point: hasSynced turns true once everything queued so far is delivered. */
  markSynced(): void {
    this.syncedAt ??= this.enqueued;
  }

  /** True once the sync point was reached and delivered. */
  hasSynced(): boolean {
    return this.syncedAt !== undefined && this.delivered >= this.syncedAt;
  }

  /** Drops pending notifications and ignores future ones. */
  remove(): void {
    this.removed = true;
    this.queue = [];
    this.head = 0;
  }

  private drain(): void {
    this.scheduled = false;
    while (this.head < this.queue.length && !this.removed) {
      const n = this.queue[this.head++]!;
      this.delivered++;
      try {
        this.deliver(n);
      } catch (err) {
        this.logger.error('event handler failed', { notification: n.type, err });
      }
    }
    if (!this.removed) {
      this.queue = [];
      this.head = 0;
    }
  }

  private deliver(n: Notification<T>): void {
    switch (n.type) {
      case 'add':
        this.handler.onAdd?.(n.object, n.isInInitialList);
        return;
      case 'update':
        this.handler.onUpdate?.(n.oldObject, n.newObject);
        return;
      case 'delete':
        this.handler.onDelete?.(n.object, n.finalStateUnknown);
        return;
    }
  }
}

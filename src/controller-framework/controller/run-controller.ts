import { systemClock } from '../../base/clock.js';
import type { Clock } from '../../base/clock.js';
import { createLogger } from '../../base/logger.js';
import type { Logger } from '../../base/logger.js';
import type { RateLimitingQueue } from '../workqueue/rate-limiting-queue.js';
import { TerminalError } from './reconciler.js';
import type { Reconciler } from './reconciler.js';
import { waitForCacheSync } from './wait-for-cache-sync.js';
import type { HasSynced } from './wait-for-cache-sync.js';

/** What runController is called with. */
export interface RunControllerOptions<T> {
  /** The controller's name, for logs. */
  readonly name: string;
  /** The queue event handlers add keys to; runController shuts it down when it stops. */
  readonly queue: RateLimitingQueue<T>;
  /** How many keys are reconciled at once (never the same key twice). */
  readonly workers: number;
  readonly reconcile: Reconciler<T>;
  /** Stops the controller: the queue shuts down and in-flight reconciles see this signal. */
  readonly signal: AbortSignal;
  /** Caches to wait for before the first reconcile. */
  readonly hasSynced?: readonly HasSynced[];
  readonly clock?: Clock;
  readonly log?: Logger;
}

/**
 * Runs the informer → workqueue → reconcile loop of a controller until `signal` aborts, then
 * waits for in-flight reconciles to return. Success forgets the key's backoff; `requeueAfter`
 * re-adds it after that delay; `requeue` or an error re-adds it rate-limited; a TerminalError
 * is logged and forgotten.
 */
export async function runController<T>(options: RunControllerOptions<T>): Promise<void> {
  const { name, queue, reconcile, signal } = options;
  const log = options.log ?? createLogger('controller').child(name);
  const stop = () => queue.shutDown();
  signal.addEventListener('abort', stop, { once: true });
  try {
    if (signal.aborted) return stop();
    if (options.hasSynced && options.hasSynced.length > 0) {
      log.info('Waiting for caches to sync');
      const synced = await waitForCacheSync({
        hasSynced: options.hasSynced,
        signal,
        clock: options.clock ?? systemClock,
      });
      if (!synced) return stop();
    }
    log.info('Starting workers', { count: options.workers });
    const worker = async (): Promise<void> => {
      for (;;) {
        const [key, shutdown] = await queue.get();
        if (shutdown) return;
        try {
          // After a stop, keys still queued are dropped instead of reconciled with a dead signal.
          if (signal.aborted) continue;
          await reconcileOne(key);
        } finally {
          queue.done(key);
        }
      }
    };
    const reconcileOne = async (key: T): Promise<void> => {
      try {
        const result = await reconcile(key, signal);
        if (result?.requeueAfter !== undefined && result.requeueAfter > 0) {
          queue.forget(key);
          queue.addAfter(key, result.requeueAfter);
        } else if (result?.requeue) {
          queue.addRateLimited(key);
        } else {
          queue.forget(key);
        }
      } catch (err) {
        if (err instanceof TerminalError) {
          log.error('Reconciler error (terminal, not retried)', { key: String(key), err });
          queue.forget(key);
          return;
        }
        log.error('Reconciler error', { key: String(key), err, requeues: queue.numRequeues(key) });
        queue.addRateLimited(key);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.workers) }, () => worker()));
    log.info('Workers stopped');
  } finally {
    signal.removeEventListener('abort', stop);
  }
}

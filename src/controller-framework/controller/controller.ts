import type { Clock } from '../../base/clock.js';
import type { Logger } from '../../base/logger.js';
import { RateLimitingQueue } from '../workqueue/rate-limiting-queue.js';
import type { RateLimiter } from '../workqueue/rate-limiter.js';
import type { WorkqueueMetrics } from '../workqueue/workqueue-metrics.js';
import type { Reconciler } from './reconciler.js';
import type { Runnable } from './runnable.js';
import { runController } from './run-controller.js';
import type { HasSynced } from './wait-for-cache-sync.js';

/** What a Controller is created with. */
export interface ControllerOptions<T> {
  /** Names the controller in logs and its queue in workqueue metrics. */
  readonly name: string;
  readonly reconcile: Reconciler<T>;
  /** Concurrent reconciles (default 1). */
  readonly workers?: number;
  /** Caches to wait for before the first reconcile. */
  readonly hasSynced?: readonly HasSynced[];
  readonly rateLimiter?: RateLimiter<T>;
  readonly metrics?: WorkqueueMetrics;
  readonly clock?: Clock;
  readonly log?: Logger;
}

/**
 * A controller as a Runnable: event handlers call `enqueue(key)` (and nothing else), `start`
 * runs the workers. It runs once; the queue is shut down when it stops.
 */
export class Controller<T = string> implements Runnable {
  /** The queue handlers add keys to. */
  readonly queue: RateLimitingQueue<T>;
  private readonly options: ControllerOptions<T>;

  constructor(options: ControllerOptions<T>) {
    this.options = options;
    this.queue = new RateLimitingQueue<T>({
      name: options.name,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.metrics ? { metrics: options.metrics } : {}),
      ...(options.rateLimiter ? { rateLimiter: options.rateLimiter } : {}),
    });
  }

  /** Asks for `key` to be reconciled; for informer event handlers. */
  enqueue(key: T): void {
    this.queue.add(key);
  }

  /** Runs the workers until `signal` aborts. */
  start(signal: AbortSignal): Promise<void> {
    const { name, reconcile, hasSynced, clock, log } = this.options;
    return runController({
      name,
      queue: this.queue,
      workers: this.options.workers ?? 1,
      reconcile,
      signal,
      ...(hasSynced ? { hasSynced } : {}),
      ...(clock ? { clock } : {}),
      ...(log ? { log } : {}),
    });
  }
}

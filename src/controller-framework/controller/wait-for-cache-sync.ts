import { systemClock } from '../../base/clock.js';
import type { Clock } from '../../base/clock.js';

/** Reports whether one informer's cache has completed its initial list. */
export type HasSynced = () => boolean;

/** What waitForCacheSync is called with. */
export interface WaitForCacheSyncOptions {
  readonly hasSynced: readonly HasSynced[];
  readonly signal: AbortSignal;
  readonly clock?: Clock;
  /** How often to check, in milliseconds (upstream polls every 100 ms). */
  readonly pollMs?: number;
}

/**
 * Resolves true once every cache has synced, or false if the signal aborts first. Controllers
 * must not act before this: a reconcile against a half-filled cache would delete what it has not
 * seen yet.
 */
export async function waitForCacheSync(options: WaitForCacheSyncOptions): Promise<boolean> {
  const clock = options.clock ?? systemClock;
  const pollMs = options.pollMs ?? 100;
  for (;;) {
    if (options.signal.aborted) return false;
    if (options.hasSynced.every((synced) => synced())) return true;
    try {
      await clock.sleep(pollMs, options.signal);
    } catch {
      return false;
    }
  }
}

// How a following read waits for more log: a directory watch on the log's folder (inotify sees the
// runtime's writes, and the rename and new file of a rotation) with a periodic wake-up as upstream's
// 1 s logForceCheckPeriod, so a lost or unsupported watch only makes following slower.
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { Clock } from '../../base/clock.js';

/** Wakes a waiting reader when the log's directory changes, or after `pollMs`. */
export class LogChangeWaiter {
  private watcher: FSWatcher | undefined;
  private changed = false;
  private wake: (() => void) | undefined;

  constructor(
    logPath: string,
    private readonly clock: Clock,
    private readonly pollMs: number,
  ) {
    try {
      this.watcher = watch(path.dirname(logPath), { persistent: false }, () => this.notify());
      // Out of inotify watches or the directory went away: polling still works.
      this.watcher.on('error', () => this.close());
    } catch {
      this.watcher = undefined;
    }
  }

  private notify(): void {
    this.changed = true;
    this.wake?.();
  }

  /**
   * Resolves at the next change (at once if one happened since the last wait: writes that land
   * while the reader reads are never missed) or after the poll period; rejects when aborted.
   */
  async wait(signal?: AbortSignal): Promise<void> {
    if (this.changed) {
      this.changed = false;
      return;
    }
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      // An abort ends the sleep early; it is reported below, not as the sleep's rejection.
      const sleep = this.clock.sleep(this.pollMs, controller.signal).catch(() => undefined);
      await Promise.race([new Promise<void>((resolve) => (this.wake = resolve)), sleep]);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      controller.abort();
      this.wake = undefined;
      this.changed = false;
    }
    if (signal?.aborted) throw signal.reason;
  }

  /** Stops watching. */
  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }
}

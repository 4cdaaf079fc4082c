// Upstream's ControllerExpectations: how many creates and deletes a controller still waits to see
// in its informer cache, so it does not act twice on a cache that has not caught up yet.
import type { Clock } from '../../base/clock.js';

/** Expectations not observed for this long are assumed lost (upstream's ExpectationsTimeout). */
export const expectationsTimeoutMs = 5 * 60 * 1000;

interface Expectation {
  add: number;
  del: number;
  timestamp: number;
}

/** What ControllerExpectations is created with. */
export interface ControllerExpectationsOptions {
  readonly clock: Clock;
}

/** Per-key counts of pending creates and deletes; satisfied when both reach zero or they expire. */
export class ControllerExpectations {
  private readonly clock: Clock;
  private readonly items = new Map<string, Expectation>();

  constructor(options: ControllerExpectationsOptions) {
    this.clock = options.clock;
  }

  /** True when the key expects nothing more, never expected anything, or its expectations expired. */
  satisfied(key: string): boolean {
    const e = this.items.get(key);
    if (e === undefined) return true;
    if (e.add <= 0 && e.del <= 0) return true;
    return this.clock.now() - e.timestamp > expectationsTimeoutMs;
  }

  /** Replaces the key's expectations. */
  set(key: string, add: number, del: number): void {
    this.items.set(key, { add, del, timestamp: this.clock.now() });
  }

  /** Expects `n` creations. */
  expectCreations(key: string, n: number): void {
    this.set(key, n, 0);
  }

  /** Expects `n` deletions. */
  expectDeletions(key: string, n: number): void {
    this.set(key, 0, n);
  }

  /** Lowers the pending counts (an observed or abandoned create/delete). */
  lower(key: string, add: number, del: number): void {
    const e = this.items.get(key);
    if (e === undefined) return;
    e.add -= add;
    e.del -= del;
  }

  /** One create was observed (or will never be). */
  creationObserved(key: string): void {
    this.lower(key, 1, 0);
  }

  /** One delete was observed (or will never be). */
  deletionObserved(key: string): void {
    this.lower(key, 0, 1);
  }

  /** Forgets the key (its owner is gone). */
  delete(key: string): void {
    this.items.delete(key);
  }
}

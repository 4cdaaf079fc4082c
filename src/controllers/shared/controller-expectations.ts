import type { Clock } from '../../base/clock.js';

// Upstream's ExpectationsTimeout: a controller that never sees the watch events it waits for wakes
// up after this long anyway.
const expectationsTimeoutMs = 5 * 60 * 1000;

interface Expectation {
  add: number;
  del: number;
  readonly at: number;
  /** Keys ("ns/name") of the pods whose deletion is awaited (UIDTrackingControllerExpectations). */
  readonly deleteKeys: Set<string>;
}

/** What ControllerExpectations is created with. */
export interface ControllerExpectationsOptions {
  readonly clock: Clock;
}

/**
 * controller.UIDTrackingControllerExpectations: how many creations and which deletions a controller
 * waits to observe before it syncs a key again, so it never acts twice on a stale cache.
 */
export class ControllerExpectations {
  private readonly byKey = new Map<string, Expectation>();
  private readonly clock: Clock;

  constructor(options: ControllerExpectationsOptions) {
    this.clock = options.clock;
  }

  /** True when nothing is awaited for `key`: fulfilled, expired, or never set. */
  satisfied(key: string): boolean {
    const e = this.byKey.get(key);
    if (e === undefined) return true;
    return (e.add <= 0 && e.del <= 0) || this.clock.now() - e.at > expectationsTimeoutMs;
  }

  /** Awaits `count` pod creations (replacing earlier expectations). */
  expectCreations(key: string, count: number): void {
    this.byKey.set(key, { add: count, del: 0, at: this.clock.now(), deleteKeys: new Set() });
  }

  /** Awaits the deletion of these pods (replacing earlier expectations). */
  expectDeletions(key: string, podKeys: readonly string[]): void {
    const deleteKeys = new Set(podKeys);
    this.byKey.set(key, { add: 0, del: deleteKeys.size, at: this.clock.now(), deleteKeys });
  }

  /** One awaited creation was seen (or will never happen). */
  creationObserved(key: string): void {
    const e = this.byKey.get(key);
    if (e !== undefined) e.add--;
  }

  /** The deletion of `podKey` was seen (or will never happen); counted once per pod. */
  deletionObserved(key: string, podKey: string): void {
    const e = this.byKey.get(key);
    if (e === undefined || !e.deleteKeys.delete(podKey)) return;
    e.del--;
  }

  /** Forgets `key` (its controller is gone). */
  delete(key: string): void {
    this.byKey.delete(key);
  }
}

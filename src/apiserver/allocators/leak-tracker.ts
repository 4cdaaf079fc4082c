/** How many consecutive repair passes must find an item leaked before it is released. */
export interface LeakTrackerOptions {
  /** Upstream's numRepairsBeforeLeakCleanup is 3; 1 releases a leak on the pass that finds it. */
  readonly passesBeforeRelease?: number;
}

/**
 * Remembers, between periodic repair passes, which allocated items no Service used. An item is
 * allocated before the Service holding it is written, so a pass that lists Services in that gap
 * sees a "leak" that is really a create in flight (possibly on another apiserver); releasing it
 * could hand the item out twice. Like upstream, an item is released only when several passes in a
 * row have found it unused.
 */
export class LeakTracker {
  readonly passesBeforeRelease: number;
  /** Per range (storage key): item → passes that have already found it leaked. */
  private readonly sightings = new Map<string, ReadonlyMap<string, number>>();

  constructor(options: LeakTrackerOptions = {}) {
    this.passesBeforeRelease = Math.max(1, Math.floor(options.passesBeforeRelease ?? 3));
  }

  /** True when `item` of `range`, found leaked by the current pass, must still be kept allocated. */
  holds(range: string, item: string): boolean {
    return (this.sightings.get(range)?.get(item) ?? 0) + 1 < this.passesBeforeRelease;
  }

  /** Records a committed pass over `range`: `held` items count one more sighting, all others are forgotten. */
  record(range: string, held: readonly string[]): void {
    const previous = this.sightings.get(range);
    this.sightings.set(range, new Map(held.map((item) => [item, (previous?.get(item) ?? 0) + 1])));
  }
}

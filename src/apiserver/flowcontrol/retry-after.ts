const maxRetryAfterSeconds = 32;

/**
 * The Retry-After a priority level's rejections carry (upstream's dropped-requests tracker): 1 s,
 * doubled (up to 32 s) while it keeps dropping at least 3 requests per second of the current hint,
 * and stepped back down a second at a time once drops thin out. Keyed by whole seconds of `now`.
 */
export class RetryAfterTracker {
  private readonly levels = new Map<string, LevelDrops>();

  constructor(private readonly now: () => number) {}

  /** Notes one rejected request of the level. */
  recordDropped(level: string): void {
    let drops = this.levels.get(level);
    if (drops === undefined) this.levels.set(level, (drops = new LevelDrops()));
    drops.record(Math.floor(this.now() / 1000));
  }

  /** The Retry-After seconds to send with the level's rejection. */
  retryAfter(level: string): number {
    return this.levels.get(level)?.retryAfter ?? 1;
  }
}

class LevelDrops {
  retryAfter = 1;
  private history: { second: number; count: number }[] = [];
  private currentSecond = 0;
  private currentCount = 0;
  private lastRaised = 0;

  record(second: number): void {
    if (second === this.currentSecond) {
      this.currentCount++;
      return;
    }
    this.remember(this.currentSecond, this.currentCount);
    this.currentSecond = second;
    this.currentCount = 1;
    this.adjust(second);
  }

  private remember(second: number, count: number): void {
    this.history.push({ second, count });
    const keep = Math.min(2 * this.retryAfter, maxRetryAfterSeconds);
    const first = this.history.findIndex((h) => second - h.second <= keep);
    this.history = first < 0 ? [] : this.history.slice(first);
  }

  private adjust(second: number): void {
    let dropped = 0;
    for (let i = this.history.length - 1; i >= 0; i--) {
      const h = this.history[i]!;
      if (second - h.second > this.retryAfter) break;
      if (h.second < second) dropped += h.count;
    }
    if (second - this.lastRaised >= this.retryAfter && dropped >= 3 * this.retryAfter) {
      this.retryAfter = Math.min(2 * this.retryAfter, maxRetryAfterSeconds);
      this.lastRaised = second;
    } else if (dropped < this.retryAfter && this.retryAfter > 1) {
      this.retryAfter--;
    }
  }
}

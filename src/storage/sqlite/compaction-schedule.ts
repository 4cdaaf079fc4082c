import { type Clock, systemClock } from '../../base/clock.js';
/** Time source for automatic compaction: the part of the shared Clock it uses. */
export type CompactionClock = Pick<Clock, 'now' | 'after'>;

export { systemClock };

/** What the schedule needs from its backend. */
export interface CompactionScheduleOptions {
  readonly clock: CompactionClock;
  /** How often to look (and sample the revision). */
  readonly intervalMs: number;
  /** How much history to keep: revisions written within this window stay readable. */
  readonly retainMs: number;
  readonly currentRevision: () => number;
  readonly compactedRevision: () => number;
  readonly compact: (revision: number) => Promise<void>;
}

interface Sample {
  readonly at: number;
  readonly revision: number;
}

/**
 * Automatic compaction that keeps a time window of history, like the apiserver's compactor: every
 * interval it notes the current revision, and compacts to the newest noted revision that is at least
 * `retainMs` old. Everything written after that note was written within the window, and stays.
 * Notes are not persisted: after a restart the first compaction waits a full window, keeping more
 * history rather than less.
 */
export class CompactionSchedule {
  private samples: Sample[] = [];
  private cancel: (() => void) | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  private lastError: unknown;

  constructor(private readonly options: CompactionScheduleOptions) {}

  /** The error of the most recent failed automatic compaction, cleared by the next success. */
  get error(): unknown {
    return this.lastError;
  }

  /** Starts ticking. */
  start(): void {
    this.stopped = false;
    this.arm();
  }

  /** Stops ticking; resolves once a compaction it started has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancel?.();
    this.cancel = undefined;
    await this.running;
  }

  /** Resolves once the compaction started by the latest tick (if any) has finished. */
  idle(): Promise<void> {
    return this.running;
  }

  private arm(): void {
    if (this.stopped) return;
    this.cancel = this.options.clock.after(this.options.intervalMs, () => this.tick());
  }

  private tick(): void {
    this.cancel = undefined;
    const { clock, retainMs } = this.options;
    const now = clock.now();
    this.samples.push({ at: now, revision: this.options.currentRevision() });
    let target: Sample | undefined;
    while (this.samples.length > 0 && this.samples[0]!.at <= now - retainMs) target = this.samples.shift();
    // The newest old-enough note still bounds later ticks, so it goes back at the front.
    if (target !== undefined) this.samples.unshift(target);
    if (target === undefined || target.revision <= this.options.compactedRevision()) {
      this.arm();
      return;
    }
    // The next tick is armed only when this compaction is done, so two never overlap.
    this.running = this.options.compact(target.revision).then(
      () => {
        this.lastError = undefined;
        this.arm();
      },
      (err: unknown) => {
        this.lastError = err;
        this.arm();
      },
    );
  }
}

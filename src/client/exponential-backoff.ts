import { systemClock, type Clock } from '../base/clock.js';

/** Settings of an ExponentialBackoff (durations in milliseconds). */
export interface ExponentialBackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
  /** Growth per step (default 2). */
  readonly factor?: number;
  /** Each delay gets up to `jitter` × itself added at random (default 0). */
  readonly jitter?: number;
  /** When no delay was asked for this long, start again from `initialMs` (default never). */
  readonly resetAfterMs?: number;
  readonly clock?: Clock;
  /** Source of randomness in [0, 1); injectable so tests get exact delays. */
  readonly random?: () => number;
}

/**
 * client-go's exponential backoff manager: delays grow from `initialMs` by `factor` up to `maxMs`,
 * jitter is added on top (so a delay may exceed `maxMs` by up to `jitter` × `maxMs`, as upstream),
 * and a quiet period of `resetAfterMs` starts the sequence over.
 */
export class ExponentialBackoff {
  private readonly options: ExponentialBackoffOptions;
  private readonly clock: Clock;
  private readonly random: () => number;
  private current: number;
  private lastAt: number | undefined;

  constructor(options: ExponentialBackoffOptions) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.current = options.initialMs;
  }

  /** The next delay to wait. */
  next(): number {
    const now = this.clock.now();
    const { resetAfterMs } = this.options;
    if (this.lastAt !== undefined && resetAfterMs !== undefined && now - this.lastAt > resetAfterMs) {
      this.current = this.options.initialMs;
    }
    this.lastAt = now;
    const base = this.current;
    this.current = Math.min(this.options.maxMs, base * (this.options.factor ?? 2));
    const jitter = this.options.jitter ?? 0;
    return jitter > 0 ? base + base * jitter * this.random() : base;
  }

  /** Starts over from `initialMs`. */
  reset(): void {
    this.current = this.options.initialMs;
    this.lastAt = undefined;
  }
}

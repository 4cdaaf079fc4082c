import type { Clock } from '../../base/clock.js';
import type { Logger } from '../../base/logger.js';

/** What runPeriodically is called with. */
export interface RunPeriodicallyOptions {
  readonly clock: Clock;
  /** The pause between the end of one run and the start of the next (wait.Until's period). */
  readonly periodMs: number;
  readonly signal: AbortSignal;
  /** Where a failed run is logged; the loop carries on either way. */
  readonly log?: Logger;
}

/**
 * Runs `fn` at once and then again `periodMs` after each run ends, until `signal` aborts
 * (upstream's wait.Until). Resolves once stopped. Sleeping on the injected clock lets tests drive
 * the loop with a FakeClock.
 */
export async function runPeriodically(
  fn: () => Promise<void> | void,
  options: RunPeriodicallyOptions,
): Promise<void> {
  const { clock, periodMs, signal } = options;
  while (!signal.aborted) {
    try {
      await fn();
    } catch (err) {
      options.log?.error('periodic run failed', { err });
    }
    try {
      await clock.sleep(periodMs, signal);
    } catch {
      return;
    }
  }
}

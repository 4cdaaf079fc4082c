import { systemClock } from '../../base/clock.js';
import type { Clock } from '../../base/clock.js';
import { createLogger } from '../../base/logger.js';
import type { Logger } from '../../base/logger.js';
import { LeaderElector } from '../leader-election/leader-elector.js';
import type { LeaderElectorOptions } from '../leader-election/leader-elector.js';
import type { Runnable } from './runnable.js';
import { waitForCacheSync } from './wait-for-cache-sync.js';
import type { HasSynced } from './wait-for-cache-sync.js';

/** What a Manager is created with. */
export interface ManagerOptions {
  /** Caches every runnable needs; nothing starts before they have synced. */
  readonly hasSynced?: readonly HasSynced[];
  /** Run leader-elected runnables only while this replica holds the lease (default: always run). */
  readonly leaderElection?: Omit<LeaderElectorOptions, 'callbacks' | 'clock' | 'log'>;
  readonly clock?: Clock;
  readonly log?: Logger;
}

/**
 * Runs a component's runnables together (controller-runtime's Manager, trimmed): waits for the
 * caches, starts runnables that need no leader at once and the others while leading, and stops
 * them all when the signal aborts, a runnable fails, or leadership is lost.
 */
export class Manager {
  private readonly runnables: Runnable[] = [];
  private readonly options: ManagerOptions;
  private readonly clock: Clock;
  private readonly log: Logger;
  private started = false;

  constructor(options: ManagerOptions = {}) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? createLogger('manager');
  }

  /** Adds a runnable; only before start. */
  add(runnable: Runnable): void {
    if (this.started) throw new Error('manager: cannot add a runnable after start');
    this.runnables.push(runnable);
  }

  /**
   * Runs until `signal` aborts and every runnable has returned. Rejects with the first runnable
   * failure, or with "leader election lost", after stopping the rest.
   */
  async start(signal: AbortSignal): Promise<void> {
    if (this.started) throw new Error('manager: start may be called only once');
    this.started = true;
    const stopAll = new AbortController();
    const running = AbortSignal.any([signal, stopAll.signal]);
    const failures: unknown[] = [];
    const tasks: Promise<void>[] = [];
    const run = (runnable: Runnable, runSignal: AbortSignal) => {
      tasks.push(
        runnable.start(runSignal).catch((err: unknown) => {
          failures.push(err);
          this.log.error('runnable failed, stopping the manager', { err });
          stopAll.abort(err);
        }),
      );
    };

    const synced = await waitForCacheSync({
      hasSynced: this.options.hasSynced ?? [],
      signal: running,
      clock: this.clock,
    });
    if (!synced) return;

    const election = this.options.leaderElection;
    for (const r of this.runnables)
      if (election === undefined || r.needLeaderElection === false) run(r, running);
    if (election !== undefined) {
      const elector = new LeaderElector({
        ...election,
        clock: this.clock,
        log: this.log.child('leaderelection'),
        callbacks: {
          onStartedLeading: async (leading) => {
            const before = tasks.length;
            for (const r of this.runnables) if (r.needLeaderElection !== false) run(r, leading);
            // The lease is released only after the leader's runnables have returned.
            await Promise.all(tasks.slice(before));
          },
        },
      });
      await elector.run(running);
      if (elector.phase === 'Lost') {
        failures.push(new Error('leader election lost'));
        stopAll.abort(failures[0]);
      }
    }
    await Promise.all(tasks);
    if (failures.length > 0) throw failures[0];
  }
}

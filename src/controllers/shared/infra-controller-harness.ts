// Runs controllers in-process against a real apiserver for integration tests: the same
// setup → informers start → caches sync → run sequence as the controller manager.
import { setTimeout as delay } from 'node:timers/promises';
import { systemClock, type Clock, type FakeClock } from '../../base/clock.js';
import { createLogger, type Logger } from '../../base/logger.js';
import type { KubeClient } from '../../client/index.js';
import { EventBroadcaster, kubeEventSink, type EventRecorder } from '../../controller-framework/index.js';
import { SharedInformerFactory } from '../../informers/index.js';
import type { ControllerContext, ControllerDescriptor } from '../controller-context.js';

/** What a ControllerHarness is created with. */
export interface ControllerHarnessOptions {
  readonly client: KubeClient;
  /** The controllers' clock (informers and the client keep real time). */
  readonly clock?: Clock;
  readonly log?: Logger;
}

/** Controllers running in this process until stop(). */
export class ControllerHarness {
  readonly informers: SharedInformerFactory;
  readonly clock: Clock;
  private readonly client: KubeClient;
  private readonly log: Logger;
  private readonly broadcaster: EventBroadcaster;
  private readonly abort = new AbortController();
  private runs: Promise<void>[] = [];

  constructor(options: ControllerHarnessOptions) {
    this.client = options.client;
    this.clock = options.clock ?? systemClock;
    // K8TS_TEST_LOG=1 shows the controllers' logs when debugging a test.
    this.log =
      options.log ??
      (process.env['K8TS_TEST_LOG'] ? createLogger('test') : createLogger('test', { write: () => {} }));
    this.informers = new SharedInformerFactory({ client: this.client, logger: this.log });
    this.broadcaster = new EventBroadcaster({
      sink: kubeEventSink(this.client),
      clock: this.clock,
      log: this.log,
    });
  }

  /** The context every controller is set up with. */
  context(): ControllerContext {
    const broadcaster = this.broadcaster;
    return {
      client: this.client,
      informers: this.informers,
      clock: this.clock,
      log: this.log,
      recorder: (component: string): EventRecorder => broadcaster.newRecorder({ component }),
      signal: this.abort.signal,
    };
  }

  /** Sets up each controller, starts the informers, waits for their caches, then runs them. */
  async start(descriptors: readonly ControllerDescriptor[]): Promise<void> {
    const ctx = this.context();
    const runners = descriptors.map((d) => d.setup(ctx, d.defaultWorkers));
    this.informers.start(this.abort.signal);
    if (!(await this.informers.waitForCacheSync(this.abort.signal))) throw new Error('caches did not sync');
    this.runs = runners.map((r) => r.run());
  }

  /** Stops the controllers and informers and flushes events. */
  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.runs);
    await this.informers.shutdown();
    await this.broadcaster.shutdown();
  }
}

/**
 * Polls `check` like `eventually`, moving the fake clock forward by `stepMs` between attempts and
 * yielding real time so API round trips complete.
 */
export async function advanceUntil<R>(
  clock: FakeClock,
  check: () => R | Promise<R>,
  options: { stepMs?: number; timeoutMs?: number } = {},
): Promise<R> {
  const stepMs = options.stepMs ?? 1000;
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() >= deadline) throw err;
    }
    await clock.advance(stepMs);
    await delay(10);
  }
}

import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import type { Clock } from '../base/clock.js';
import type { Logger } from '../base/logger.js';
import { Registry } from '../base/metrics/index.js';
import type { KubeClient } from '../client/index.js';
import {
  EventBroadcaster,
  LeaderElector,
  LeaseLock,
  kubeEventSink,
  kubeLeaseClient,
} from '../controller-framework/index.js';
import { SharedInformerFactory, stripManagedFields } from '../informers/index.js';
import { listersOf, schedulerInformers } from './cluster-informers.js';
import { defaultConfiguration } from './config/defaults.js';
import type { SchedulerConfiguration } from './config/types.js';
import { addAllEventHandlers } from './event-handlers.js';
import { podEventRecorder } from './pod-event-recorder.js';
import { Scheduler } from './scheduler.js';

/** What startScheduler is given. */
export interface StartSchedulerOptions {
  readonly client: KubeClient;
  /** A factory shared with other components of the process (default: one of its own). */
  readonly informers?: SharedInformerFactory;
  readonly clock: Clock;
  readonly log: Logger;
  /** The defaulted configuration (default: upstream's defaults, one default-scheduler profile). */
  readonly config?: SchedulerConfiguration;
  /** Stops everything. */
  readonly signal: AbortSignal;
  /** Schedule only while holding the Lease named in config.leaderElection (default false). */
  readonly leaderElect?: boolean;
  /** Binding cycles in flight at most (default 128). */
  readonly bindConcurrency?: number;
  /** Where the metrics go (default: a registry of its own, returned as `metrics`). */
  readonly metricsRegistry?: Registry;
}

/** A started scheduler. */
export interface RunningScheduler {
  readonly scheduler: Scheduler;
  readonly metrics: Registry;
  /** Resolves once the informers have synced (scheduling may still wait for leadership). */
  readonly ready: Promise<void>;
  /** Resolves once stopped; rejects when leadership was lost. */
  readonly done: Promise<void>;
  /** True while this instance schedules (always, without leader election). */
  isLeader(): boolean;
}

/**
 * Starts kube-scheduler: informers, the event recorder, the scheduling loop (under leader
 * election when asked). Everything stops when `signal` aborts.
 */
export function startScheduler(options: StartSchedulerOptions): RunningScheduler {
  const { client, clock, log } = options;
  // One signal for everything the scheduler starts: a dozen informers and the loop each listen on it.
  const stop = new AbortController();
  setMaxListeners(100, stop.signal);
  if (options.signal.aborted) stop.abort(options.signal.reason);
  else options.signal.addEventListener('abort', () => stop.abort(options.signal.reason), { once: true });
  const signal = stop.signal;
  const config = options.config ?? defaultConfiguration();
  const ownsFactory = options.informers === undefined;
  const factory =
    options.informers ??
    // Upstream's scheduler drops managedFields from its pod cache; nothing here reads them on any kind.
    new SharedInformerFactory({
      client,
      clock,
      logger: log.child('informers'),
      transform: stripManagedFields,
    });
  const informers = schedulerInformers(factory);
  const broadcaster = new EventBroadcaster({ sink: kubeEventSink(client), clock, log: log.child('events') });
  const metrics = options.metricsRegistry ?? new Registry();
  const scheduler = new Scheduler({
    config,
    listers: listersOf(informers),
    client,
    recorderFor: (name) => podEventRecorder(broadcaster.newRecorder({ component: name })),
    metricsRegistry: metrics,
    ...(options.bindConcurrency !== undefined ? { bindConcurrency: options.bindConcurrency } : {}),
    clock,
    log,
  });
  addAllEventHandlers(scheduler, informers);
  factory.start(signal);

  let leading = !options.leaderElect;
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const run = async (): Promise<void> => {
    const synced = await factory.waitForCacheSync(signal);
    if (!synced) return;
    markReady();
    log.info('caches synced', { profiles: [...scheduler.profiles.keys()].join(',') });
    if (!options.leaderElect) {
      await scheduler.run(signal);
      return;
    }
    const le = config.leaderElection;
    const identity = `${hostname()}_${randomUUID()}`;
    const elector = new LeaderElector({
      lock: new LeaseLock({
        client: kubeLeaseClient(client),
        namespace: le.resourceNamespace,
        name: le.resourceName,
      }),
      identity,
      leaseDurationMs: le.leaseDurationMs,
      renewDeadlineMs: le.renewDeadlineMs,
      retryPeriodMs: le.retryPeriodMs,
      releaseOnCancel: true,
      clock,
      log: log.child('leaderelection'),
      callbacks: {
        onStartedLeading: async (leadingSignal) => {
          leading = true;
          log.info('started leading', { identity });
          try {
            await scheduler.run(leadingSignal);
          } finally {
            leading = false;
          }
        },
        onNewLeader: (id) => {
          if (id !== identity) log.info('new leader elected', { leader: id });
        },
      },
    });
    await elector.run(signal);
    if (elector.phase === 'Lost') throw new Error('leaderelection lost');
  };
  const done = run().finally(async () => {
    await broadcaster.shutdown();
    if (ownsFactory) await factory.shutdown();
  });
  // The caller may never await `done`; a lost election is still logged.
  done.catch((err: unknown) => log.error('scheduler stopped', { err }));
  return { scheduler, metrics, ready, done, isLeader: () => leading };
}

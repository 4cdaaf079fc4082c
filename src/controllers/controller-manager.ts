import { hostname } from 'node:os';
import { systemClock, type Clock } from '../base/clock.js';
import { createLogger, type Logger } from '../base/logger.js';
import type { KubeClient } from '../client/index.js';
import {
  EventBroadcaster,
  kubeEventSink,
  kubeLeaseClient,
  LeaderElector,
  LeaseLock,
} from '../controller-framework/index.js';
import { SharedInformerFactory } from '../informers/index.js';
import { builtinControllers, type BuiltinControllerSettings } from './all-controllers.js';
import type { ControllerContext, ControllerDescriptor } from './controller-context.js';

/** How to run the controller manager. */
export interface ControllerManagerOptions {
  readonly client: KubeClient;
  /**
   * Upstream's --controllers: names to enable, `*` for all defaults, `-name` to disable
   * (e.g. ["*", "-garbage-collector"]). Default ["*"].
   */
  readonly controllers?: readonly string[];
  /** Worker counts by controller name (the --concurrent-*-syncs flags); defaults are upstream's. */
  readonly workers?: Readonly<Record<string, number>>;
  /** Compete for the kube-system/kube-controller-manager Lease and run only while leading. */
  readonly leaderElect?: boolean;
  readonly clock?: Clock;
  readonly log?: Logger;
  readonly signal: AbortSignal;
  /** Extra controllers (tests); appended to the built-in list. */
  readonly extra?: readonly ControllerDescriptor[];
  /** Flag-derived settings of the built-in controllers (CA file, cluster CIDRs). */
  readonly settings?: BuiltinControllerSettings;
}

/** The descriptors `--controllers` selects, in registration order; unknown names are an error. */
export function selectControllers(
  spec: readonly string[],
  available: readonly ControllerDescriptor[],
): ControllerDescriptor[] {
  const names = new Set(available.map((c) => c.name));
  for (const s of spec) {
    const name = s.replace(/^-/, '');
    if (name !== '*' && !names.has(name))
      throw new Error(`"${name}" is not in the list of known controllers`);
  }
  const all = spec.includes('*');
  return available.filter((c) => !spec.includes(`-${c.name}`) && (all || spec.includes(c.name)));
}

/**
 * The controller manager: every enabled controller over one shared informer factory and one
 * event broadcaster, optionally behind leader election, until `signal` aborts.
 */
export async function runControllerManager(options: ControllerManagerOptions): Promise<void> {
  const log = options.log ?? createLogger('controller-manager');
  const clock = options.clock ?? systemClock;
  const selected = selectControllers(options.controllers ?? ['*'], [
    ...builtinControllers(options.settings),
    ...(options.extra ?? []),
  ]);
  const run = async (signal: AbortSignal): Promise<void> => {
    const informers = new SharedInformerFactory({
      client: options.client,
      clock,
      logger: log.child('informers'),
    });
    const broadcaster = new EventBroadcaster({ sink: kubeEventSink(options.client), clock });
    const ctx = (name: string): ControllerContext => ({
      client: options.client,
      informers,
      clock,
      log: log.child(name),
      recorder: (component) => broadcaster.newRecorder({ component }),
      signal,
    });
    const runners = selected.map((d) => ({
      name: d.name,
      runner: d.setup(ctx(d.name), options.workers?.[d.name] ?? d.defaultWorkers),
    }));
    informers.start(signal);
    if (!(await informers.waitForCacheSync(signal))) return;
    log.info('caches synced; starting controllers', { controllers: runners.map((r) => r.name).join(',') });
    await Promise.all(
      runners.map((r) =>
        r.runner.run().catch((err: unknown) => log.error('controller failed', { controller: r.name, err })),
      ),
    );
    await informers.shutdown();
    await broadcaster.shutdown();
  };
  if (!options.leaderElect) return run(options.signal);
  const identity = `${hostname()}_${crypto.randomUUID()}`;
  const elector = new LeaderElector({
    lock: new LeaseLock({
      client: kubeLeaseClient(options.client),
      namespace: 'kube-system',
      name: 'kube-controller-manager',
    }),
    identity,
    releaseOnCancel: true,
    clock,
    log: log.child('leader-election'),
    callbacks: {
      onStartedLeading: (signal) => {
        log.info('became leader', { identity });
        return run(signal);
      },
      onNewLeader: (leader) => log.info('leader is', { leader }),
    },
  });
  await elector.run(options.signal);
}

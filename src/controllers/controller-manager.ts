import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import { systemClock, type Clock } from '../base/clock.js';
import { createLogger, type Logger } from '../base/logger.js';
import type { KubeClient, KubeClientSettings } from '../client/index.js';
import {
  EventBroadcaster,
  kubeEventSink,
  kubeLeaseClient,
  LeaderElector,
  LeaseLock,
} from '../controller-framework/index.js';
import { SharedInformerFactory, stripManagedFields } from '../informers/index.js';
import { builtinControllers, type BuiltinControllerSettings } from './all-controllers.js';
import type { ControllerContext, ControllerDescriptor } from './controller-context.js';
import { controllerServiceAccountName } from './controller-service-accounts.js';
import { ServiceAccountClientBuilder, type TokenClientFactory } from './service-account-client-builder.js';

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
  /**
   * Upstream's --use-service-account-credentials: each controller talks to the apiserver as
   * system:serviceaccount:kube-system:<its account> (controller-service-accounts.ts) with a token
   * the manager gets through `client` and renews; this builds those token-only clients. The shared
   * informers, leader election and the manager's own calls stay on `client`.
   */
  readonly serviceAccountCredentials?: ServiceAccountCredentials;
}

/** How the controller manager makes the per-controller clients of --use-service-account-credentials. */
export interface ServiceAccountCredentials {
  /** A client with the manager's server and trust and no credentials but the given token. */
  readonly newClient: TokenClientFactory;
  /** Rate limits of each controller client (default: the client's defaults). */
  readonly settings?: KubeClientSettings;
}

/**
 * The descriptors `--controllers` selects, in registration order: `*` is every controller not
 * disabled by default, a name adds that one, `-name` removes it. Unknown names are an error.
 */
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
  return available.filter(
    (c) => !spec.includes(`-${c.name}`) && ((all && c.disabledByDefault !== true) || spec.includes(c.name)),
  );
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
    // Every controller's workers and every informer listen for the stop: dozens, by design.
    setMaxListeners(0, signal);
    const informers = new SharedInformerFactory({
      client: options.client,
      clock,
      logger: log.child('informers'),
      // As upstream's controller manager: no controller reads managedFields; caching them costs memory.
      transform: stripManagedFields,
    });
    const credentials = options.serviceAccountCredentials;
    const builder =
      credentials === undefined
        ? undefined
        : new ServiceAccountClientBuilder({
            client: options.client,
            newClient: credentials.newClient,
            ...(credentials.settings ? { settings: credentials.settings } : {}),
            clock,
            log: log.child('client-builder'),
          });
    // Events go out through the client of the controller that records them, as upstream's
    // per-controller broadcasters do.
    const broadcasters = new Map<KubeClient, EventBroadcaster>();
    const broadcasterFor = (client: KubeClient): EventBroadcaster => {
      let b = broadcasters.get(client);
      if (b === undefined) {
        b = new EventBroadcaster({ sink: kubeEventSink(client), clock, log: log.child('events') });
        broadcasters.set(client, b);
      }
      return b;
    };
    const ctx = (d: ControllerDescriptor): ControllerContext => {
      const client = builder?.clientFor(controllerServiceAccountName(d)) ?? options.client;
      const broadcaster = broadcasterFor(client);
      return {
        client,
        informers,
        clock,
        log: log.child(d.name),
        recorder: (component) => broadcaster.newRecorder({ component }),
        signal,
      };
    };
    const runners = selected.map((d) => ({
      name: d.name,
      runner: d.setup(ctx(d), options.workers?.[d.name] ?? d.defaultWorkers),
    }));
    informers.start(signal);
    try {
      if (!(await informers.waitForCacheSync(signal))) return;
      log.info('caches synced; starting controllers', { controllers: runners.map((r) => r.name).join(',') });
      await Promise.all(
        runners.map((r) =>
          r.runner.run().catch((err: unknown) => log.error('controller failed', { controller: r.name, err })),
        ),
      );
    } finally {
      await informers.shutdown();
      await Promise.all([...broadcasters.values()].map((b) => b.shutdown()));
      builder?.close();
    }
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

// Test support for the workload controllers: a real apiserver (`k8ts server` alone, memory datastore) in a child
// process, and the controllers under test in this process on a FakeClock, wired exactly as the
// controller manager wires them. Pods are driven by patching their status, as a kubelet would.
// Needs `npm run build` first.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Event, Pod } from 'kubernetes-types/core/v1.js';
import { FakeClock, systemClock } from '../../base/clock.js';
import { createLogger } from '../../base/logger.js';
import { formatRfc3339 } from '../../base/rfc3339.js';
import {
  KubeClient,
  type ApiObject,
  type GroupVersionResource,
  type ResourceClient,
} from '../../client/index.js';
import { EventBroadcaster, kubeEventSink } from '../../controller-framework/index.js';
import { SharedInformerFactory } from '../../informers/index.js';
import { isStatusError } from '../../machinery/errors/index.js';
import { startTestServer, type TestServer } from '../../client/testing/test-server.js';
import type { ControllerContext, ControllerDescriptor } from '../controller-context.js';
import { podsResource } from './workload-resources.js';

/** This file runs from dist/src/controllers/shared/, four levels below the repository root. */
// K8TS_TEST_LOG=1 shows the controllers' logs (quiet otherwise).
const quiet = process.env['K8TS_TEST_LOG']
  ? createLogger('test', { level: 'debug' })
  : createLogger('test', { write: () => {} });

/** How a pod's status should look, for setPodStatus. */
export interface PodState {
  readonly phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  /** The Ready condition (default: true when Running). */
  readonly ready?: boolean;
  /** For finished pods: the exit code of every container (default 0 when Succeeded, 1 when Failed). */
  readonly exitCode?: number;
  /** Extra pod conditions (e.g. DisruptionTarget). */
  readonly conditions?: readonly { type: string; status: string }[];
  /** Restart count of every container. */
  readonly restartCount?: number;
}

/** A running apiserver with the given controllers running against it. */
export class WorkloadTestCluster {
  /** The controllers' clock: advance it, never sleep, for anything time-based. */
  readonly clock: FakeClock;
  readonly client: KubeClient;
  private readonly server: TestServer;
  private readonly stop = new AbortController();
  private readonly informers: SharedInformerFactory;
  private readonly broadcaster: EventBroadcaster;
  private runs: Promise<void>[] = [];

  private constructor(o: { server: TestServer; client: KubeClient; clock: FakeClock }) {
    this.server = o.server;
    this.client = o.client;
    this.clock = o.clock;
    const client = o.client;
    this.informers = new SharedInformerFactory({ client, logger: quiet });
    this.broadcaster = new EventBroadcaster({ sink: kubeEventSink(client), clock: systemClock, log: quiet });
  }

  /** Starts `k8ts apiserver` and then the controllers; resolves once their caches synced. */
  static async start(
    descriptors: readonly ControllerDescriptor[],
    clock = new FakeClock(),
  ): Promise<WorkloadTestCluster> {
    // The apiserver alone, with the admission plugins that need controllers or kubelets off.
    const server = await startTestServer();
    const client = await KubeClient.fromKubeconfig({
      path: server.kubeconfig,
      component: 'workload-test',
      qps: Infinity,
    });
    const cluster = new WorkloadTestCluster({ server, client, clock });
    await cluster.startControllers(descriptors);
    return cluster;
  }

  private async startControllers(descriptors: readonly ControllerDescriptor[]): Promise<void> {
    const ctx: ControllerContext = {
      client: this.client,
      informers: this.informers,
      clock: this.clock,
      log: quiet,
      recorder: (component) => this.broadcaster.newRecorder({ component }),
      signal: this.stop.signal,
    };
    const runners = descriptors.map((d) => d.setup(ctx, d.defaultWorkers));
    this.informers.start(this.stop.signal);
    if (!(await this.informers.waitForCacheSync(this.stop.signal))) throw new Error('caches did not sync');
    this.runs = runners.map((r) => r.run());
  }

  /** Stops the controllers, the informers and the apiserver. */
  async close(): Promise<void> {
    this.stop.abort();
    await Promise.allSettled(this.runs);
    await this.informers.shutdown();
    await this.broadcaster.shutdown();
    this.client.close();
    await this.server.stop();
  }

  /** A namespaced client of `resource`. */
  resource<T extends ApiObject>(resource: GroupVersionResource, namespace = 'default'): ResourceClient<T> {
    return this.client.resource<T>(resource).namespace(namespace);
  }

  /**
   * Polls `check` until it returns without throwing; between attempts the fake clock moves by
   * `advanceMs` (default 0), so batched and backed-off work can run.
   */
  async until<R>(
    check: () => R | Promise<R>,
    options: { advanceMs?: number; timeoutMs?: number } = {},
  ): Promise<R> {
    const deadline = Date.now() + (options.timeoutMs ?? 20_000);
    for (;;) {
      try {
        return await check();
      } catch (err) {
        if (Date.now() > deadline) throw err;
      }
      await sleep(20);
      await this.clock.advance(options.advanceMs ?? 0);
    }
  }

  /** Lets real time pass (for "nothing happens" checks) while the fake clock stays put. */
  async idle(ms = 300): Promise<void> {
    await sleep(ms);
    await this.clock.advance(0);
  }

  /** The pods of the namespace whose labels contain `labels`, sorted by name. */
  async pods(labels: Readonly<Record<string, string>> = {}, namespace = 'default'): Promise<Pod[]> {
    const selector = Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    const list = await this.resource<Pod>(podsResource, namespace).list(
      selector ? { labelSelector: selector } : {},
    );
    return list.items.sort((a, b) => ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1));
  }

  /** Sets a pod's phase, readiness and container states through the status subresource. */
  async setPodStatus(
    pod: Pod,
    state: PodState,
    namespace = pod.metadata?.namespace ?? 'default',
  ): Promise<Pod> {
    const now = formatRfc3339(this.clock.now());
    const finished = state.phase === 'Succeeded' || state.phase === 'Failed';
    const ready = state.ready ?? state.phase === 'Running';
    const exitCode = state.exitCode ?? (state.phase === 'Failed' ? 1 : 0);
    const containerStatuses = (pod.spec?.containers ?? []).map((c) => ({
      name: c.name,
      image: c.image ?? '',
      imageID: '',
      ready: ready && !finished,
      restartCount: state.restartCount ?? 0,
      state: finished
        ? {
            terminated: {
              exitCode,
              reason: exitCode === 0 ? 'Completed' : 'Error',
              startedAt: now,
              finishedAt: now,
            },
          }
        : state.phase === 'Running'
          ? { running: { startedAt: now } }
          : { waiting: { reason: 'ContainerCreating' } },
    }));
    const conditions = [
      { type: 'Ready', status: ready && !finished ? 'True' : 'False', lastTransitionTime: now },
      ...(state.conditions ?? []).map((c) => ({ ...c, lastTransitionTime: now })),
    ];
    const patch = { status: { phase: state.phase, conditions, containerStatuses } };
    const name = pod.metadata?.name ?? '';
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.resource<Pod>(podsResource, namespace).patch(name, 'merge', patch, {
          subresource: 'status',
        });
      } catch (err) {
        if (!isStatusError(err, 'Conflict') || attempt > 5) throw err;
      }
    }
  }

  /** Events about the object `name` in the namespace, oldest first, as "Reason: message". */
  async events(name: string, namespace = 'default'): Promise<string[]> {
    await this.broadcaster.flush();
    const list = await this.client
      .resource<Event>({ group: '', version: 'v1', resource: 'events', namespaced: true, kind: 'Event' })
      .namespace(namespace)
      .list({ fieldSelector: `involvedObject.name=${name}` });
    return list.items
      .sort((a, b) =>
        (a.metadata?.creationTimestamp ?? '').localeCompare(b.metadata?.creationTimestamp ?? ''),
      )
      .map((e) => `${e.reason}: ${e.message}`);
  }
}

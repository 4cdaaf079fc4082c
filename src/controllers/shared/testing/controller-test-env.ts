// Runs controllers in-process against a real `k8ts server` (memory datastore, no node agent) for
// integration tests, with the informers, event recorder and clock wired as the controller manager
// wires them. Needs `npm run build` first.
import { systemClock, type Clock, FakeClock } from '../../../base/clock.js';
import { createLogger } from '../../../base/logger.js';
import { KubeClient } from '../../../client/kube-client.js';
import { startTestServer, type TestServer } from '../../../client/testing/test-server.js';
import { EventBroadcaster, kubeEventSink } from '../../../controller-framework/index.js';
import { SharedInformerFactory } from '../../../informers/index.js';
import type { ControllerContext, ControllerDescriptor } from '../../controller-context.js';

/** A running server plus controllers; stop() ends both. */
export interface ControllerTestEnv {
  readonly server: TestServer;
  /** A client for the test's own calls (no rate limit). */
  readonly client: KubeClient;
  readonly clock: Clock;
  /** Ends the controllers, informers and server. */
  stop(): Promise<void>;
}

/** Options of startControllerTestEnv. */
export interface ControllerTestEnvOptions {
  readonly controllers: readonly ControllerDescriptor[];
  /** The controllers' clock (default the system clock); a FakeClock is advanced by the test. */
  readonly clock?: Clock;
  /** Keeps a FakeClock moving with real time (every 20 ms) so retries and short delays still fire. */
  readonly driveFakeClock?: boolean;
}

/** Starts a server and runs `controllers` against it as the controller manager would. */
export async function startControllerTestEnv(options: ControllerTestEnvOptions): Promise<ControllerTestEnv> {
  const server = await startTestServer();
  const clock = options.clock ?? systemClock;
  const log = createLogger('controllers-test', { write: () => {} });
  const client = await KubeClient.fromKubeconfig({
    path: server.kubeconfig,
    component: 'test',
    qps: Infinity,
  });
  const controllerClient = await KubeClient.fromKubeconfig({
    path: server.kubeconfig,
    component: 'kube-controller-manager',
    qps: Infinity,
  });
  const informers = new SharedInformerFactory({ client: controllerClient, logger: log });
  const broadcaster = new EventBroadcaster({ sink: kubeEventSink(controllerClient), clock, log });
  const abort = new AbortController();
  const ctx: ControllerContext = {
    client: controllerClient,
    informers,
    clock,
    log,
    recorder: (component) => broadcaster.newRecorder({ component }),
    signal: abort.signal,
  };
  const runners = options.controllers.map((d) => d.setup(ctx, d.defaultWorkers));
  informers.start(abort.signal);
  await informers.waitForCacheSync(abort.signal);
  const running = runners.map((r) => r.run());
  let driving: ReturnType<typeof setInterval> | undefined;
  if (options.driveFakeClock && clock instanceof FakeClock) {
    let busy = false;
    driving = setInterval(() => {
      if (busy) return;
      busy = true;
      void clock.advance(20).finally(() => (busy = false));
    }, 20);
  }
  return {
    server,
    client,
    clock,
    async stop() {
      if (driving !== undefined) clearInterval(driving);
      abort.abort();
      if (clock instanceof FakeClock) await clock.advance(0);
      await Promise.all(running);
      await informers.shutdown();
      await broadcaster.shutdown();
      client.close();
      controllerClient.close();
      await server.stop();
    },
  };
}

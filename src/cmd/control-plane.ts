import path from 'node:path';
import { systemClock } from '../base/clock.js';
import type { Logger } from '../base/logger.js';
import type { KubeClient } from '../client/index.js';
import { runControllerManager, selectControllers } from '../controllers/controller-manager.js';
import { builtinControllers } from '../controllers/all-controllers.js';
import type { NodeLifecycleSettings } from '../controllers/node-lifecycle/index.js';
import { startScheduler } from '../scheduler/index.js';
import {
  KUBE_CONTROLLER_MANAGER_IDENTITY,
  KUBE_SCHEDULER_IDENTITY,
} from '../apiserver/pki/component-identity.js';
import {
  embeddedClient,
  embeddedTokenClientFactory,
  type EmbeddedConnection,
  type EmbeddedServer,
} from './embedded-client.js';

/** Which control-plane components `k8ts server` runs beside its apiserver. */
export interface ControlPlaneOptions {
  readonly scheduler: boolean;
  /** --controllers of the embedded controller manager, or undefined when it is disabled. */
  readonly controllers: readonly string[] | undefined;
  /** How the components reach the apiserver (default in-process). */
  readonly connection?: EmbeddedConnection;
  /** --node-monitor-grace-period and the other node lifecycle timings (default upstream's). */
  readonly nodeLifecycle?: NodeLifecycleSettings;
  /** Pod CIDR ranges node-ipam allocates from (default 10.42.0.0/16: 256 nodes of /24). */
  readonly clusterCidrs?: readonly string[];
}

/** The running embedded components. */
export interface RunningControlPlane {
  /** Whether the embedded controller manager allocates node podCIDRs (node agents must not). */
  readonly allocatesPodCidrs: boolean;
  /** Stops the components and waits for them to finish. */
  stop(): Promise<void>;
}

/**
 * Validates the component choice before anything starts: an unknown controller name is an error
 * the user sees at once, as upstream's --controllers check.
 */
export function checkControlPlaneOptions(options: ControlPlaneOptions): void {
  if (options.controllers) selectControllers(options.controllers, builtinControllers());
}

/**
 * Starts the scheduler and the controller manager inside this process (as k3s does), each with
 * its own client and identity, in-process by default (the apiserver's full handler chain over
 * in-memory connections) or over HTTPS as separate processes would: the scheduler as
 * system:kube-scheduler, the controller manager as system:kube-controller-manager with each
 * controller under its own service account (upstream's --use-service-account-credentials).
 */
export async function startControlPlane(
  server: EmbeddedServer,
  options: ControlPlaneOptions,
  log: Logger,
): Promise<RunningControlPlane> {
  const stop = new AbortController();
  const tasks: Promise<unknown>[] = [];
  const clients: KubeClient[] = [];
  const caFile = path.join(server.pki.dir, 'ca.crt');
  const connection = options.connection ?? 'in-process';
  try {
    if (options.scheduler) {
      const client = await embeddedClient(server, KUBE_SCHEDULER_IDENTITY, connection, {
        component: 'default-scheduler',
        userAgent: 'kube-scheduler/v1.32.0 (linux/amd64) k8ts',
        // Beside its own apiserver the scheduler can bind at the apiserver's pace.
        qps: 1000,
        burst: 2000,
      });
      clients.push(client);
      const running = startScheduler({
        client,
        clock: systemClock,
        log: log.child('scheduler'),
        signal: stop.signal,
      });
      tasks.push(running.done.catch((err: unknown) => log.error('scheduler stopped', { err })));
    }
    if (options.controllers) {
      // Upstream's controller manager defaults to 20 qps / 30 burst; beside its own apiserver it
      // gets room for bursts of pod creations, and so does each controller's own client.
      const limits = { qps: 1000, burst: 2000 };
      const client = await embeddedClient(server, KUBE_CONTROLLER_MANAGER_IDENTITY, connection, {
        component: 'kube-controller-manager',
        ...limits,
      });
      const newClient = await embeddedTokenClientFactory(server, connection);
      clients.push(client);
      tasks.push(
        runControllerManager({
          client,
          controllers: options.controllers,
          settings: {
            caFile,
            // The cluster CA signs approved CSRs (upstream --cluster-signing-cert-file/-key-file).
            clusterSigning: { certFile: caFile, keyFile: path.join(server.pki.dir, 'ca.key') },
            ...(options.nodeLifecycle ? { nodeLifecycle: options.nodeLifecycle } : {}),
            ...(options.clusterCidrs ? { clusterCidrs: options.clusterCidrs } : {}),
          },
          // As k3s runs it: every controller as its own kube-system service account.
          serviceAccountCredentials: { newClient, settings: limits },
          log: log.child('controller-manager'),
          signal: stop.signal,
        }).catch((err: unknown) => log.error('controller manager stopped', { err })),
      );
    }
  } catch (err) {
    stop.abort();
    for (const c of clients) c.close();
    throw err;
  }
  const allocatesPodCidrs =
    options.controllers !== undefined &&
    selectControllers(options.controllers, builtinControllers()).some((c) => c.name === 'node-ipam');
  return {
    allocatesPodCidrs,
    async stop() {
      stop.abort();
      await Promise.all(tasks);
      for (const c of clients) c.close();
    },
  };
}

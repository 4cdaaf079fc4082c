import path from 'node:path';
import type { ApiServer } from '../apiserver/api-server.js';
import { systemClock } from '../base/clock.js';
import type { Logger } from '../base/logger.js';
import { KubeClient } from '../client/index.js';
import { runControllerManager, selectControllers } from '../controllers/controller-manager.js';
import { builtinControllers } from '../controllers/all-controllers.js';
import { startScheduler } from '../scheduler/index.js';

/** Which control-plane components `k8ts server` runs beside its apiserver. */
export interface ControlPlaneOptions {
  readonly scheduler: boolean;
  /** --controllers of the embedded controller manager, or undefined when it is disabled. */
  readonly controllers: readonly string[] | undefined;
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
 * its own client over HTTPS to the apiserver, the same way they run as separate processes.
 */
export async function startControlPlane(
  server: ApiServer,
  options: ControlPlaneOptions,
  log: Logger,
): Promise<RunningControlPlane> {
  const stop = new AbortController();
  const tasks: Promise<unknown>[] = [];
  const clients: KubeClient[] = [];
  const caFile = path.join(server.pki.dir, 'ca.crt');
  try {
    if (options.scheduler) {
      const client = await KubeClient.fromKubeconfig({
        path: server.kubeconfigPath,
        component: 'default-scheduler',
        userAgent: 'kube-scheduler/v1.32.0 (linux/amd64) k8ts',
        // Beside its own apiserver the scheduler can bind at the apiserver's pace.
        qps: 200,
        burst: 400,
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
      const client = await KubeClient.fromKubeconfig({
        path: server.kubeconfigPath,
        component: 'kube-controller-manager',
        qps: 200,
        burst: 400,
      });
      clients.push(client);
      tasks.push(
        runControllerManager({
          client,
          controllers: options.controllers,
          settings: { caFile },
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

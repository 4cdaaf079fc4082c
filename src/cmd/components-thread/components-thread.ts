import { MessageChannel, Worker } from 'node:worker_threads';
import type { ApiServer } from '../../apiserver/api-server.js';
import { defaultLogLevel, type Logger, type LogLevel } from '../../base/logger.js';
import type { SimClusterStats } from '../../kubelet/sim/index.js';
import type { ControlPlaneOptions } from '../control-plane.js';
import type {
  ComponentsThreadData,
  FromComponents,
  SimNodesSpec,
  ToComponents,
} from './components-protocol.js';
import { relayLogs } from './forwarded-logger.js';
import { serveServerLink, serverFacts } from './server-link.js';

/** What runs in the components thread. */
export interface ComponentsThreadOptions {
  readonly plane: ControlPlaneOptions;
  readonly sim?: SimNodesSpec;
  /** The least severe entries the thread sends to the log (default: defaultLogLevel()). */
  readonly logLevel?: LogLevel;
  /** Called if the thread ends without being stopped (an uncaught error in a component). */
  readonly onUnexpectedExit?: () => void;
}

/** The running components thread. */
export interface ComponentsThread {
  /** Whether the embedded controller manager allocates node podCIDRs (node agents must not). */
  readonly allocatesPodCidrs: boolean;
  /** The simulated nodes' counters (undefined without simulated nodes, or once the thread ended). */
  simStats(): Promise<SimClusterStats | undefined>;
  /** Stops the components, waits for them to finish and ends the thread. */
  stop(): Promise<void>;
}

// How long a stopping thread may take to wind its components down before it is terminated.
const STOP_GRACE_MS = 10_000;

/**
 * Starts the scheduler, the controller manager and any simulated nodes in a worker thread of this
 * process, so they run on a second core beside the apiserver. They reach it through in-process
 * connections whose bytes cross threads (ServerLink); their log entries come back to `log`.
 * Resolves once they started, as startControlPlane does.
 */
export async function startComponentsThread(
  server: ApiServer,
  options: ComponentsThreadOptions,
  log: Logger,
): Promise<ComponentsThread> {
  const broker = new MessageChannel();
  const logs = new MessageChannel();
  serveServerLink(server, broker.port1);
  relayLogs(logs.port1, log);
  const data: ComponentsThreadData = {
    server: serverFacts(server),
    broker: broker.port2,
    logs: logs.port2,
    logLevel: options.logLevel ?? defaultLogLevel(),
    plane: options.plane,
    ...(options.sim !== undefined ? { sim: options.sim } : {}),
  };
  const worker = new Worker(new URL('./components-worker.js', import.meta.url), {
    workerData: data,
    transferList: [broker.port2, logs.port2],
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const closePorts = () => {
    broker.port1.close();
    logs.port1.close();
  };
  const statsWaiters = new Map<number, (stats: SimClusterStats | undefined) => void>();
  let stopped: (() => void) | undefined;
  const started = new Promise<{ allocatesPodCidrs: boolean }>((resolve, reject) => {
    worker.on('message', (message: FromComponents) => {
      if (message.type === 'ready') resolve(message);
      else if (message.type === 'failed') reject(new Error(message.message));
      else if (message.type === 'stats') {
        statsWaiters.get(message.id)?.(message.stats);
        statsWaiters.delete(message.id);
      } else stopped?.();
    });
    worker.on('error', (err) => {
      log.error('components thread failed', { err });
      reject(err);
    });
    void exited.then(() => reject(new Error('the components thread exited before it started')));
  });
  let ready: { allocatesPodCidrs: boolean };
  try {
    ready = await started;
  } catch (err) {
    await worker.terminate();
    closePorts();
    throw err;
  }
  const post = (message: ToComponents) => worker.postMessage(message);
  let nextId = 0;
  let stopping: Promise<void> | undefined;
  // Without its scheduler and controllers the cluster goes nowhere: say so loudly.
  void exited.then(() => {
    if (stopping !== undefined) return;
    log.error('the components thread exited: no scheduler or controllers run');
    options.onUnexpectedExit?.();
  });
  return {
    allocatesPodCidrs: ready.allocatesPodCidrs,
    simStats() {
      const id = nextId++;
      const answer = new Promise<SimClusterStats | undefined>((resolve) => {
        statsWaiters.set(id, resolve);
        post({ type: 'stats', id });
      });
      return Promise.race([answer, exited.then(() => undefined)]);
    },
    stop() {
      stopping ??= (async () => {
        const done = new Promise<void>((resolve) => (stopped = resolve));
        post({ type: 'stop' });
        const grace = new Promise<void>((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref());
        await Promise.race([done, exited, grace]);
        await worker.terminate();
        closePorts();
      })();
      return stopping;
    },
  };
}

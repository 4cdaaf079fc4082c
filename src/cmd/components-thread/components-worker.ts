// The components thread's entry: the scheduler, the controller manager and any simulated nodes of
// `k8ts server`, reaching the apiserver in the main thread over a ServerLink.
import { parentPort, workerData } from 'node:worker_threads';
import { startControlPlane, type RunningControlPlane } from '../control-plane.js';
import { startEmbeddedSimNodes, type EmbeddedSimNodes } from '../embedded-sim-nodes.js';
import type { ComponentsThreadData, FromComponents, ToComponents } from './components-protocol.js';
import { forwardingLogger } from './forwarded-logger.js';
import { ServerLink } from './server-link.js';

const data = workerData as ComponentsThreadData;
const parent = parentPort!;
const log = forwardingLogger(data.logs, data.logLevel);
const send = (message: FromComponents) => parent.postMessage(message);

async function main(): Promise<void> {
  const link = new ServerLink(data.server, data.broker);
  let plane: RunningControlPlane;
  let nodes: EmbeddedSimNodes | undefined;
  try {
    plane = await startControlPlane(link, data.plane, log);
    try {
      if (data.sim !== undefined)
        nodes = await startEmbeddedSimNodes(link, {
          count: data.sim.count,
          allocatesPodCidrs: plane.allocatesPodCidrs,
          logger: log.child('sim'),
          // The way the other components connect (in-process unless a benchmark compares HTTPS).
          ...(data.plane.connection !== undefined ? { connection: data.plane.connection } : {}),
        });
    } catch (err) {
      await plane.stop();
      throw err;
    }
  } catch (err) {
    send({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
    parent.close();
    return;
  }
  parent.on('message', (message: ToComponents) => {
    if (message.type === 'stats') {
      send({ type: 'stats', id: message.id, stats: nodes?.sim.stats() });
      return;
    }
    void (async () => {
      await nodes?.close();
      await plane.stop();
      send({ type: 'stopped' });
      parent.close();
      data.broker.close();
      data.logs.close();
    })();
  });
  send({ type: 'ready', allocatesPodCidrs: plane.allocatesPodCidrs });
}

void main();

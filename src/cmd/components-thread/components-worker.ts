// The components thread's entry: the scheduler, the controller manager and any simulated nodes of
// `k8ts server`, reaching the apiserver in the main thread over a ServerLink.
import { parentPort, workerData } from 'node:worker_threads';
import type { KubeClient } from '../../client/index.js';
import { SimCluster } from '../../kubelet/sim/index.js';
import { startControlPlane, type RunningControlPlane } from '../control-plane.js';
import { ADMIN_IDENTITY, embeddedClient } from '../embedded-client.js';
import type { ComponentsThreadData, FromComponents, ToComponents } from './components-protocol.js';
import { forwardingLogger } from './forwarded-logger.js';
import { ServerLink } from './server-link.js';

const data = workerData as ComponentsThreadData;
const parent = parentPort!;
const log = forwardingLogger(data.logs, data.logLevel);
const send = (message: FromComponents) => parent.postMessage(message);

/**
 * Simulated nodes over one in-process client with an admin identity (the simulator is one agent
 * for every node, so no single node's identity fits it). That client paces all of them: 50
 * requests/s per node like a kubelet's default, within 100..5000.
 */
async function startSimNodes(
  link: ServerLink,
  count: number,
  allocatesPodCidrs: boolean,
): Promise<{ sim: SimCluster; client: KubeClient }> {
  const qps = Math.min(5000, Math.max(100, count * 50));
  const client = await embeddedClient(link, ADMIN_IDENTITY, 'in-process', {
    component: 'k8ts-sim',
    qps,
    burst: 2 * qps,
  });
  try {
    const sim = await SimCluster.start({
      client,
      nodeCount: count,
      logger: log.child('sim'),
      // With the controller manager's node-ipam running, it hands out podCIDRs as upstream's does.
      ...(allocatesPodCidrs ? { podCidrs: { assign: false } } : {}),
    });
    return { sim, client };
  } catch (err) {
    client.close();
    throw err;
  }
}

async function main(): Promise<void> {
  const link = new ServerLink(data.server, data.broker);
  let plane: RunningControlPlane;
  let nodes: { sim: SimCluster; client: KubeClient } | undefined;
  try {
    plane = await startControlPlane(link, data.plane, log);
    try {
      if (data.sim !== undefined) nodes = await startSimNodes(link, data.sim.count, plane.allocatesPodCidrs);
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
      await nodes?.sim.close();
      nodes?.client.close();
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

import type { Logger } from '../base/logger.js';
import { SimCluster } from '../kubelet/sim/index.js';
import {
  ADMIN_IDENTITY,
  embeddedClient,
  type EmbeddedConnection,
  type EmbeddedServer,
} from './embedded-client.js';

/** Running simulated nodes and the client they talk through. */
export interface EmbeddedSimNodes {
  readonly sim: SimCluster;
  /** Stops the nodes, then their client. */
  close(): Promise<void>;
}

/**
 * `k8ts server --node-runtime sim`'s nodes: one client with an admin identity for all of them (the
 * simulator is one agent for every node, so no single node's identity fits it), paced at 50
 * requests/s per node like a kubelet's default, within 100..5000. With the controller manager's
 * node-ipam running (`allocatesPodCidrs`) it hands out podCIDRs, as upstream's does.
 */
export async function startEmbeddedSimNodes(
  server: EmbeddedServer,
  options: {
    readonly count: number;
    readonly allocatesPodCidrs: boolean;
    readonly logger: Logger;
    /** How the nodes reach the apiserver (default in-process). */
    readonly connection?: EmbeddedConnection;
  },
): Promise<EmbeddedSimNodes> {
  const qps = Math.min(5000, Math.max(100, options.count * 50));
  const client = await embeddedClient(server, ADMIN_IDENTITY, options.connection ?? 'in-process', {
    component: 'k8ts-sim',
    // What a real kubelet's writes are recorded as (upstream derives it from its User-Agent).
    fieldManager: 'kubelet',
    qps,
    burst: 2 * qps,
  });
  try {
    const sim = await SimCluster.start({
      client,
      nodeCount: options.count,
      logger: options.logger,
      ...(options.allocatesPodCidrs ? { podCidrs: { assign: false } } : {}),
    });
    return {
      sim,
      async close() {
        await sim.close();
        client.close();
      },
    };
  } catch (err) {
    client.close();
    throw err;
  }
}

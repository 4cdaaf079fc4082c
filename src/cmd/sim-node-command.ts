import { KubeClient } from '../client/index.js';
import { setSimNodeStopped } from '../kubelet/sim/index.js';
import type { Command } from './command.js';

/** `k8ts sim node stop|start NAME`: stops or restarts a simulated node's kubelet (failure tests). */
export const simNodeCommand: Command = {
  name: 'sim node',
  summary: 'stop or restart a simulated node (failure tests)',
  flags: {
    kubeconfig: {
      type: 'string',
      placeholder: 'FILE',
      description: "the cluster's kubeconfig (default $KUBECONFIG, else ~/.kube/config)",
    },
  },
  positionals: 'stop|start NAME',
  async run(flags, positionals) {
    const [action, name, ...extra] = positionals;
    if ((action !== 'stop' && action !== 'start') || !name || extra.length > 0) {
      console.error('k8ts sim node: usage: k8ts sim node stop|start NAME [--kubeconfig FILE]');
      return 1;
    }
    let client: KubeClient;
    try {
      const path = flags['kubeconfig'] as string | undefined;
      client = await KubeClient.fromKubeconfig({ ...(path ? { path } : {}), component: 'k8ts-sim-node' });
    } catch (err) {
      console.error(`k8ts sim node: ${(err as Error).message}`);
      return 1;
    }
    try {
      const result = await setSimNodeStopped(client, name, action === 'stop');
      if (!result.ok) {
        console.error(result.message);
        return 1;
      }
      const verb = action === 'stop' ? 'stopped' : 'started';
      console.log(`node/${name} ${result.changed ? verb : `already ${verb}`}`);
      return 0;
    } catch (err) {
      console.error(`k8ts sim node: ${(err as Error).message}`);
      return 1;
    } finally {
      client.close();
    }
  },
};

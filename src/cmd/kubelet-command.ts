import path from 'node:path';
import { createLogger } from '../base/logger.js';
import { KubeClient, loadRestConfig, type RestConfig } from '../client/index.js';
import {
  containerdUsable,
  startContainerdKubelet,
  type ContainerdKubelet,
} from '../kubelet/containerd-kubelet.js';
import { kubeletVersion } from '../kubelet/machine-info.js';
import type { Command } from './command.js';
import { kubeletNodeName, kubeletRuntimeFlags, kubeletRuntimeSettings } from './kubelet-flags.js';
import { kubeletServerFlags, kubeletServerSettings } from './kubelet-server-flags.js';
import type { KubeletServerSettings } from '../kubelet/server/kubelet-server.js';
import { clientFlags, defaultDataDir } from './shared-flags.js';

/** A kubelet's default client limits (--kube-api-qps 50, --kube-api-burst 100) and user agent. */
export const kubeletClientSettings = {
  component: 'kubelet',
  userAgent: `kubelet/${kubeletVersion} (linux/amd64) k8ts`,
  qps: 50,
  burst: 100,
} as const;

/** `k8ts kubelet`: the node agent alone, against the cluster of a kubeconfig (its node's identity). */
export const kubeletCommand: Command = {
  name: 'kubelet',
  summary: 'the node agent alone',
  flags: {
    ...clientFlags,
    ...kubeletRuntimeFlags,
    ...kubeletServerFlags(''),
    'data-dir': {
      type: 'string',
      placeholder: 'DIR',
      description:
        'where our containerd and the kubelet keep state (default /var/lib/k8ts/kubelet-node as root)',
    },
    'pod-cidr': {
      type: 'string',
      placeholder: 'CIDR',
      description: 'pod network when the Node gets no podCIDR from the cluster (standalone)',
    },
  },
  async run(flags) {
    let settings: ReturnType<typeof kubeletRuntimeSettings>;
    let serving: KubeletServerSettings;
    let nodeName: string;
    try {
      settings = kubeletRuntimeSettings(flags);
      serving = kubeletServerSettings(flags, '');
      nodeName = kubeletNodeName(flags);
    } catch (err) {
      console.error(`k8ts kubelet: ${(err as Error).message}`);
      return 1;
    }
    if (settings.containerRuntimeEndpoint === undefined) {
      const usable = await containerdUsable();
      if (!usable.usable) {
        console.error(`k8ts kubelet: cannot start containerd: ${usable.reason ?? ''}`);
        return 1;
      }
    }
    const log = createLogger('kubelet');
    let client: KubeClient;
    let config: RestConfig;
    try {
      config = await loadRestConfig(
        flags['kubeconfig'] !== undefined ? { path: String(flags['kubeconfig']) } : {},
      );
      client = KubeClient.fromRestConfig(config, kubeletClientSettings);
    } catch (err) {
      console.error(`k8ts kubelet: ${(err as Error).message}`);
      return 1;
    }
    const dataDir = (flags['data-dir'] as string | undefined) ?? path.join(defaultDataDir(), 'kubelet-node');
    let node: ContainerdKubelet;
    try {
      node = await startContainerdKubelet({
        client,
        nodeName,
        dataDir,
        ...settings,
        // Client certificates on the kubelet API chain to the CA its kubeconfig trusts by default.
        server: { ...(config.caData !== undefined ? { clientCaPem: config.caData } : {}), ...serving },
        ...(flags['pod-cidr'] !== undefined ? { podCidr: String(flags['pod-cidr']) } : {}),
        logger: log,
      });
    } catch (err) {
      client.close();
      console.error(`k8ts kubelet: ${(err as Error).message}`);
      return 1;
    }
    console.log(`k8ts kubelet ready: node ${nodeName}`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    log.info('shutting down; pods keep running');
    await node.stop();
    client.close();
    return 0;
  },
};

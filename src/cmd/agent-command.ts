import path from 'node:path';
import { parseBootstrapToken } from '../api/bootstrap-tokens/bootstrap-token.js';
import { parseCaCertHash } from '../api/bootstrap-tokens/ca-cert-hash.js';
import { createLogger, type Logger } from '../base/logger.js';
import { KubeClient, type RestConfig } from '../client/index.js';
import { ensureNodeCredentials } from '../kubelet/bootstrap/index.js';
import {
  containerdUsable,
  startContainerdKubelet,
  type ContainerdKubeletOptions,
} from '../kubelet/containerd-kubelet.js';
import { SimCluster, simNodeIpFor } from '../kubelet/sim/index.js';
import type { Command, FlagValues } from './command.js';
import { kubeletClientSettings } from './kubelet-command.js';
import { kubeletNodeName, kubeletRuntimeFlags, kubeletRuntimeSettings } from './kubelet-flags.js';
import { kubeletServerFlags, kubeletServerSettings } from './kubelet-server-flags.js';
import type { KubeletServerSettings } from '../kubelet/server/kubelet-server.js';
import { defaultDataDir } from './shared-flags.js';

/** The agent's default data directory: `agent/` under the default server data directory, as k3s nests it. */
export function defaultAgentDataDir(): string {
  return path.join(defaultDataDir(), 'agent');
}

/** The kubelet settings of a containerd agent (everything but client, node name and data dir). */
type ContainerdSettings = Omit<ContainerdKubeletOptions, 'client' | 'nodeName' | 'dataDir'>;

/** What `k8ts agent` was asked to do, checked before anything starts. */
interface AgentSettings {
  readonly runtime: 'containerd' | 'sim';
  /** With --node-runtime containerd: the kubelet flags. */
  readonly kubelet: ContainerdSettings | undefined;
  /** With --node-runtime containerd: the kubelet API flags. */
  readonly serving: KubeletServerSettings | undefined;
  readonly server: string;
  readonly token: string | undefined;
  readonly nodeName: string;
  readonly dataDir: string;
  readonly caCertHashes: readonly string[];
}

/** Why the agent cannot start: the message and the exit code (1: a usage error). */
interface Refusal {
  readonly message: string;
  readonly code: number;
}

/** Reads and checks the flags. */
function agentSettings(flags: FlagValues): AgentSettings | Refusal {
  const problem = usageProblem(flags, (flags['node-runtime'] as string | undefined) ?? 'containerd');
  if (typeof problem !== 'string') return problem;
  return { code: 1, message: problem };
}

/** The agent's settings, or what is wrong with the flags. */
function usageProblem(flags: FlagValues, runtime: string): AgentSettings | string {
  if (runtime !== 'sim' && runtime !== 'containerd')
    return `--node-runtime must be containerd or sim, got "${runtime}"`;
  const server = flags['server'];
  if (typeof server !== 'string' || server === '') return '--server URL is required';
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return `--server must be a URL such as https://10.0.0.1:6443, got "${server}"`;
  }
  if (url.protocol !== 'https:') return `--server must be an https:// URL, got "${server}"`;
  const token = (flags['token'] as string | undefined)?.trim();
  // Checked here even when no bootstrap is due: a malformed token is a mistake worth hearing about.
  if (token !== undefined && parseBootstrapToken(token) === undefined)
    return '--token is not a bootstrap token: expected <6 of [a-z0-9]>.<16 of [a-z0-9]>';
  try {
    return {
      runtime,
      kubelet: runtime === 'containerd' ? kubeletRuntimeSettings(flags) : undefined,
      serving: runtime === 'containerd' ? kubeletServerSettings(flags, '') : undefined,
      server: url.origin,
      token,
      nodeName: kubeletNodeName(flags),
      dataDir: (flags['data-dir'] as string | undefined) ?? defaultAgentDataDir(),
      caCertHashes: ((flags['ca-cert-hash'] as string[] | undefined) ?? []).map(parseCaCertHash),
    };
  } catch (err) {
    return (err as Error).message;
  }
}

/** A started node and how to stop it. */
type RunningNode = { whenReady(signal: AbortSignal): Promise<boolean>; stop(): Promise<void> };

/** One simulated node, scoped to itself. */
async function startSimNode(client: KubeClient, settings: AgentSettings, log: Logger): Promise<RunningNode> {
  const sim = await SimCluster.start({
    client,
    nodeCount: 1,
    nodes: [{ name: settings.nodeName, internalIP: simNodeIpFor(settings.nodeName) }],
    nodeScoped: true,
    // podCIDRs come from the server's node-ipam; a node may not set its own.
    podCidrs: { assign: false },
    logger: log.child('sim'),
  });
  return { whenReady: (signal) => sim.whenReady(signal), stop: () => sim.close() };
}

/** The kubelet on containerd (our own under DATA_DIR/containerd unless --container-runtime-endpoint). */
async function startRealNode(
  client: KubeClient,
  settings: AgentSettings,
  log: Logger,
  clusterCaPem: string | undefined,
): Promise<RunningNode> {
  const node = await startContainerdKubelet({
    client,
    nodeName: settings.nodeName,
    dataDir: settings.dataDir,
    ...settings.kubelet,
    // Client certificates on the kubelet API chain to the cluster CA the node trusts.
    server: { ...(clusterCaPem !== undefined ? { clientCaPem: clusterCaPem } : {}), ...settings.serving },
    logger: log.child('kubelet'),
  });
  return { whenReady: (signal) => node.kubelet.whenReady(signal), stop: () => node.stop() };
}

/**
 * `k8ts agent`: a node joining an existing cluster. It gets its own identity by TLS bootstrap
 * (kubelet/bootstrap: cluster-info verified with the token, a node client certificate issued
 * through a CSR, kept in DATA_DIR/kubelet.kubeconfig) and then runs its kubelet — on containerd,
 * or one simulated node — under system:node:<name>, so the Node authorizer and NodeRestriction
 * hold it to its own objects. Stopping the agent leaves its pods running, as a stopped kubelet does.
 */
export const agentCommand: Command = {
  name: 'agent',
  summary: 'a node joining a cluster (kubelet + proxy)',
  flags: {
    ...kubeletRuntimeFlags,
    ...kubeletServerFlags(''),
    server: {
      type: 'string',
      placeholder: 'URL',
      description: 'apiserver URL to join, e.g. https://10.0.0.1:6443',
    },
    token: {
      type: 'string',
      placeholder: 'TOKEN',
      description: "bootstrap token <id>.<secret> (the server's DATA_DIR/token); not needed once joined",
    },
    'node-name': { type: 'string', placeholder: 'NAME', description: 'node name (default: the host name)' },
    'data-dir': {
      type: 'string',
      placeholder: 'DIR',
      description:
        'node credentials, containerd and kubelet state (default /var/lib/k8ts/agent as root, else ~/.k8ts/agent)',
    },
    'node-runtime': {
      type: 'string',
      placeholder: 'KIND',
      description: 'containerd (default: real containers) | sim (a simulated node)',
    },
    'ca-cert-hash': {
      type: 'string',
      multiple: true,
      placeholder: 'sha256:HEX',
      description: "pin of the cluster CA's public key, as kubeadm join --discovery-token-ca-cert-hash",
    },
  },
  async run(flags) {
    const settings = agentSettings(flags);
    if ('code' in settings) {
      console.error(`k8ts agent: ${settings.message}`);
      return settings.code;
    }
    // Before joining: a node that cannot run containers should not take a certificate.
    if (settings.runtime === 'containerd' && settings.kubelet?.containerRuntimeEndpoint === undefined) {
      const usable = await containerdUsable();
      if (!usable.usable) {
        console.error(
          `k8ts agent: cannot start containerd: ${usable.reason ?? ''} (use --node-runtime sim for a simulated node)`,
        );
        return 1;
      }
    }
    const log = createLogger('agent');
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    let config: RestConfig;
    try {
      config = await ensureNodeCredentials({ ...settings, log: log.child('bootstrap'), signal: stop.signal });
    } catch (err) {
      if (stop.signal.aborted) return 0;
      console.error(`k8ts agent: cannot join ${settings.server}: ${(err as Error).message}`);
      return 1;
    }
    const client = KubeClient.fromRestConfig(config, kubeletClientSettings);
    let node: RunningNode;
    try {
      node =
        settings.runtime === 'sim'
          ? await startSimNode(client, settings, log)
          : await startRealNode(client, settings, log, config.caData);
    } catch (err) {
      client.close();
      console.error(`k8ts agent: ${(err as Error).message}`);
      return 1;
    }
    void node
      .whenReady(stop.signal)
      .then((ready) => ready && log.info('node Ready', { node: settings.nodeName }));
    console.log(`k8ts agent ready: node ${settings.nodeName} joined ${settings.server}`);
    await new Promise<void>((resolve) =>
      stop.signal.aborted
        ? resolve()
        : stop.signal.addEventListener('abort', () => resolve(), { once: true }),
    );
    log.info('shutting down; pods keep running');
    await node.stop();
    client.close();
    return 0;
  },
};

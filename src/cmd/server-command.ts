import path from 'node:path';
import { ApiServer } from '../apiserver/api-server.js';
import { createLogger, type Logger } from '../base/logger.js';
import { nodeIdentityFor } from '../apiserver/pki/component-identity.js';
import { containerdUsable, startContainerdKubelet } from '../kubelet/containerd-kubelet.js';
import type { Command, FlagValues } from './command.js';
import { startComponentsThread } from './components-thread/components-thread.js';
import type { SimNodesSpec } from './components-thread/components-protocol.js';
import { checkControlPlaneOptions, type ControlPlaneOptions } from './control-plane.js';
import { controllersFlag } from './controller-manager-command.js';
import { ADMIN_IDENTITY, embeddedClient } from './embedded-client.js';
import { dataProtectionOptions } from './data-protection-options.js';
import { kubeletClientOptions } from './kubelet-client-flags.js';
import { requestLimitOptions } from './request-limit-flags.js';
import { nodeLifecycleFlags, nodeLifecycleSettings } from './node-lifecycle-flags.js';
import { kubeletClientSettings } from './kubelet-command.js';
import { kubeletNodeName, kubeletRuntimeFlags, kubeletRuntimeSettings } from './kubelet-flags.js';
import { kubeletServerFlags, kubeletServerSettings } from './kubelet-server-flags.js';
import { joinTokenPath } from './node-join/join-token-file.js';
import { clusterInfoServerUrl, setUpNodeJoining } from './node-join/set-up-node-joining.js';
import { controlPlaneFlags, defaultDataDir } from './shared-flags.js';

/** Starts what runs beside the apiserver once it serves; resolves to its shutdown. */
export type StartAgents = (server: ApiServer, log: Logger) => Promise<() => Promise<void>>;

/**
 * Starts the apiserver from control-plane flags, then `startAgents` (node agents) once it serves,
 * prints the ready line and runs until SIGINT/SIGTERM.
 */
export async function runApiServer(
  flags: FlagValues,
  component: string,
  startAgents?: StartAgents,
): Promise<number> {
  const log = createLogger(component);
  const port = Number(flags['port']);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`k8ts ${component}: --port must be a port number, got "${String(flags['port'])}"`);
    return 1;
  }
  let server: ApiServer;
  try {
    server = await ApiServer.start({
      dataDir: (flags['data-dir'] as string | undefined) ?? defaultDataDir(),
      datastore: String(flags['datastore']),
      bindAddress: String(flags['bind-address']),
      port,
      ...(flags['service-cidr'] ? { serviceCidr: String(flags['service-cidr']) } : {}),
      ...(flags['service-node-port-range']
        ? { nodePortRange: String(flags['service-node-port-range']) }
        : {}),
      ...(flags['token-auth-file'] ? { tokenAuthFile: String(flags['token-auth-file']) } : {}),
      admissionPlugins: {
        enable: flags['enable-admission-plugins'] as string[] | undefined,
        disable: flags['disable-admission-plugins'] as string[] | undefined,
      },
      ...dataProtectionOptions(flags),
      ...kubeletClientOptions(flags),
      ...requestLimitOptions(flags),
      log,
    });
  } catch (err) {
    console.error(`k8ts ${component}: ${(err as Error).message}`);
    return 1;
  }
  let stopAgents: (() => Promise<void>) | undefined;
  try {
    stopAgents = await startAgents?.(server, log);
  } catch (err) {
    console.error(`k8ts ${component}: ${(err as Error).message}`);
    await server.close();
    return 1;
  }
  console.log(`k8ts ${component} ready at ${server.url} (kubeconfig: ${server.kubeconfigPath})`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  log.info('shutting down');
  await stopAgents?.();
  await server.close();
  return 0;
}

/**
 * The node agent on containerd beside the apiserver: a kubelet as system:node:<name> over the
 * in-process transport (so the Node authorizer and NodeRestriction hold it to its own objects, as
 * a separate kubelet), with our own containerd under DATA_DIR/containerd unless
 * --container-runtime-endpoint names one.
 */
function containerdAgent(flags: FlagValues, allocatesPodCidrs: () => boolean): StartAgents {
  const settings = kubeletRuntimeSettings(flags);
  const serving = kubeletServerSettings(flags, 'kubelet-');
  const nodeName = kubeletNodeName(flags);
  // Without node-ipam nothing hands out podCIDRs: the node takes the first /24 of the cluster's.
  const clusterCidr = String(flags['cluster-cidr'] ?? '10.42.0.0/16').split(',')[0]!;
  const ownCidr = `${clusterCidr.split('/')[0]!}/24`;
  return async (server, log) => {
    const client = await embeddedClient(
      server,
      nodeIdentityFor(nodeName),
      'in-process',
      kubeletClientSettings,
    );
    try {
      const node = await startContainerdKubelet({
        client,
        nodeName,
        // The admin kubeconfig sits at the top of the data directory.
        dataDir: path.dirname(server.kubeconfigPath),
        ...settings,
        // Client certificates on the kubelet API chain to the cluster CA unless told otherwise.
        server: { clientCaPem: server.pki.ca.certPem, ...serving },
        ...(allocatesPodCidrs() ? {} : { podCidr: ownCidr }),
        logger: log.child('kubelet'),
      });
      return async () => {
        await node.stop();
        client.close();
      };
    } catch (err) {
      client.close();
      throw err;
    }
  };
}

/** The pod network for more than 256 simulated nodes: 16,384 /24s, clear of the service range. */
export const LARGE_SIM_CLUSTER_CIDR = '10.64.0.0/10';

const serverFlags = {
  ...controlPlaneFlags,
  ...kubeletRuntimeFlags,
  ...kubeletServerFlags('kubelet-'),
  'node-runtime': {
    type: 'string' as const,
    placeholder: 'KIND',
    description: 'containerd | sim | none (containerd when usable; sim = simulated nodes)',
  },
  'cluster-cidr': {
    type: 'string' as const,
    placeholder: 'CIDR',
    description: "pod network node-ipam splits into nodes' podCIDRs (default 10.42.0.0/16)",
  },
  'sim-nodes': {
    type: 'string' as const,
    placeholder: 'N',
    description: 'number of simulated nodes (with --node-runtime sim; default 1)',
  },
  'service-cidr': {
    type: 'string' as const,
    placeholder: 'CIDR',
    description: 'ClusterIP range (default 10.43.0.0/16)',
  },
  'service-node-port-range': {
    type: 'string' as const,
    placeholder: 'RANGE',
    description: 'NodePort range (default 30000-32767)',
  },
};

const controlPlaneComponentFlags = {
  'disable-scheduler': { type: 'boolean' as const, description: 'do not run the embedded scheduler' },
  'disable-controller-manager': {
    type: 'boolean' as const,
    description: 'do not run the embedded controller manager',
  },
  controllers: {
    type: 'string' as const,
    placeholder: 'LIST',
    description:
      'controllers to run: * for the defaults, name to enable, -name to disable (default *,bootstrapsigner,tokencleaner)',
  },
  ...nodeLifecycleFlags,
};

/**
 * The controllers `k8ts server` runs when --controllers is not given: every default one plus the
 * bootstrap token controllers, as kubeadm configures its controller manager.
 */
export const SERVER_DEFAULT_CONTROLLERS: readonly string[] = ['*', 'bootstrapsigner', 'tokencleaner'];

/**
 * Sets up what joining nodes need (node-join/): the default token in DATA_DIR/token, cluster-info
 * and RBAC. A failure (say, Secrets unreadable under a wrong encryption key) is logged and the
 * server runs on without it, as it would without the add-on.
 */
async function prepareNodeJoining(server: ApiServer, bindAddress: string, log: Logger): Promise<void> {
  // The admin kubeconfig sits at the top of the data directory.
  const dataDir = path.dirname(server.kubeconfigPath);
  const client = await embeddedClient(server, ADMIN_IDENTITY, 'in-process', { component: 'k8ts-server' });
  try {
    await setUpNodeJoining({
      client,
      dataDir,
      server: clusterInfoServerUrl(server.url, bindAddress),
      caPem: server.pki.ca.certPem,
      log: log.child('node-join'),
    });
    log.info('nodes join with: k8ts agent --server URL --token TOKEN', { token: joinTokenPath(dataDir) });
  } catch (err) {
    log.warn('node joining is not set up', { err });
  } finally {
    client.close();
  }
}

/**
 * The scheduler and controller manager (and simulated nodes, `sim`) in the components thread, then
 * any other node agent, once the apiserver serves.
 */
function serverComponents(
  options: ControlPlaneOptions,
  bindAddress: string,
  agents?: { readonly sim: SimNodesSpec } | ((allocates: () => boolean) => StartAgents),
): StartAgents {
  return async (server, log) => {
    await prepareNodeJoining(server, bindAddress, log);
    const components = await startComponentsThread(
      server,
      {
        plane: options,
        ...(agents !== undefined && 'sim' in agents ? { sim: agents.sim } : {}),
        // A component's uncaught error ends the server, as it would in one thread: a supervisor
        // restarts it whole rather than it serving on without scheduler and controllers.
        onUnexpectedExit: () => process.exit(1),
      },
      log,
    );
    let stopAgents: (() => Promise<void>) | undefined;
    try {
      if (typeof agents === 'function')
        stopAgents = await agents(() => components.allocatesPodCidrs)(server, log);
    } catch (err) {
      await components.stop();
      throw err;
    }
    return async () => {
      await stopAgents?.();
      await components.stop();
    };
  };
}

/** `k8ts server`: the all-in-one control plane: apiserver, scheduler, controller manager (+ simulated nodes with --node-runtime sim). */
export const serverCommand: Command = {
  name: 'server',
  summary: 'all-in-one: apiserver + scheduler + controller-manager (+ node agent)',
  flags: { ...serverFlags, ...controlPlaneComponentFlags },
  async run(flags) {
    let plane: ControlPlaneOptions;
    try {
      plane = {
        scheduler: flags['disable-scheduler'] !== true,
        controllers:
          flags['disable-controller-manager'] === true
            ? undefined
            : controllersFlag(flags['controllers'], SERVER_DEFAULT_CONTROLLERS),
        nodeLifecycle: nodeLifecycleSettings(flags),
        ...(flags['cluster-cidr'] !== undefined
          ? { clusterCidrs: String(flags['cluster-cidr']).split(',') }
          : {}),
      };
    } catch (err) {
      console.error(`k8ts server: ${(err as Error).message}`);
      return 1;
    }
    try {
      checkControlPlaneOptions(plane);
    } catch (err) {
      console.error(`k8ts server: --controllers: ${(err as Error).message}`);
      return 1;
    }
    const simNodes = flags['sim-nodes'] as string | undefined;
    // --sim-nodes alone asks for simulated nodes.
    let runtime =
      (flags['node-runtime'] as string | undefined) ?? (simNodes !== undefined ? 'sim' : undefined);
    const usable =
      runtime === undefined || runtime === 'containerd' ? await containerdUsable() : { usable: true };
    if (runtime === undefined) {
      // containerd when it can run here; otherwise no node agent, and say why.
      runtime = usable.usable ? 'containerd' : 'none';
      if (!usable.usable)
        console.error(
          `k8ts server: no node agent: ${usable.reason ?? ''} (use --node-runtime sim for simulated nodes)`,
        );
    }
    if (runtime === 'sim') {
      const count = Number(simNodes ?? '1');
      if (!Number.isInteger(count) || count < 0 || simNodes?.trim() === '') {
        console.error(`k8ts server: --sim-nodes must be a non-negative integer, got "${String(simNodes)}"`);
        return 1;
      }
      // More nodes than 10.42.0.0/16 has /24s: node-ipam takes the range the simulator would.
      const simPlane = count > 256 ? { ...plane, clusterCidrs: [LARGE_SIM_CLUSTER_CIDR] } : plane;
      return runApiServer(
        flags,
        'server',
        serverComponents(simPlane, String(flags['bind-address']), { sim: { count } }),
      );
    }
    if (runtime === 'containerd') {
      if (!usable.usable && flags['container-runtime-endpoint'] === undefined) {
        console.error(`k8ts server: --node-runtime containerd: ${usable.reason ?? ''}`);
        return 1;
      }
      try {
        kubeletRuntimeSettings(flags);
        kubeletServerSettings(flags, 'kubelet-');
        kubeletNodeName(flags);
      } catch (err) {
        console.error(`k8ts server: ${(err as Error).message}`);
        return 1;
      }
      return runApiServer(
        flags,
        'server',
        serverComponents(plane, String(flags['bind-address']), (allocates) =>
          containerdAgent(flags, allocates),
        ),
      );
    }
    if (runtime !== 'none') {
      console.error(`k8ts server: --node-runtime must be containerd, sim or none, got "${runtime}"`);
      return 1;
    }
    return runApiServer(flags, 'server', serverComponents(plane, String(flags['bind-address'])));
  },
};

/** `k8ts apiserver`: the API server alone. */
export const apiserverCommand: Command = {
  name: 'apiserver',
  summary: 'the API server alone',
  flags: {
    ...controlPlaneFlags,
    'service-cidr': serverFlags['service-cidr'],
    'service-node-port-range': serverFlags['service-node-port-range'],
  },
  run: (flags) => runApiServer(flags, 'apiserver'),
};

import { createLogger } from '../base/logger.js';
import { anonymousRestConfig, KubeClient, loadRestConfig } from '../client/index.js';
import { runControllerManager } from '../controllers/controller-manager.js';
import type { NodeLifecycleSettings } from '../controllers/node-lifecycle/index.js';
import type { Command, FlagValues } from './command.js';
import { nodeLifecycleFlags, nodeLifecycleSettings } from './node-lifecycle-flags.js';

/** Parses --controllers (comma-separated, upstream's syntax); `defaults` when not given. */
export function controllersFlag(value: unknown, defaults: readonly string[] = ['*']): string[] {
  return typeof value === 'string' && value !== '' ? value.split(',').map((s) => s.trim()) : [...defaults];
}

/** Runs the controller manager against `kubeconfig` until SIGINT/SIGTERM (or `signal`). */
export async function startControllerManager(options: {
  kubeconfig: string;
  controllers: string[];
  leaderElect: boolean;
  signal: AbortSignal;
  /** The cluster CA to publish as kube-root-ca.crt (the all-in-one server passes DATA_DIR/pki/ca.crt). */
  caFile?: string;
  /**
   * Upstream's --use-service-account-credentials: each controller runs as its kube-system
   * service account with a TokenRequest token, over the kubeconfig's server and CA.
   */
  useServiceAccountCredentials?: boolean;
  /** --node-monitor-grace-period and the other node lifecycle timings. */
  nodeLifecycle?: NodeLifecycleSettings;
  /** --cluster-signing-cert-file / --cluster-signing-key-file: the CA that signs approved CSRs. */
  clusterSigning?: { certFile: string; keyFile: string };
}): Promise<void> {
  const log = createLogger('controller-manager');
  const config = await loadRestConfig({ path: options.kubeconfig });
  // Upstream's controller manager defaults to 20 qps / 30 burst; k8ts runs it next to the
  // apiserver, so give it room for bursts of pod creations.
  const limits = { qps: 200, burst: 400 };
  const client = KubeClient.fromRestConfig(config, { component: 'kube-controller-manager', ...limits });
  try {
    await runControllerManager({
      client,
      controllers: options.controllers,
      leaderElect: options.leaderElect,
      settings: {
        ...(options.caFile ? { caFile: options.caFile } : {}),
        ...(options.nodeLifecycle ? { nodeLifecycle: options.nodeLifecycle } : {}),
        ...(options.clusterSigning ? { clusterSigning: options.clusterSigning } : {}),
      },
      ...(options.useServiceAccountCredentials
        ? {
            serviceAccountCredentials: {
              newClient: (settings) => KubeClient.fromRestConfig(anonymousRestConfig(config), settings),
              settings: limits,
            },
          }
        : {}),
      log,
      signal: options.signal,
    });
  } finally {
    client.close();
  }
}

/** `k8ts controller-manager`: every controller, reconciling through the API. */
export const controllerManagerCommand: Command = {
  name: 'controller-manager',
  summary: 'the controller manager alone',
  flags: {
    kubeconfig: { type: 'string', placeholder: 'FILE', description: 'kubeconfig of the cluster' },
    controllers: {
      type: 'string',
      placeholder: 'LIST',
      description: 'controllers to run: * for all, name to enable, -name to disable (default *)',
    },
    'leader-elect': {
      type: 'boolean',
      description: 'run only while holding the kube-controller-manager Lease',
    },
    'root-ca-file': {
      type: 'string',
      placeholder: 'FILE',
      description: 'cluster CA to publish in every namespace as the kube-root-ca.crt ConfigMap',
    },
    'cluster-signing-cert-file': {
      type: 'string',
      placeholder: 'FILE',
      description: 'CA certificate that signs approved CertificateSigningRequests',
    },
    'cluster-signing-key-file': {
      type: 'string',
      placeholder: 'FILE',
      description: 'private key of --cluster-signing-cert-file',
    },
    'use-service-account-credentials': {
      type: 'boolean',
      description: 'run each controller as its own kube-system service account (token from TokenRequest)',
    },
    ...nodeLifecycleFlags,
  },
  async run(flags: FlagValues) {
    const kubeconfig = flags['kubeconfig'];
    if (typeof kubeconfig !== 'string') {
      console.error('k8ts controller-manager: --kubeconfig is required');
      return 1;
    }
    const certFile = flags['cluster-signing-cert-file'];
    const keyFile = flags['cluster-signing-key-file'];
    if ((typeof certFile === 'string') !== (typeof keyFile === 'string')) {
      console.error(
        'k8ts controller-manager: --cluster-signing-cert-file and --cluster-signing-key-file must be given together',
      );
      return 1;
    }
    const controller = new AbortController();
    process.once('SIGINT', () => controller.abort());
    process.once('SIGTERM', () => controller.abort());
    try {
      await startControllerManager({
        kubeconfig,
        controllers: controllersFlag(flags['controllers']),
        leaderElect: flags['leader-elect'] === true,
        useServiceAccountCredentials: flags['use-service-account-credentials'] === true,
        signal: controller.signal,
        ...(typeof flags['root-ca-file'] === 'string' ? { caFile: flags['root-ca-file'] } : {}),
        nodeLifecycle: nodeLifecycleSettings(flags),
        ...(typeof certFile === 'string' && typeof keyFile === 'string'
          ? { clusterSigning: { certFile, keyFile } }
          : {}),
      });
    } catch (err) {
      console.error(`k8ts controller-manager: ${(err as Error).message}`);
      return 1;
    }
    return 0;
  },
};

// A node's credentials: the kubeconfig from an earlier bootstrap while its certificate is good,
// else TLS bootstrap with a bootstrap token — discover and verify the cluster CA, have a client
// certificate for system:node:<name> issued, and keep it in DATA_DIR/kubelet.kubeconfig.
import { parseBootstrapToken } from '../../api/bootstrap-tokens/bootstrap-token.js';
import type { Logger } from '../../base/logger.js';
import { KubeClient, type RestConfig } from '../../client/index.js';
import { discoverClusterInfo } from './cluster-info-discovery.js';
import {
  kubeletKubeconfigPath,
  reusableKubeletKubeconfig,
  writeKubeletKubeconfig,
} from './kubelet-kubeconfig.js';
import { requestNodeCertificate } from './request-node-certificate.js';

/** What ensureNodeCredentials needs. */
export interface NodeCredentialsOptions {
  /** The URL to join (`--server`); the node talks to the cluster there from then on. */
  readonly server: string;
  /** `<id>.<secret>`; only needed when there is no usable kubeconfig yet. */
  readonly token: string | undefined;
  readonly nodeName: string;
  readonly dataDir: string;
  /** CA public key pins, `sha256:<hex>` (already validated). */
  readonly caCertHashes: readonly string[];
  readonly log: Logger;
  readonly signal: AbortSignal;
  /** How long discovery keeps trying (default 5 minutes). */
  readonly discoveryTimeoutMs?: number;
}

/** The node's REST config (server, CA, client certificate), bootstrapping first when needed. */
export async function ensureNodeCredentials(options: NodeCredentialsOptions): Promise<RestConfig> {
  const { log, nodeName, server } = options;
  const file = kubeletKubeconfigPath(options.dataDir);
  const existing = await reusableKubeletKubeconfig(file, nodeName, Date.now());
  if ('config' in existing) {
    log.info('using the node credentials of an earlier bootstrap', { kubeconfig: file });
    return { ...existing.config, server };
  }
  log.info('bootstrapping node credentials', { because: existing.reason });
  if (options.token === undefined) throw new Error(`--token is needed to join: ${existing.reason}`);
  const token = parseBootstrapToken(options.token.trim());
  if (token === undefined)
    throw new Error('--token is not a bootstrap token: expected <6 of [a-z0-9]>.<16 of [a-z0-9]>');
  const info = await discoverClusterInfo({
    server,
    token,
    caCertHashes: options.caCertHashes,
    log,
    signal: options.signal,
    ...(options.discoveryTimeoutMs !== undefined ? { timeoutMs: options.discoveryTimeoutMs } : {}),
  });
  const bootstrapClient = KubeClient.fromRestConfig(
    { server, namespace: 'default', caData: info.caPem, token: options.token.trim() },
    { component: 'kubelet' },
  );
  let issued;
  try {
    log.info('requesting a client certificate', { node: nodeName });
    issued = await requestNodeCertificate({ client: bootstrapClient, nodeName, signal: options.signal });
  } finally {
    bootstrapClient.close();
  }
  await writeKubeletKubeconfig(file, { server, caPem: info.caPem, ...issued });
  log.info('node client certificate issued', { node: nodeName, kubeconfig: file });
  return {
    server,
    namespace: 'default',
    caData: info.caPem,
    certData: issued.certPem,
    keyData: issued.keyPem,
  };
}

// Finding the cluster's CA from nothing but its URL and a bootstrap token, as `kubeadm join` does:
// read kube-public/cluster-info without verifying TLS (anonymous may), verify it with the token
// (cluster-info-verification.ts), then read it again over TLS verified against the CA it named and
// insist on the same content. Transient failures — the server still starting, the ConfigMap or its
// RBAC not there yet — are retried until the timeout; a token that does not match fails at once.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ConfigMap } from 'kubernetes-types/core/v1.js';
import type { BootstrapToken } from '../../api/bootstrap-tokens/bootstrap-token.js';
import { CLUSTER_INFO_NAME, CLUSTER_INFO_NAMESPACE } from '../../api/bootstrap-tokens/cluster-info.js';
import type { Logger } from '../../base/logger.js';
import { isConnectionError, KubeClient, type RestConfig } from '../../client/index.js';
import { isStatusError } from '../../machinery/errors/index.js';
import { verifyClusterInfo, type TrustedClusterInfo } from './cluster-info-verification.js';

/** What discoverClusterInfo needs. */
export interface ClusterInfoDiscoveryOptions {
  /** The URL given to join (`--server`). */
  readonly server: string;
  readonly token: BootstrapToken;
  /** CA public key pins (`sha256:<hex>`); none trusts whatever CA the token vouches for. */
  readonly caCertHashes: readonly string[];
  readonly log: Logger;
  readonly signal: AbortSignal;
  /** How long to keep trying overall (default 5 minutes, kubeadm's discovery timeout). */
  readonly timeoutMs?: number;
  /** How long to wait for a signature of this token to appear (default 30 s). */
  readonly signatureWaitMs?: number;
}

const configMapsResource = { group: '', version: 'v1', resource: 'configmaps' };

function readClusterInfo(config: RestConfig, signal: AbortSignal): Promise<ConfigMap> {
  // No client retries: the loop below decides what is worth another try.
  const client = KubeClient.fromRestConfig(config, { component: 'kubelet', retry: { maxRetries: 0 } });
  return client
    .resource<ConfigMap>(configMapsResource)
    .namespace(CLUSTER_INFO_NAMESPACE)
    .get(CLUSTER_INFO_NAME, { signal })
    .finally(() => client.close());
}

/** Failures that may pass: nothing answers yet, the server is busy, or the ConfigMap/RBAC is not there yet. */
function isTransient(err: unknown): boolean {
  if (isConnectionError(err)) return true;
  if (!isStatusError(err)) return false;
  const code = err.status.code ?? 0;
  return code === 403 || code === 404 || code === 429 || code >= 500;
}

/** The verified cluster-info of the cluster at `options.server`. Throws with a reason when it cannot be had. */
export async function discoverClusterInfo(options: ClusterInfoDiscoveryOptions): Promise<TrustedClusterInfo> {
  const { server, token, log, signal } = options;
  const started = Date.now();
  const deadline = started + (options.timeoutMs ?? 300_000);
  let signatureDeadline: number | undefined;
  let lastProblem = '';
  const insecure: RestConfig = { server, namespace: 'default', insecureSkipTlsVerify: true };
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) {
      if (Date.now() >= deadline)
        throw new Error(`could not get a trusted cluster-info from ${server} in time: ${lastProblem}`);
      await sleep(Math.min(5000, 500 * attempt), undefined, { signal });
    }
    let cm: ConfigMap;
    try {
      cm = await readClusterInfo(insecure, signal);
    } catch (err) {
      signal.throwIfAborted();
      if (!isTransient(err))
        throw new Error(`cannot read cluster-info from ${server}: ${(err as Error).message}`, { cause: err });
      lastProblem = (err as Error).message;
      log.info('waiting for cluster-info', { server, problem: lastProblem });
      continue;
    }
    const verdict = verifyClusterInfo(cm, token, options.caCertHashes);
    if (!verdict.ok) {
      if (!verdict.retry) throw new Error(verdict.message);
      signatureDeadline ??= Date.now() + (options.signatureWaitMs ?? 30_000);
      if (Date.now() >= signatureDeadline) throw new Error(verdict.message);
      lastProblem = verdict.message;
      log.info('waiting for cluster-info to be signed for this token', { tokenId: token.id });
      continue;
    }
    if (options.caCertHashes.length === 0)
      log.warn('trusting the cluster CA on the token alone; pin it with --ca-cert-hash for more safety');
    // Now over verified TLS: the server must hold the CA's key, and say the same thing again.
    const again = await readClusterInfo({ server, namespace: 'default', caData: verdict.caPem }, signal);
    if (again.data?.['kubeconfig'] !== verdict.kubeconfig)
      throw new Error('cluster-info read over verified TLS differs from the token-verified copy');
    log.info('cluster-info verified', { server, tokenId: token.id, ms: Date.now() - started });
    return verdict;
  }
}

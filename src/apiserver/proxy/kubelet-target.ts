import type { Node } from 'kubernetes-types/core/v1.js';
import type { BackendTarget } from './backend-target.js';
import type { KubeletClientConfig } from './kubelet-client-config.js';
import { preferredNodeAddress } from './node-address.js';

/**
 * The node's kubelet as upstream's NodeConnectionInfoGetter finds it: HTTPS on the preferred
 * address, at status.daemonEndpoints.kubeletEndpoint.Port (the configured default port when the
 * node publishes none), with the apiserver's client certificate. `insecureSkipVerify` drops the
 * serving-certificate check (the logs' insecureSkipTLSVerifyBackend option).
 */
export function kubeletTarget(
  node: Node,
  config: KubeletClientConfig,
  options: { readonly insecureSkipVerify?: boolean } = {},
): BackendTarget {
  const host = preferredNodeAddress(node, config.preferredAddressTypes);
  const published = node.status?.daemonEndpoints?.kubeletEndpoint?.Port ?? 0;
  const verify = config.caPem !== undefined && options.insecureSkipVerify !== true;
  return {
    scheme: 'https',
    host,
    port: published > 0 ? published : config.defaultPort,
    tls: { certPem: config.certPem, keyPem: config.keyPem, ...(verify ? { caPem: config.caPem } : {}) },
    connectTimeoutMs: config.timeoutMs,
  };
}

import type { Node } from 'kubernetes-types/core/v1.js';
import type { BackendTarget } from '../proxy/backend-target.js';
import type { KubeletClientConfig } from '../proxy/kubelet-client-config.js';
import { kubeletTarget } from '../proxy/kubelet-target.js';
import { plainServerError } from '../proxy/proxy-errors.js';
import type { ResourceRegistry } from '../resource-registry.js';
import type { ServerContext } from './server-context.js';

/** The kubelet settings of the server; a 500 when the server was started without them. */
export function kubeletClientOf(ctx: ServerContext): KubeletClientConfig {
  if (ctx.kubeletClient === undefined) throw plainServerError('no kubelet client is configured');
  return ctx.kubeletClient;
}

/** The node (a 404 `nodes "x" not found` when it does not exist), read from storage as upstream's connection info getter does. */
export async function readNode(registry: ResourceRegistry, nodeName: string): Promise<Node> {
  return (await registry.preferred('', 'nodes').store.get('', nodeName)) as Node;
}

/** The kubelet of `nodeName`, as upstream's NodeConnectionInfoGetter finds it. */
export async function nodeKubelet(
  registry: ResourceRegistry,
  ctx: ServerContext,
  nodeName: string,
  options: { readonly insecureSkipVerify?: boolean } = {},
): Promise<BackendTarget> {
  const config = kubeletClientOf(ctx);
  return kubeletTarget(await readNode(registry, nodeName), config, options);
}

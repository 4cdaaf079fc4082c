// nodes/NAME[:PORT]/proxy/PATH: upstream's node ProxyREST and ResourceLocation. Without a port
// (or with the kubelet's own) the request goes to the kubelet over HTTPS with the apiserver's
// client certificate; another port is reached on the node's address without it.

import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { badRequest, goQuote } from '../../machinery/errors/index.js';
import type { ApiRequest } from '../http/api-request.js';
import type { BackendTarget } from '../proxy/backend-target.js';
import { kubeletTarget } from '../proxy/kubelet-target.js';
import { isProxyableIp } from '../proxy/proxyable-address.js';
import { splitSchemeNamePort } from '../proxy/scheme-name-port.js';
import type { ResourceRegistry } from '../resource-registry.js';
import { kubeletClientOf, readNode } from './node-kubelet.js';
import { serveProxySubresource } from './proxy-subresource.js';
import type { ServedResource } from './served-resource.js';
import type { ServerContext } from './server-context.js';

/** Upstream's isProxyableHostname: every address the host resolves to must be proxyable. */
async function checkProxyableHost(host: string): Promise<void> {
  let addresses: string[];
  if (isIP(host) !== 0) addresses = [host];
  else {
    try {
      addresses = (await lookup(host, { all: true })).map((a) => a.address);
    } catch {
      throw badRequest(`lookup ${host}: no such host`);
    }
  }
  if (!addresses.every(isProxyableIp)) throw badRequest('address not allowed');
}

/** Where nodes/proxy for `id` (`name`, `name:port`, `scheme:name:port`) goes. */
export async function nodeProxyTarget(
  registry: ResourceRegistry,
  ctx: ServerContext,
  id: string,
): Promise<BackendTarget> {
  const parsed = splitSchemeNamePort(id);
  if (parsed === undefined) throw badRequest(`invalid node request ${goQuote(id)}`);
  const config = kubeletClientOf(ctx);
  const kubelet = kubeletTarget(await readNode(registry, parsed.name), config);
  await checkProxyableHost(kubelet.host);
  if (parsed.port === '' || parsed.port === String(kubelet.port)) return kubelet;
  const port = Number(parsed.port);
  if (!/^\d+$/.test(parsed.port) || port < 1 || port > 65535) {
    // Go would fail to dial `host:name`; a named port means nothing on a node.
    throw badRequest(`invalid node request ${goQuote(id)}`);
  }
  return {
    scheme: parsed.scheme === 'https' ? 'https' : 'http',
    host: kubelet.host,
    port,
    ...(parsed.scheme === 'https' ? { tls: {} } : {}),
  };
}

/** Serves one nodes/proxy request. */
export function handleNodeProxy(
  areq: ApiRequest,
  nodes: ServedResource,
  registry: ResourceRegistry,
  ctx: ServerContext,
): Promise<void> {
  return serveProxySubresource(areq, nodes, ctx, () => nodeProxyTarget(registry, ctx, areq.info.name));
}

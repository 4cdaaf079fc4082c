// Which endpoint serves the streaming subresources — pods/log, pods/exec, pods/attach,
// pods/portforward, pods/proxy, services/proxy, nodes/proxy — by the HTTP methods upstream
// registers for each (ConnectMethods).

import { methodNotSupported } from '../../machinery/errors/index.js';
import type { ApiRequest } from '../http/api-request.js';
import type { ResourceRegistry } from '../resource-registry.js';
import { handleNodeProxy } from './node-proxy.js';
import { handlePodLog } from './pod-log.js';
import { handlePodProxy } from './pod-proxy.js';
import { handlePodStream } from './pod-stream.js';
import type { ServedResource } from './served-resource.js';
import type { ServerContext } from './server-context.js';
import { handleServiceProxy } from './service-proxy.js';

// Upstream's proxyMethods and upgradeableMethods (GET for WebSocket clients, POST for SPDY).
const proxyMethods = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const streamMethods = new Set(['GET', 'POST']);

/**
 * Serves the request when it addresses one of the streaming subresources of the core group
 * (resolving when the response or session is over); undefined for every other subresource.
 */
export function routeConnect(
  areq: ApiRequest,
  served: ServedResource,
  registry: ResourceRegistry,
  ctx: ServerContext,
): Promise<void> | undefined {
  const { subresource } = areq.info;
  const { group, resource } = served.type;
  if (group !== '') return undefined;
  const method = areq.req.method ?? 'GET';
  const refuse = (allowed: ReadonlySet<string>) => {
    if (!allowed.has(method)) {
      throw methodNotSupported({ group, resource: `${resource}/${subresource}` }, areq.info.verb);
    }
  };
  if (resource === 'pods') {
    switch (subresource) {
      case 'log':
        refuse(new Set(['GET']));
        return handlePodLog(areq, served, registry, ctx);
      case 'exec':
      case 'attach':
      case 'portforward':
        refuse(streamMethods);
        return handlePodStream(areq, served, registry, ctx);
      case 'proxy':
        refuse(proxyMethods);
        return handlePodProxy(areq, served, ctx);
      default:
        return undefined;
    }
  }
  if (subresource !== 'proxy') return undefined;
  if (resource === 'services') {
    refuse(proxyMethods);
    return handleServiceProxy(areq, served, registry, ctx);
  }
  if (resource === 'nodes') {
    refuse(proxyMethods);
    return handleNodeProxy(areq, served, registry, ctx);
  }
  return undefined;
}

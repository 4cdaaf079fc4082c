// The common flow of pods/proxy, services/proxy and nodes/proxy, as upstream's ConnectResource
// with a ProxyREST and its UpgradeAwareHandler: the path after `/proxy` is the backend path, the
// request is admitted (CONNECT, with the *ProxyOptions object), the backend located, and then
// either the upgrade relayed or the HTTP request reverse-proxied.

import type { ApiRequest } from '../http/api-request.js';
import { canTakeOverConnection } from '../http/upgraded-connections.js';
import type { BackendTarget } from '../proxy/backend-target.js';
import { proxyHttp } from '../proxy/http-proxy.js';
import { proxyUpgrade } from '../proxy/upgrade-proxy.js';
import { admitConnect, refuseDryRun } from './connect-request.js';
import type { ServedResource } from './served-resource.js';
import type { ServerContext } from './server-context.js';

/** The request path split at the proxy subresource, still escaped as the client sent it. */
export interface ProxyRequestPath {
  /** Everything up to and including `/proxy`. */
  readonly prefix: string;
  /** What follows (`/stats/summary`, `/` or ''), trailing slash kept. */
  readonly subpath: string;
}

/** Splits `/api/v1/.../<resource>/<id>/proxy/<rest>` into the proxy prefix and the backend path. */
export function proxyRequestPath(pathname: string, resource: string): ProxyRequestPath {
  const m = new RegExp(`^(.*?/${resource}/[^/]+/proxy)(/.*)?$`).exec(pathname);
  if (m === null) return { prefix: pathname, subpath: '' };
  return { prefix: m[1]!, subpath: m[2] ?? '' };
}

/** The *ProxyOptions kinds admission sees, by resource. */
const optionsKinds: Readonly<Record<string, string>> = {
  pods: 'PodProxyOptions',
  services: 'ServiceProxyOptions',
  nodes: 'NodeProxyOptions',
};

/**
 * Serves a proxy subresource request once `locate` finds its backend. A GET or HEAD of the bare
 * `.../proxy` is redirected to `.../proxy/` (upstream's fix for relative links), after upgrades
 * had their chance as upstream orders it. Resolves when the response or session is over.
 */
export async function serveProxySubresource(
  areq: ApiRequest,
  served: ServedResource,
  ctx: ServerContext,
  locate: () => Promise<BackendTarget>,
): Promise<void> {
  const { url, req, res } = areq;
  refuseDryRun(url.searchParams);
  const { prefix, subpath } = proxyRequestPath(url.pathname, served.type.resource);
  const options = {
    kind: optionsKinds[served.type.resource] ?? 'ProxyOptions',
    apiVersion: 'v1',
    ...(subpath !== '' ? { path: subpath } : {}),
  };
  await admitConnect(areq, served, options, ctx);
  const target = await locate();
  const backendPath = `${subpath === '' ? '/' : subpath}${url.search}`;
  if (canTakeOverConnection(res)) return proxyUpgrade(areq, target, backendPath);
  if (subpath === '' && (req.method === 'GET' || req.method === 'HEAD')) {
    res.writeHead(301, { Location: `${url.pathname}/${url.search}`, 'Content-Length': '0' }).end();
    return;
  }
  return proxyHttp(areq, target, { path: backendPath, proxyPrefix: prefix });
}

// pods/[SCHEME:]NAME[:PORT]/proxy/PATH: upstream's pod ProxyREST and ResourceLocation — straight
// to the pod's IP (the first of status.podIPs), at the given port or the first port any container
// declares, over http unless the id says https (then without certificate checks, as upstream's
// proxy transport).

import type { Pod } from 'kubernetes-types/core/v1.js';
import { badRequest, goQuote } from '../../machinery/errors/index.js';
import type { ApiRequest } from '../http/api-request.js';
import type { BackendTarget } from '../proxy/backend-target.js';
import { isProxyableIp } from '../proxy/proxyable-address.js';
import { splitSchemeNamePort } from '../proxy/scheme-name-port.js';
import { serveProxySubresource } from './proxy-subresource.js';
import type { ServedResource } from './served-resource.js';
import type { ServerContext } from './server-context.js';

/** Where pods/proxy for `id` goes: the pod's IP and port; 400s as upstream for a bad id or address. */
export async function podProxyTarget(
  pods: ServedResource,
  namespace: string,
  id: string,
): Promise<BackendTarget> {
  const parsed = splitSchemeNamePort(id);
  if (parsed === undefined) throw badRequest(`invalid pod request ${goQuote(id)}`);
  const pod = (await pods.store.get(namespace, parsed.name)) as Pod;
  let port = parsed.port;
  if (port === '') {
    const declared = (pod.spec?.containers ?? []).find((c) => (c.ports ?? []).length > 0);
    if (declared) port = String(declared.ports![0]!.containerPort);
  }
  const podIp = pod.status?.podIPs?.[0]?.ip ?? pod.status?.podIP ?? '';
  if (!isProxyableIp(podIp)) throw badRequest('address not allowed');
  const scheme = parsed.scheme === 'https' ? 'https' : 'http';
  const number = port === '' ? (scheme === 'https' ? 443 : 80) : Number(port);
  // A named port is not resolved upstream either: dialing `ip:name` fails there.
  if (!Number.isInteger(number) || number < 1 || number > 65535) {
    throw badRequest(`invalid pod request ${goQuote(id)}`);
  }
  return { scheme, host: podIp, port: number, ...(scheme === 'https' ? { tls: {} } : {}) };
}

/** Serves one pods/proxy request. */
export function handlePodProxy(areq: ApiRequest, pods: ServedResource, ctx: ServerContext): Promise<void> {
  return serveProxySubresource(areq, pods, ctx, () =>
    podProxyTarget(pods, areq.info.namespace, areq.info.name),
  );
}

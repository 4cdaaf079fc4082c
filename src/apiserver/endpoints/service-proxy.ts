// services/[SCHEME:]NAME[:PORT]/proxy/PATH: upstream 1.32's service ProxyREST and
// ResourceLocation. The backend is a ready address of the service's Endpoints object whose
// subset carries the wanted port (by name; a port number is first mapped to its service port's
// name), starting at a random subset and address. Only addresses that point at an existing pod
// with that IP are used. 503 `no endpoints available for service "x"` when none fits.

import type { EndpointAddress, Endpoints, Pod, Service } from 'kubernetes-types/core/v1.js';
import { badRequest, goQuote, serviceUnavailable } from '../../machinery/errors/index.js';
import type { ApiRequest } from '../http/api-request.js';
import type { BackendTarget } from '../proxy/backend-target.js';
import { splitSchemeNamePort } from '../proxy/scheme-name-port.js';
import type { ResourceRegistry } from '../resource-registry.js';
import { serveProxySubresource } from './proxy-subresource.js';
import type { ServedResource } from './served-resource.js';
import type { ServerContext } from './server-context.js';

/** The rotation of `n` items starting at a random one. */
function fromRandomStart<T>(items: readonly T[]): T[] {
  const start = Math.floor(Math.random() * items.length);
  return [...items.slice(start), ...items.slice(0, start)];
}

/** Upstream's isValidAddress: the address names a pod of the namespace that has this IP. */
async function isValidAddress(
  registry: ResourceRegistry,
  namespace: string,
  address: EndpointAddress,
): Promise<boolean> {
  const ref = address.targetRef;
  if (ref === undefined || ref.namespace !== namespace || ref.name === undefined) return false;
  const pod = (await registry.preferred('', 'pods').store.find(namespace, ref.name)) as Pod | undefined;
  return (pod?.status?.podIPs ?? []).some((p) => p.ip === address.ip);
}

/** Where services/proxy for `id` goes. */
export async function serviceProxyTarget(
  services: ServedResource,
  registry: ResourceRegistry,
  namespace: string,
  id: string,
): Promise<BackendTarget> {
  const parsed = splitSchemeNamePort(id);
  if (parsed === undefined) throw badRequest(`invalid service request ${goQuote(id)}`);
  const { name } = parsed;
  let portName = parsed.port;
  if (/^[+-]?\d+$/.test(portName)) {
    const number = Number(portName);
    const service = (await services.store.get(namespace, name)) as Service;
    const declared = (service.spec?.ports ?? []).find((p) => p.port === number);
    if (declared === undefined) {
      throw serviceUnavailable(`no service port ${number} found for service ${goQuote(name)}`);
    }
    portName = declared.name ?? '';
  }
  const endpoints = (await registry.preferred('', 'endpoints').store.get(namespace, name)) as Endpoints;
  const subsets = endpoints.subsets ?? [];
  if (subsets.length === 0) throw serviceUnavailable(`no endpoints available for service ${goQuote(name)}`);
  for (const subset of fromRandomStart(subsets)) {
    const addresses = subset.addresses ?? [];
    if (addresses.length === 0) continue;
    for (const port of subset.ports ?? []) {
      if ((port.name ?? '') !== portName) continue;
      for (const address of fromRandomStart(addresses)) {
        if (!(await isValidAddress(registry, namespace, address))) continue;
        const scheme = parsed.scheme === 'https' ? 'https' : 'http';
        return { scheme, host: address.ip, port: port.port, ...(scheme === 'https' ? { tls: {} } : {}) };
      }
    }
  }
  throw serviceUnavailable(`no endpoints available for service ${goQuote(id)}`);
}

/** Serves one services/proxy request. */
export function handleServiceProxy(
  areq: ApiRequest,
  services: ServedResource,
  registry: ResourceRegistry,
  ctx: ServerContext,
): Promise<void> {
  return serveProxySubresource(areq, services, ctx, () =>
    serviceProxyTarget(services, registry, areq.info.namespace, areq.info.name),
  );
}

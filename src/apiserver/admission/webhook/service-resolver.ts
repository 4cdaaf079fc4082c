// Where a service-backed webhook is dialled. Only in-cluster addresses qualify: a ready endpoint
// that is the IP of a pod the cluster knows (so a hand-written Endpoints object cannot point the
// apiserver at an arbitrary host), else the Service's cluster IP, which the apiserver allocated.
// ExternalName services are refused, as upstream's endpoint resolver refuses them.

import type { KubeObject } from '../../../api/object.js';
import { goQuote } from '../../../machinery/errors/index.js';
import type { WebhookServiceReference } from './webhook-accessor.js';

/** Cache-first reads of the objects resolution needs (undefined: not found). */
export interface ServiceLookups {
  service(namespace: string, name: string): Promise<KubeObject | undefined>;
  endpoints(namespace: string, name: string): Promise<KubeObject | undefined>;
  pod(namespace: string, name: string): Promise<KubeObject | undefined>;
}

/** An address to dial. */
export interface DialAddress {
  readonly host: string;
  readonly port: number;
}

interface ServicePort {
  name?: string;
  port?: number;
}

interface EndpointAddress {
  ip?: string;
  targetRef?: { kind?: string; namespace?: string; name?: string };
}

interface EndpointSubset {
  addresses?: EndpointAddress[];
  ports?: { name?: string; port?: number }[];
}

async function isPodAddress(address: EndpointAddress, namespace: string, lookups: ServiceLookups) {
  const ref = address.targetRef;
  if (address.ip === undefined || ref?.kind !== 'Pod' || ref.name === undefined) return false;
  const pod = (await lookups.pod(ref.namespace ?? namespace, ref.name)) as
    { status?: { podIP?: string; podIPs?: { ip?: string }[] } } | undefined;
  const ips = [pod?.status?.podIP, ...(pod?.status?.podIPs ?? []).map((p) => p.ip)];
  return ips.includes(address.ip);
}

/** The ready pod endpoints serving the service port, as dialable addresses. */
async function podEndpoints(
  ref: WebhookServiceReference,
  servicePort: ServicePort,
  lookups: ServiceLookups,
): Promise<DialAddress[]> {
  const endpoints = (await lookups.endpoints(ref.namespace, ref.name)) as
    { subsets?: EndpointSubset[] } | undefined;
  const out: DialAddress[] = [];
  for (const subset of endpoints?.subsets ?? []) {
    for (const port of subset.ports ?? []) {
      if ((port.name ?? '') !== (servicePort.name ?? '') || port.port === undefined) continue;
      for (const address of subset.addresses ?? []) {
        if (await isPodAddress(address, ref.namespace, lookups))
          out.push({ host: address.ip!, port: port.port });
      }
    }
  }
  return out;
}

/** Resolves a webhook's service reference; throws an Error worded as upstream's resolver. */
export async function resolveService(
  ref: WebhookServiceReference,
  lookups: ServiceLookups,
): Promise<DialAddress> {
  const service = (await lookups.service(ref.namespace, ref.name)) as
    { spec?: { type?: string; clusterIP?: string; ports?: ServicePort[] } } | undefined;
  if (service === undefined) throw new Error(`service ${goQuote(ref.name)} not found`);
  const type = service.spec?.type ?? 'ClusterIP';
  if (!['ClusterIP', 'NodePort', 'LoadBalancer'].includes(type)) {
    throw new Error(`unsupported service type ${goQuote(type)}`);
  }
  const servicePort = (service.spec?.ports ?? []).find((p) => p.port === ref.port);
  if (servicePort === undefined)
    throw new Error(`no service port ${ref.port} found for service ${goQuote(ref.name)}`);
  const candidates = await podEndpoints(ref, servicePort, lookups);
  if (candidates.length > 0) return candidates[Math.floor(Math.random() * candidates.length)]!;
  const clusterIP = service.spec?.clusterIP;
  if (clusterIP !== undefined && clusterIP !== '' && clusterIP !== 'None')
    return { host: clusterIP, port: ref.port };
  throw new Error(`no endpoints available for service ${goQuote(ref.name)}`);
}

import { isIPv6 } from 'node:net';
import type { Node, Pod, Service } from 'kubernetes-types/core/v1.js';
import type { Endpoint, EndpointPort } from 'kubernetes-types/discovery/v1.js';
import { findPort, podIPsOf, shouldSetHostname } from '../shared/infra-endpoint-pods.js';
import { isPodReady } from '../shared/infra-pod.js';

/** The two IP address types an EndpointSlice of a Service can carry. */
export type IpAddressType = 'IPv4' | 'IPv6';

/** The topology label whose value becomes an endpoint's zone. */
export const zoneLabel = 'topology.kubernetes.io/zone';

/**
 * The Endpoint of `pod` for a slice of `addressType`: serving = pod Ready, terminating = being
 * deleted, ready = publishNotReadyAddresses or (serving and not terminating); node, zone and the
 * hostname when the pod's subdomain names the Service (podToEndpoint).
 */
export function podToEndpoint(
  pod: Pod,
  node: Node | undefined,
  service: Service,
  addressType: IpAddressType,
): Endpoint {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata?.deletionTimestamp;
  const ready = !!service.spec?.publishNotReadyAddresses || (serving && !terminating);
  const endpoint: Endpoint = {
    addresses: podAddresses(pod, addressType),
    conditions: { ready, serving, terminating },
    targetRef: {
      kind: 'Pod',
      namespace: pod.metadata?.namespace ?? '',
      name: pod.metadata?.name ?? '',
      uid: pod.metadata?.uid ?? '',
    },
  };
  if (pod.spec?.nodeName) endpoint.nodeName = pod.spec.nodeName;
  const zone = node?.metadata?.labels?.[zoneLabel];
  if (zone) endpoint.zone = zone;
  if (shouldSetHostname(pod, service)) endpoint.hostname = pod.spec?.hostname ?? '';
  return endpoint;
}

/** The pod's IPs of one family. */
export function podAddresses(pod: Pod, addressType: IpAddressType): string[] {
  return podIPsOf(pod).filter((ip) => isIPv6(ip) === (addressType === 'IPv6'));
}

/**
 * The slice ports of `service` for this pod: one per Service port whose target port the pod has
 * (named ports resolved per pod); none for a headless Service without ports (getEndpointPorts).
 */
export function endpointPortsFor(service: Service, pod: Pod): EndpointPort[] {
  const ports = service.spec?.ports ?? [];
  if (ports.length === 0 && service.spec?.clusterIP === 'None') return [];
  const out: EndpointPort[] = [];
  for (const sp of ports) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    out.push({
      name: sp.name ?? '',
      port,
      protocol: sp.protocol ?? 'TCP',
      ...(sp.appProtocol !== undefined ? { appProtocol: sp.appProtocol } : {}),
    });
  }
  return out;
}

/**
 * The address types a Service's slices carry: from spec.ipFamilies; without them, the family of
 * the ClusterIP, or both for a headless Service (getAddressTypesForService).
 */
export function addressTypesForService(service: Service): IpAddressType[] {
  const families = service.spec?.ipFamilies ?? [];
  const out = new Set<IpAddressType>();
  for (const f of families) if (f === 'IPv4' || f === 'IPv6') out.add(f);
  if (out.size > 0) return [...out];
  const clusterIP = service.spec?.clusterIP ?? '';
  if (clusterIP !== '' && clusterIP !== 'None') return [isIPv6(clusterIP) ? 'IPv6' : 'IPv4'];
  return ['IPv4', 'IPv6'];
}

/** A canonical key for a set of ports, whatever their order (NewPortMapKey). */
export function portMapKey(ports: readonly EndpointPort[] | undefined): string {
  return JSON.stringify(
    (ports ?? [])
      .map((p) => [p.name ?? '', p.port ?? null, p.protocol ?? 'TCP', p.appProtocol ?? null])
      .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)),
  );
}

import type { Endpoints, Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { ageColumn, ageOf, column, nameColumn, nameOf, printer } from './columns.js';
import { fieldDocs } from './field-docs.js';
import { formatLabels, joinHostPort, listWithMore, loadBalancerAddresses } from './format.js';

function externalIp(svc: Service, type: string): string {
  const external = svc.spec?.externalIPs ?? [];
  switch (type) {
    case 'ClusterIP':
    case 'NodePort':
      return external.length > 0 ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      // Server-side printing is always "wide", so the 16-character clipping never applies.
      const balancer = loadBalancerAddresses(svc.status?.loadBalancer?.ingress);
      if (external.length > 0) return [...(balancer ? balancer.split(',') : []), ...external].join(',');
      return balancer || '<pending>';
    }
    case 'ExternalName':
      return svc.spec?.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** Service ports as "80/TCP,443:30443/TCP" (node port shown when allocated), "<none>" when empty. */
export function servicePorts(svc: Service): string {
  const ports = (svc.spec?.ports ?? []).map((p) => {
    const protocol = p.protocol ?? 'TCP'; // the API default
    return p.nodePort && p.nodePort > 0 ? `${p.port}:${p.nodePort}/${protocol}` : `${p.port}/${protocol}`;
  });
  return ports.length > 0 ? ports.join(',') : '<none>';
}

/** core/v1 Service: Name, Type, Cluster-IP, External-IP, Port(s), Age; wide Selector. */
export const servicePrinter = printer<Service>(
  [
    nameColumn,
    column('Type', 'string', fieldDocs['core/v1.ServiceSpec.type']),
    column('Cluster-IP', 'string', fieldDocs['core/v1.ServiceSpec.clusterIP']),
    column('External-IP', 'string', fieldDocs['core/v1.ServiceSpec.externalIPs']),
    column('Port(s)', 'string', fieldDocs['core/v1.ServiceSpec.ports']),
    ageColumn,
    column('Selector', 'string', fieldDocs['core/v1.ServiceSpec.selector'], { wide: true }),
  ],
  (svc, now) => {
    const type = svc.spec?.type ?? 'ClusterIP'; // the API default
    // clusterIPs[0] is the primary; objects written before dual-stack may carry only clusterIP.
    const clusterIps = svc.spec?.clusterIPs ?? [];
    const clusterIp = clusterIps.length > 0 ? clusterIps[0] : svc.spec?.clusterIP || '<none>';
    return [
      nameOf(svc),
      type,
      clusterIp ?? '',
      externalIp(svc, type),
      servicePorts(svc),
      ageOf(svc, now),
      formatLabels(svc.spec?.selector),
    ];
  },
);

/** The Endpoints cell: up to three "ip:port" entries (bare IPs for port-less subsets), then "+ N more...". */
export function formatEndpoints(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let count = 0;
  for (const subset of subsets) {
    const addresses = subset.addresses ?? [];
    // Headless services may have no ports: then each address counts once.
    const ports = subset.ports && subset.ports.length > 0 ? subset.ports : [undefined];
    for (const port of ports) {
      count += addresses.length;
      for (const address of addresses) {
        if (list.length === max) break;
        list.push(port === undefined ? address.ip : joinHostPort(address.ip, port.port));
      }
    }
  }
  return listWithMore(list, count, max);
}

/** core/v1 Endpoints: Name, Endpoints, Age. */
export const endpointsPrinter = printer<Endpoints>(
  [nameColumn, column('Endpoints', 'string', fieldDocs['core/v1.Endpoints.subsets']), ageColumn],
  (ep, now) => [nameOf(ep), formatEndpoints(ep), ageOf(ep, now)],
);

// Like listWithMore, but an empty list reads "<unset>".
function listOrUnset(items: readonly string[], total: number): string {
  return total === 0 ? '<unset>' : listWithMore(items, total, 3);
}

/** discovery.k8s.io/v1 EndpointSlice: Name, AddressType, Ports, Endpoints, Age. */
export const endpointSlicePrinter = printer<EndpointSlice>(
  [
    nameColumn,
    column('AddressType', 'string', fieldDocs['discovery/v1beta1.EndpointSlice.addressType']),
    column('Ports', 'string', fieldDocs['discovery/v1beta1.EndpointSlice.ports']),
    column('Endpoints', 'string', fieldDocs['discovery/v1beta1.EndpointSlice.endpoints']),
    ageColumn,
  ],
  (slice, now) => {
    const ports = (slice.ports ?? []).map((p) => (p.port != null ? String(p.port) : (p.name ?? '*')));
    const addresses = (slice.endpoints ?? []).flatMap((e) => e.addresses ?? []);
    return [
      nameOf(slice),
      slice.addressType ?? '',
      listOrUnset(ports, ports.length),
      listOrUnset(addresses, addresses.length),
      ageOf(slice, now),
    ];
  },
);

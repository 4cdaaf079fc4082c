import { isIPv6 } from 'node:net';
import type {
  EndpointAddress,
  EndpointPort,
  EndpointSubset,
  Pod,
  Service,
} from 'kubernetes-types/core/v1.js';
import {
  findPort,
  podIPsOf,
  shouldPodBeInEndpoints,
  shouldSetHostname,
} from '../shared/infra-endpoint-pods.js';
import { isPodReady } from '../shared/infra-pod.js';

/** Endpoints hold at most this many addresses; more are truncated (maxCapacity). */
export const maxEndpointsCapacity = 1000;
/** The annotation set on Endpoints that were truncated. */
export const overCapacityAnnotation = 'endpoints.kubernetes.io/over-capacity';

/**
 * The address of `pod` for `service`: the pod IP of the Service's (first) IP family, with node
 * and target pod; undefined when the pod has no IP of that family (podToEndpointAddressForService).
 */
export function endpointAddressFor(service: Service, pod: Pod): EndpointAddress | undefined {
  const families = service.spec?.ipFamilies ?? [];
  let ipv6: boolean;
  if (families.length > 0) ipv6 = families[0] === 'IPv6';
  else {
    const clusterIP = service.spec?.clusterIP ?? '';
    ipv6 = clusterIP !== '' && clusterIP !== 'None' ? isIPv6(clusterIP) : isIPv6(pod.status?.podIP ?? '');
  }
  const ip = podIPsOf(pod).find((candidate) => isIPv6(candidate) === ipv6);
  if (ip === undefined) return undefined;
  const address: EndpointAddress = {
    ip,
    targetRef: {
      kind: 'Pod',
      namespace: pod.metadata?.namespace ?? '',
      name: pod.metadata?.name ?? '',
      uid: pod.metadata?.uid ?? '',
    },
  };
  if (pod.spec?.nodeName) address.nodeName = pod.spec.nodeName;
  if (shouldSetHostname(pod, service)) address.hostname = pod.spec?.hostname ?? '';
  return address;
}

/**
 * The packed subsets of `service` from its selected pods: ready pods (or all, with
 * publishNotReadyAddresses) as addresses, the others as notReadyAddresses, one entry per port the
 * pod resolves; terminating pods only with publishNotReadyAddresses.
 */
export function subsetsFor(
  service: Service,
  pods: readonly Pod[],
): { subsets: EndpointSubset[]; ready: number; notReady: number } {
  const publishNotReady = !!service.spec?.publishNotReadyAddresses;
  const raw: EndpointSubset[] = [];
  let ready = 0;
  let notReady = 0;
  const add = (pod: Pod, address: EndpointAddress, port: EndpointPort | undefined) => {
    const ports = port ? [port] : [];
    if (publishNotReady || isPodReady(pod)) {
      raw.push({ addresses: [address], ports });
      ready++;
    } else {
      raw.push({ notReadyAddresses: [address], ports });
      notReady++;
    }
  };
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publishNotReady)) continue;
    const address = endpointAddressFor(service, pod);
    if (address === undefined) continue;
    const servicePorts = service.spec?.ports ?? [];
    if (servicePorts.length === 0) {
      // A headless Service may have no ports at all.
      if (service.spec?.clusterIP === 'None') add(pod, address, undefined);
      continue;
    }
    for (const sp of servicePorts) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      add(pod, address, {
        // EndpointPort.name is omitempty: an unnamed Service port gives an unnamed endpoint port.
        ...(sp.name ? { name: sp.name } : {}),
        port,
        protocol: sp.protocol ?? 'TCP',
        ...(sp.appProtocol !== undefined ? { appProtocol: sp.appProtocol } : {}),
      });
    }
  }
  return { subsets: repackSubsets(raw), ready, notReady };
}

function addressIdentity(a: EndpointAddress): string {
  return `${a.ip}\u0000${a.targetRef?.uid ?? ''}`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders addresses by IP, then target UID (LessEndpointAddress). */
export function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  return compareText(a.ip, b.ip) || compareText(a.targetRef?.uid ?? '', b.targetRef?.uid ?? '');
}

function portKey(p: EndpointPort): string {
  return JSON.stringify([p.name ?? '', p.port, p.protocol ?? 'TCP', p.appProtocol ?? null]);
}

/**
 * Upstream's RepackSubsets: groups ports by the exact set of addresses (and readiness) behind
 * them, so every address/port pair appears once; an address not ready on a port is not ready
 * there even if another entry says ready. Subsets, addresses and ports come out sorted.
 */
export function repackSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  const addresses = new Map<string, EndpointAddress>();
  const sentinel = '<no port>';
  const ports = new Map<string, EndpointPort | undefined>();
  const readiness = new Map<string, Map<string, boolean>>();
  const note = (port: string, address: EndpointAddress, ready: boolean) => {
    const id = addressIdentity(address);
    if (!addresses.has(id)) addresses.set(id, address);
    let byAddress = readiness.get(port);
    if (byAddress === undefined) readiness.set(port, (byAddress = new Map()));
    if (byAddress.get(id) !== false) byAddress.set(id, ready);
  };
  for (const subset of subsets) {
    const subsetPorts = subset.ports ?? [];
    const keys = subsetPorts.length === 0 ? [sentinel] : subsetPorts.map(portKey);
    subsetPorts.forEach((p, i) => ports.set(keys[i] as string, p));
    for (const key of keys) {
      for (const a of subset.addresses ?? []) note(key, a, true);
      for (const a of subset.notReadyAddresses ?? []) note(key, a, false);
    }
  }
  const groups = new Map<string, { byAddress: Map<string, boolean>; ports: EndpointPort[] }>();
  for (const [key, byAddress] of readiness) {
    const signature = JSON.stringify([...byAddress.entries()].sort((a, b) => compareText(a[0], b[0])));
    let group = groups.get(signature);
    if (group === undefined) groups.set(signature, (group = { byAddress, ports: [] }));
    const port = ports.get(key);
    if (key !== sentinel && port !== undefined) group.ports.push(port);
  }
  const out: EndpointSubset[] = [];
  for (const { byAddress, ports: groupPorts } of groups.values()) {
    const ready: EndpointAddress[] = [];
    const notReady: EndpointAddress[] = [];
    for (const [id, isReady] of byAddress)
      (isReady ? ready : notReady).push(addresses.get(id) as EndpointAddress);
    const subset: EndpointSubset = {};
    if (ready.length > 0) subset.addresses = ready.sort(compareAddresses);
    if (notReady.length > 0) subset.notReadyAddresses = notReady.sort(compareAddresses);
    if (groupPorts.length > 0) subset.ports = groupPorts.sort((a, b) => compareText(portKey(a), portKey(b)));
    out.push(subset);
  }
  return out.sort((a, b) => compareText(subsetSortKey(a), subsetSortKey(b)));
}

function subsetSortKey(s: EndpointSubset): string {
  const first = s.addresses?.[0] ?? s.notReadyAddresses?.[0];
  return JSON.stringify([(s.ports ?? []).map(portKey), first?.ip ?? '']);
}

/**
 * Cuts subsets down to `maxEndpointsCapacity` addresses, keeping ready ones first and sharing
 * what is kept among subsets in proportion (truncateEndpoints). Returns whether it cut anything.
 */
export function truncateSubsets(subsets: EndpointSubset[]): boolean {
  let totalReady = 0;
  let totalNotReady = 0;
  for (const s of subsets) {
    totalReady += (s.addresses ?? []).length;
    totalNotReady += (s.notReadyAddresses ?? []).length;
  }
  if (totalReady + totalNotReady <= maxEndpointsCapacity) return false;
  const truncateReady = totalReady > maxEndpointsCapacity;
  const max = truncateReady ? maxEndpointsCapacity : maxEndpointsCapacity - totalReady;
  const total = truncateReady ? totalReady : totalNotReady;
  let canBeAdded = max;
  subsets.forEach((subset, i) => {
    const inSubset = truncateReady
      ? (subset.addresses ?? []).length
      : (subset.notReadyAddresses ?? []).length;
    const toBeAdded = Math.min(Math.ceil((inSubset / total) * max), canBeAdded);
    if (truncateReady) {
      const addresses = (subset.addresses ?? []).slice(0, toBeAdded);
      subsets[i] = { ...subset, addresses, notReadyAddresses: [] };
      canBeAdded -= addresses.length;
    } else {
      const notReadyAddresses = (subset.notReadyAddresses ?? []).slice(0, toBeAdded);
      subsets[i] = { ...subset, notReadyAddresses };
      canBeAdded -= notReadyAddresses.length;
    }
  });
  return true;
}

/** True unless the Endpoints are over capacity or carry the over-capacity annotation needlessly. */
export function capacityAnnotationSetCorrectly(
  annotations: Readonly<Record<string, string>> | undefined,
  subsets: readonly EndpointSubset[] | undefined,
): boolean {
  let count = 0;
  for (const s of subsets ?? []) count += (s.addresses ?? []).length + (s.notReadyAddresses ?? []).length;
  if (count > maxEndpointsCapacity) return false;
  return annotations?.[overCapacityAnnotation] === undefined;
}

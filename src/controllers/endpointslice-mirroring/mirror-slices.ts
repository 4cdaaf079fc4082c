import { isIP, isIPv6 } from 'node:net';
import type { EndpointAddress, EndpointPort as CorePort, Endpoints } from 'kubernetes-types/core/v1.js';
import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { EndpointSet, endpointsEqualBeyondKey } from '../shared/infra-endpoint-set.js';

/** This controller's managed-by value. */
export const mirroringControllerName = 'endpointslicemirroring-controller.k8s.io';
/** The label naming the Service an EndpointSlice belongs to. */
export const serviceNameLabel = 'kubernetes.io/service-name';
/** The label naming the controller that manages an EndpointSlice. */
export const managedByLabel = 'endpointslice.kubernetes.io/managed-by';
/** Endpoints with this label set to "true" are not mirrored. */
export const skipMirrorLabel = 'endpointslice.kubernetes.io/skip-mirror';

const triggerTimeAnnotation = 'endpoints.kubernetes.io/last-change-trigger-time';
const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';

/** What mirroring one Endpoints object takes. */
export interface MirrorPlan {
  readonly toCreate: EndpointSlice[];
  readonly toUpdate: EndpointSlice[];
  readonly toDelete: EndpointSlice[];
  /** Addresses that are not IPs (left out). */
  readonly invalid: number;
  /** Addresses left out: invalid ones plus those beyond the per-subset maximum. */
  readonly skipped: number;
}

interface Group {
  readonly addressType: 'IPv4' | 'IPv6';
  readonly ports: EndpointPort[];
  readonly endpoints: EndpointSet;
}

function slicePorts(ports: readonly CorePort[] | undefined): EndpointPort[] {
  return (ports ?? []).map((p) => ({
    name: p.name ?? '',
    port: p.port,
    protocol: p.protocol ?? 'TCP',
    ...(p.appProtocol !== undefined ? { appProtocol: p.appProtocol } : {}),
  }));
}

function groupKey(addressType: string, ports: readonly EndpointPort[] | undefined): string {
  const sorted = (ports ?? [])
    .map((p) => [p.name ?? '', p.port ?? null, p.protocol ?? 'TCP', p.appProtocol ?? null])
    .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  return `${addressType}-${JSON.stringify(sorted)}`;
}

/** The slice endpoint of an Endpoints address; undefined when the address is not an IP. */
export function addressToEndpoint(address: EndpointAddress, ready: boolean): Endpoint | undefined {
  if (isIP(address.ip) === 0) return undefined;
  const endpoint: Endpoint = { addresses: [address.ip], conditions: { ready } };
  if (address.targetRef) endpoint.targetRef = address.targetRef;
  if (address.nodeName) endpoint.nodeName = address.nodeName;
  if (address.hostname) endpoint.hostname = address.hostname;
  return endpoint;
}

function withoutKeys(
  map: Readonly<Record<string, string>> | undefined,
  ...keys: string[]
): Record<string, string> {
  const out: Record<string, string> = { ...(map ?? {}) };
  for (const k of keys) delete out[k];
  return out;
}

function sameMap(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const ak = Object.keys(a);
  return ak.length === Object.keys(b).length && ak.every((k) => a[k] === b[k]);
}

/**
 * A slice mirroring `endpoints`: its labels (plus service-name and managed-by) and annotations
 * (without the trigger time and last-applied configuration), owned by the Endpoints object.
 */
export function newMirrorSlice(
  endpoints: Endpoints,
  ports: EndpointPort[],
  addressType: string,
  name: string | undefined,
): EndpointSlice {
  const epName = endpoints.metadata?.name ?? '';
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      ...(name ? { name } : { generateName: epName.length + 1 > 253 ? epName : `${epName}-` }),
      namespace: endpoints.metadata?.namespace ?? '',
      labels: {
        ...(endpoints.metadata?.labels ?? {}),
        [serviceNameLabel]: epName,
        [managedByLabel]: mirroringControllerName,
      },
      annotations: withoutKeys(endpoints.metadata?.annotations, triggerTimeAnnotation, lastAppliedAnnotation),
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'Endpoints',
          name: epName,
          uid: endpoints.metadata?.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    addressType,
    ports,
    endpoints: [],
  };
}

/**
 * The slices that mirror `endpoints` (upstream's mirroring reconciler): one slice per address
 * type and port set with at most `maxEndpointsPerSubset` addresses of each subset, reusing the
 * first existing slice of a group and deleting the rest; slices of groups no longer present go.
 */
export function planMirror(
  endpoints: Endpoints,
  existing: readonly EndpointSlice[],
  maxEndpointsPerSubset: number,
): MirrorPlan {
  const groups = new Map<string, Group>();
  let invalid = 0;
  let skipped = 0;
  for (const subset of endpoints.subsets ?? []) {
    const ports = slicePorts(subset.ports);
    for (const addressType of ['IPv4', 'IPv6'] as const) {
      const key = groupKey(addressType, ports);
      if (!groups.has(key)) groups.set(key, { addressType, ports, endpoints: new EndpointSet() });
    }
    const total = (subset.addresses ?? []).length + (subset.notReadyAddresses ?? []).length;
    let added = 0;
    const add = (address: EndpointAddress, ready: boolean) => {
      if (added >= maxEndpointsPerSubset) return;
      const endpoint = addressToEndpoint(address, ready);
      if (endpoint === undefined) {
        invalid++;
        return;
      }
      const type = isIPv6(address.ip) ? 'IPv6' : 'IPv4';
      groups.get(groupKey(type, ports))?.endpoints.insert(endpoint);
      added++;
    };
    for (const a of subset.addresses ?? []) add(a, true);
    for (const a of subset.notReadyAddresses ?? []) add(a, false);
    skipped += total - added;
  }

  const existingByKey = new Map<string, EndpointSlice[]>();
  for (const slice of existing) {
    const key = groupKey(slice.addressType, slice.ports);
    existingByKey.set(key, [...(existingByKey.get(key) ?? []), slice]);
  }
  const toCreate: EndpointSlice[] = [];
  const toUpdate: EndpointSlice[] = [];
  const toDelete: EndpointSlice[] = [];
  const wantedAnnotations = withoutKeys(
    endpoints.metadata?.annotations,
    triggerTimeAnnotation,
    lastAppliedAnnotation,
  );
  for (const [key, group] of groups) {
    const slices = existingByKey.get(key) ?? [];
    if (group.endpoints.size === 0) {
      toDelete.push(...slices);
      continue;
    }
    const first = slices[0];
    if (first !== undefined) {
      toDelete.push(...slices.slice(1));
      const labels = withoutKeys(first.metadata?.labels, managedByLabel, serviceNameLabel);
      if (
        !changesNeeded(first, group.endpoints) &&
        sameMap(labels, endpoints.metadata?.labels ?? {}) &&
        sameMap(wantedAnnotations, first.metadata?.annotations ?? {})
      )
        continue;
    }
    const slice = newMirrorSlice(endpoints, group.ports, group.addressType, first?.metadata?.name);
    const filled: Endpoint[] = [];
    while (group.endpoints.size > 0 && filled.length < maxEndpointsPerSubset)
      filled.push(group.endpoints.popAny() as Endpoint);
    (first !== undefined ? toUpdate : toCreate).push({ ...slice, endpoints: filled });
  }
  for (const [key, slices] of existingByKey) if (!groups.has(key)) toDelete.push(...slices);

  // Recycle slices marked for deletion as the new ones of the same address type.
  for (const created of [...toCreate]) {
    const doomed = toDelete.findIndex((s) => s.addressType === created.addressType);
    if (doomed < 0) continue;
    const [reused] = toDelete.splice(doomed, 1);
    toCreate.splice(toCreate.indexOf(created), 1);
    toUpdate.push({ ...created, metadata: { ...created.metadata, name: reused?.metadata?.name ?? '' } });
  }
  return { toCreate, toUpdate, toDelete, invalid, skipped };
}

// True when the slice's endpoints differ from the desired set (totalChanges found anything).
function changesNeeded(slice: EndpointSlice, desired: EndpointSet): boolean {
  let matches = 0;
  for (const endpoint of slice.endpoints ?? []) {
    const want = desired.get(endpoint);
    if (want === undefined || !endpointsEqualBeyondKey(want, endpoint)) return true;
    matches++;
  }
  return desired.size !== matches;
}

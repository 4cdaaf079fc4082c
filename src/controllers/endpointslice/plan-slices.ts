import type { Node, Pod, Service } from 'kubernetes-types/core/v1.js';
import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { EndpointSet, endpointsEqualBeyondKey } from '../shared/infra-endpoint-set.js';
import { shouldPodBeInEndpoints } from '../shared/infra-endpoint-pods.js';
import {
  addressTypesForService,
  endpointPortsFor,
  podToEndpoint,
  portMapKey,
  type IpAddressType,
} from './endpoint-for-pod.js';
import { newSlice, sliceLabels, sliceOwnedBy } from './slice-labels.js';

/** Everything a plan is computed from; slices and pods are read, never changed. */
export interface SlicePlanInput {
  readonly service: Service;
  /** Pods matching the Service's selector. */
  readonly pods: readonly Pod[];
  /** This controller's existing slices of the Service (not being deleted). */
  readonly existingSlices: readonly EndpointSlice[];
  readonly nodeNamed: (name: string) => Node | undefined;
  readonly maxEndpointsPerSlice: number;
  readonly controllerName: string;
}

/** The writes that bring a Service's slices to the desired state. */
export interface SlicePlan {
  readonly toCreate: EndpointSlice[];
  readonly toUpdate: EndpointSlice[];
  readonly toDelete: EndpointSlice[];
  /** Pods left out because their Node is unknown (the sync is retried). */
  readonly missingNodes: string[];
}

interface PortGroup {
  readonly ports: EndpointPort[];
  readonly endpoints: EndpointSet;
}

/**
 * Upstream's reconciler as a pure function: per address type and per distinct port set, keeps
 * endpoints in the slices that already hold them, fills slices that changed anyway before
 * touching unchanged ones, packs leftovers into the unchanged slice closest to full or new slices
 * of at most `maxEndpointsPerSlice`, keeps one empty placeholder slice when there are no
 * endpoints, and turns creates into updates of slices that would be deleted.
 */
export function planSlices(input: SlicePlanInput): SlicePlan {
  const supported = addressTypesForService(input.service);
  const toCreate: EndpointSlice[] = [];
  const toUpdate: EndpointSlice[] = [];
  const toDelete: EndpointSlice[] = [];
  const missingNodes: string[] = [];
  const byType = new Map<string, EndpointSlice[]>();
  const unsupported: EndpointSlice[] = [];
  for (const slice of input.existingSlices) {
    if (!supported.includes(slice.addressType as IpAddressType)) unsupported.push(slice);
    else byType.set(slice.addressType, [...(byType.get(slice.addressType) ?? []), slice]);
  }
  for (const addressType of supported) {
    const plan = planAddressType(input, byType.get(addressType) ?? [], addressType, missingNodes);
    toCreate.push(...plan.toCreate);
    toUpdate.push(...plan.toUpdate);
    toDelete.push(...plan.toDelete);
  }
  toDelete.push(...unsupported);
  return { toCreate, toUpdate, toDelete, missingNodes: [...new Set(missingNodes)] };
}

function planAddressType(
  input: SlicePlanInput,
  existing: readonly EndpointSlice[],
  addressType: IpAddressType,
  missingNodes: string[],
): { toCreate: EndpointSlice[]; toUpdate: EndpointSlice[]; toDelete: EndpointSlice[] } {
  const { service, controllerName } = input;
  let toCreate: EndpointSlice[] = [];
  const toUpdate: EndpointSlice[] = [];
  let toDelete: EndpointSlice[] = [];

  const existingByPorts = new Map<string, EndpointSlice[]>();
  for (const slice of existing) {
    if (!sliceOwnedBy(slice, service)) {
      toDelete.push(slice);
      continue;
    }
    const key = portMapKey(slice.ports);
    existingByPorts.set(key, [...(existingByPorts.get(key) ?? []), slice]);
  }

  const desired = new Map<string, PortGroup>();
  for (const pod of input.pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports = endpointPortsFor(service, pod);
    const key = portMapKey(ports);
    let group = desired.get(key);
    if (group === undefined) desired.set(key, (group = { ports, endpoints: new EndpointSet() }));
    const nodeName = pod.spec?.nodeName ?? '';
    const node = input.nodeNamed(nodeName);
    if (node === undefined && !service.spec?.publishNotReadyAddresses) {
      // A pod whose Node is gone is left out (and the sync retried) rather than blocking the rest.
      missingNodes.push(nodeName);
      continue;
    }
    const endpoint = podToEndpoint(pod, node, service, addressType);
    if (endpoint.addresses.length > 0) group.endpoints.insert(endpoint);
  }

  for (const [key, group] of desired) {
    const plan = planPortGroup(input, existingByPorts.get(key) ?? [], group, addressType);
    toCreate.push(...plan.toCreate);
    toUpdate.push(...plan.toUpdate);
    toDelete.push(...plan.toDelete);
  }
  for (const [key, slices] of existingByPorts) if (!desired.has(key)) toDelete.push(...slices);

  if (existing.length === toDelete.length && toCreate.length === 0) {
    const placeholder = newSlice(service, [], addressType, controllerName);
    if (toDelete.length === 1 && isPlaceholderLike(toDelete[0] as EndpointSlice, placeholder)) toDelete = [];
    else toCreate.push(placeholder);
  }

  // Reuse slices that would be deleted for the new ones: one update instead of a delete + create.
  const remainingDeletes: EndpointSlice[] = [];
  for (const doomed of toDelete) {
    const created = toCreate[toCreate.length - 1];
    if (
      created !== undefined &&
      doomed.addressType === created.addressType &&
      sliceOwnedBy(doomed, service)
    ) {
      toCreate = toCreate.slice(0, -1);
      // The new slice takes over the doomed slice's name (keeping its own generateName, as upstream).
      toUpdate.push({ ...created, metadata: { ...created.metadata, name: doomed.metadata?.name ?? '' } });
    } else {
      remainingDeletes.push(doomed);
    }
  }
  return { toCreate, toUpdate, toDelete: remainingDeletes };
}

function sameLabels(a: Readonly<Record<string, string>> | undefined, b: typeof a): boolean {
  const ak = Object.keys(a ?? {});
  return ak.length === Object.keys(b ?? {}).length && ak.every((k) => a?.[k] === b?.[k]);
}

// upstream's placeholderSliceCompare: only namespace and labels of the metadata count.
function isPlaceholderLike(slice: EndpointSlice, placeholder: EndpointSlice): boolean {
  return (
    slice.metadata?.namespace === placeholder.metadata?.namespace &&
    sameLabels(slice.metadata?.labels, placeholder.metadata?.labels) &&
    slice.addressType === placeholder.addressType &&
    (slice.ports ?? []).length === 0 &&
    (slice.endpoints ?? []).length === 0
  );
}

function planPortGroup(
  input: SlicePlanInput,
  existing: readonly EndpointSlice[],
  group: PortGroup,
  addressType: IpAddressType,
): { toCreate: EndpointSlice[]; toUpdate: EndpointSlice[]; toDelete: EndpointSlice[] } {
  const { service, controllerName, maxEndpointsPerSlice: max } = input;
  const desired = group.endpoints;
  const byName = new Map<string, EndpointSlice>();
  const unchanged: string[] = [];
  const updated: string[] = [];
  const deleted: string[] = [];

  // 1. Keep desired endpoints where they are; drop the others; note label drift.
  for (const slice of existing) {
    const name = slice.metadata?.name ?? '';
    byName.set(name, slice);
    const kept = [];
    let endpointChanged = false;
    for (const endpoint of slice.endpoints ?? []) {
      const want = desired.get(endpoint);
      if (want === undefined) continue;
      kept.push(want);
      if (!endpointsEqualBeyondKey(want, endpoint)) endpointChanged = true;
      desired.delete(endpoint);
    }
    const { labels, changed: labelsChanged } = sliceLabels(slice.metadata?.labels, service, controllerName);
    if (endpointChanged || kept.length !== (slice.endpoints ?? []).length) {
      if (kept.length === 0) {
        deleted.push(name);
      } else {
        byName.set(name, { ...slice, metadata: { ...slice.metadata, labels }, endpoints: kept });
        updated.push(name);
      }
    } else if (labelsChanged) {
      byName.set(name, { ...slice, metadata: { ...slice.metadata, labels } });
      updated.push(name);
    } else {
      unchanged.push(name);
    }
  }

  // 2. Fill the slices being written anyway, fullest first.
  if (desired.size > 0 && updated.length > 0) {
    const slices = updated.map((n) => byName.get(n) as EndpointSlice);
    slices.sort((a, b) => (b.endpoints ?? []).length - (a.endpoints ?? []).length);
    for (const slice of slices) {
      const endpoints = [...(slice.endpoints ?? [])];
      while (desired.size > 0 && endpoints.length < max) endpoints.push(desired.popAny() as Endpoint);
      byName.set(slice.metadata?.name ?? '', { ...slice, endpoints });
    }
  }

  // 3. Put what is left into the unchanged slice that ends closest to full, or into new slices.
  const toCreate: EndpointSlice[] = [];
  while (desired.size > 0) {
    let target: EndpointSlice | undefined;
    if (desired.size < max && unchanged.length > 0) {
      target = closestToFull(
        unchanged.map((n) => byName.get(n) as EndpointSlice),
        desired.size,
        max,
      );
    }
    const slice = target ?? newSlice(service, group.ports, addressType, controllerName);
    const endpoints = [...(slice.endpoints ?? [])];
    while (desired.size > 0 && endpoints.length < max) endpoints.push(desired.popAny() as Endpoint);
    const filled = { ...slice, endpoints };
    const name = filled.metadata?.name;
    if (name) {
      byName.set(name, filled);
      updated.push(name);
      unchanged.splice(unchanged.indexOf(name), 1);
    } else {
      toCreate.push(filled);
    }
  }

  return {
    toCreate,
    toUpdate: [...new Set(updated)].map((n) => byName.get(n) as EndpointSlice),
    toDelete: deleted.map((n) => byName.get(n) as EndpointSlice),
  };
}

/** The slice with the least room left after adding `count` endpoints, if any fits (getSliceToFill). */
export function closestToFull(
  slices: readonly EndpointSlice[],
  count: number,
  max: number,
): EndpointSlice | undefined {
  let best: EndpointSlice | undefined;
  let bestRoom = max;
  for (const slice of slices) {
    const room = max - (count + (slice.endpoints ?? []).length);
    if (room >= 0 && room < bestRoom) {
      bestRoom = room;
      best = slice;
      if (room === 0) break;
    }
  }
  return best;
}

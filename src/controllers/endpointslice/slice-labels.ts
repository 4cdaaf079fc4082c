import type { Service } from 'kubernetes-types/core/v1.js';
import type { EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { IpAddressType } from './endpoint-for-pod.js';

/** The label naming the Service an EndpointSlice belongs to. */
export const serviceNameLabel = 'kubernetes.io/service-name';
/** The label naming the controller that manages an EndpointSlice. */
export const managedByLabel = 'endpointslice.kubernetes.io/managed-by';
/** The label marking the slices (and Endpoints) of a headless Service. */
export const headlessLabel = 'service.kubernetes.io/headless';
/** This controller's managed-by value. */
export const endpointSliceControllerName = 'endpointslice-controller.k8s.io';

const reserved = new Set([serviceNameLabel, managedByLabel, headlessLabel]);

function isHeadless(service: Service): boolean {
  const ip = service.spec?.clusterIP ?? '';
  return ip === 'None' || ip === '';
}

/**
 * The labels a slice of `service` must carry: the Service's own labels (without the reserved
 * ones), the headless label when it has no ClusterIP, the service-name and managed-by labels.
 * `changed` reports whether the copied Service labels differ from the slice's (setEndpointSliceLabels).
 */
export function sliceLabels(
  current: Readonly<Record<string, string>> | undefined,
  service: Service,
  controllerName: string,
): { labels: Record<string, string>; changed: boolean } {
  const fromSlice: Record<string, string> = {};
  for (const [k, v] of Object.entries(current ?? {})) if (!reserved.has(k)) fromSlice[k] = v;
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(service.metadata?.labels ?? {})) if (!reserved.has(k)) labels[k] = v;
  const keys = Object.keys(labels);
  const changed =
    keys.length !== Object.keys(fromSlice).length || keys.some((k) => fromSlice[k] !== labels[k]);
  if (isHeadless(service)) labels[headlessLabel] = '';
  labels[serviceNameLabel] = service.metadata?.name ?? '';
  labels[managedByLabel] = controllerName;
  return { labels, changed };
}

/** True when the slice's owner references include `service` as a v1 Service (ownedBy). */
export function sliceOwnedBy(slice: EndpointSlice, service: Service): boolean {
  return (slice.metadata?.ownerReferences ?? []).some(
    (o) => o.uid === service.metadata?.uid && o.kind === 'Service' && o.apiVersion === 'v1',
  );
}

/**
 * A new, unnamed slice of `service` (generateName "<service>-", controller owner reference to the
 * Service) with these ports and no endpoints yet (newEndpointSlice).
 */
export function newSlice(
  service: Service,
  ports: EndpointPort[],
  addressType: IpAddressType,
  controllerName: string,
): EndpointSlice {
  const name = service.metadata?.name ?? '';
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: slicePrefix(name),
      namespace: service.metadata?.namespace ?? '',
      labels: sliceLabels(undefined, service, controllerName).labels,
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'Service',
          name,
          uid: service.metadata?.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    ports,
    addressType,
    endpoints: [],
  };
}

/** "<name>-", or the bare name when the dash would make it too long for generateName. */
export function slicePrefix(name: string): string {
  return name.length + 1 > 253 ? name : `${name}-`;
}

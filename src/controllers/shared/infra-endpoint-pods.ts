import type { Pod, Service, ServicePort } from 'kubernetes-types/core/v1.js';
import { selectorFromSet } from '../../machinery/labels/index.js';
import { isPodReady, isPodTerminal } from './infra-pod.js';

// Which pods back a Service and on which ports, shared by the endpoints, endpointslice and
// mirroring controllers (upstream's endpointslice util package).

/**
 * True when the pod belongs in Endpoints/EndpointSlices: not terminal, has an IP, and — unless
 * `includeTerminating` — not being deleted (ShouldPodBeInEndpoints).
 */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) return false;
  if (!pod.status?.podIP && (pod.status?.podIPs ?? []).length === 0) return false;
  if (!includeTerminating && pod.metadata?.deletionTimestamp) return false;
  return true;
}

/** True when the endpoint should carry the pod's hostname (spec.subdomain names this Service). */
export function shouldSetHostname(pod: Pod, service: Service): boolean {
  return (
    !!pod.spec?.hostname &&
    pod.spec.subdomain === service.metadata?.name &&
    pod.metadata?.namespace === service.metadata?.namespace
  );
}

/**
 * The container port a Service port targets on this pod: a number as is, a name looked up in the
 * containers' (and sidecars') named ports with the same protocol; undefined when not found.
 */
export function findPort(pod: Pod, servicePort: ServicePort): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return target;
  if (/^[0-9]+$/.test(target)) return Number(target);
  const protocol = servicePort.protocol ?? 'TCP';
  const sidecars = (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  for (const container of [...(pod.spec?.containers ?? []), ...sidecars]) {
    for (const port of container.ports ?? []) {
      if (port.name === target && (port.protocol ?? 'TCP') === protocol) return port.containerPort;
    }
  }
  return undefined;
}

function sameLabels(a: Readonly<Record<string, string>> | undefined, b: typeof a): boolean {
  const ak = Object.keys(a ?? {});
  if (ak.length !== Object.keys(b ?? {}).length) return false;
  return ak.every((k) => (a ?? {})[k] === (b ?? {})[k]);
}

/**
 * How a pod update matters to endpoints (podEndpointsChanged): `podChanged` when its membership
 * details changed (deletion, readiness, IPs), `labelsChanged` when the Services it matches may have.
 */
export function podEndpointsChanged(
  oldPod: Pod,
  newPod: Pod,
): { podChanged: boolean; labelsChanged: boolean } {
  const labelsChanged =
    !sameLabels(oldPod.metadata?.labels, newPod.metadata?.labels) ||
    oldPod.spec?.hostname !== newPod.spec?.hostname ||
    oldPod.spec?.subdomain !== newPod.spec?.subdomain;
  if (oldPod.metadata?.deletionTimestamp !== newPod.metadata?.deletionTimestamp)
    return { podChanged: true, labelsChanged };
  if (isPodReady(oldPod) !== isPodReady(newPod)) return { podChanged: true, labelsChanged };
  const oldIps = podIPsOf(oldPod);
  const newIps = podIPsOf(newPod);
  const ipsChanged = oldIps.length !== newIps.length || oldIps.some((ip, i) => ip !== newIps[i]);
  return { podChanged: ipsChanged, labelsChanged };
}

/** Keys ("ns/name") of the Services in `services` whose selector matches `labels`. */
export function servicesSelecting(
  services: readonly Service[],
  labels: Readonly<Record<string, string>> | undefined,
): Set<string> {
  const keys = new Set<string>();
  for (const svc of services) {
    // A Service without a selector selects nothing, not everything.
    if (svc.spec?.selector === undefined || svc.spec.selector === null) continue;
    if (selectorFromSet(svc.spec.selector).matches(labels ?? {}))
      keys.add(`${svc.metadata?.namespace}/${svc.metadata?.name}`);
  }
  return keys;
}

/**
 * The Services to resync after a pod changed from `oldPod` to `newPod` in a namespace whose
 * Services are `services` (GetServicesToUpdateOnPodChange); resyncs with equal versions are ignored.
 */
export function servicesForPodUpdate(services: readonly Service[], oldPod: Pod, newPod: Pod): Set<string> {
  if (oldPod.metadata?.resourceVersion === newPod.metadata?.resourceVersion) return new Set();
  const { podChanged, labelsChanged } = podEndpointsChanged(oldPod, newPod);
  if (!podChanged && !labelsChanged) return new Set();
  const current = servicesSelecting(services, newPod.metadata?.labels);
  if (!labelsChanged) return current;
  const previous = servicesSelecting(services, oldPod.metadata?.labels);
  if (podChanged) return new Set([...current, ...previous]);
  // Only labels changed: only Services gained or lost need a resync.
  const out = new Set<string>();
  for (const k of current) if (!previous.has(k)) out.add(k);
  for (const k of previous) if (!current.has(k)) out.add(k);
  return out;
}

/**
 * The pod's IPs, primary first. The apiserver derives status.podIPs from status.podIP when only
 * the latter is written (its v1 conversion); this mirrors that for servers that do not.
 */
export function podIPsOf(pod: Pod): string[] {
  const ips = (pod.status?.podIPs ?? []).map((p) => p.ip ?? '').filter((ip) => ip !== '');
  const primary = pod.status?.podIP;
  if (ips.length === 0 && primary) return [primary];
  if (primary && ips[0] !== primary) return [primary, ...ips.slice(1)];
  return ips;
}

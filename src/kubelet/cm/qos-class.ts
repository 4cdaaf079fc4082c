// A pod's QoS class exactly as upstream's ComputePodQOS: only cpu and memory count, zero values
// count as unset, and requests and limits are summed over containers and init containers (sidecars
// included) before comparing — so Guaranteed means every container limits both, and the pod-wide
// request sums equal the limit sums.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { nanoOf, type ResourceAmounts } from './resource-amounts.js';

/** The three QoS classes. */
export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const qosResources = ['cpu', 'memory'];

function addPositive(into: ResourceAmounts, list: Readonly<Record<string, string | number>> | undefined) {
  const found = new Set<string>();
  for (const name of qosResources) {
    const v = nanoOf(list?.[name]);
    if (v === undefined || v <= 0n) continue;
    found.add(name);
    into.set(name, (into.get(name) ?? 0n) + v);
  }
  return found;
}

/** The QoS class computed from the spec alone (upstream ComputePodQOS). */
export function computePodQosClass(pod: Pod): QosClass {
  const requests: ResourceAmounts = new Map();
  const limits: ResourceAmounts = new Map();
  let guaranteed = true;
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    addPositive(requests, c.resources?.requests);
    const limited = addPositive(limits, c.resources?.limits);
    if (!limited.has('cpu') || !limited.has('memory')) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) if (limits.get(name) !== req) guaranteed = false;
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

/** The pod's QoS class (upstream GetPodQOS): the one in its status, else computed. */
export function podQosClass(pod: Pod): QosClass {
  const reported = pod.status?.qosClass;
  if (reported === 'Guaranteed' || reported === 'Burstable' || reported === 'BestEffort') return reported;
  return computePodQosClass(pod);
}

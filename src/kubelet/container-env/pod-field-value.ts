// The value of an env var's fieldRef: the pod's metadata, spec.nodeName, spec.serviceAccountName
// and the pod's and node's IPs, checked against the field labels upstream accepts for v1 pods.
import type { ObjectFieldSelector, Pod } from 'kubernetes-types/core/v1.js';
import { objectFieldValue, splitSubscriptedPath } from './object-field-path.js';

/** Addresses the kubelet knows when it builds a container's environment. */
export interface PodAddresses {
  /** The pod's IPs, primary family first (empty before the sandbox has one, e.g. hostNetwork aside). */
  readonly podIPs: readonly string[];
  /** The node's IPs, primary first. */
  readonly hostIPs: readonly string[];
}

const plainLabels: ReadonlySet<string> = new Set([
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.serviceAccountName',
  'spec.schedulerName',
  'status.phase',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
]);

/** Upstream's ConvertDownwardAPIFieldLabel for pods: the internal field path, or a thrown error. */
export function podFieldLabel(apiVersion: string, label: string): string {
  if (apiVersion !== 'v1') throw new Error(`unsupported pod version: ${apiVersion}`);
  const sub = splitSubscriptedPath(label);
  if (sub !== undefined) {
    if (sub.path === 'metadata.annotations' || sub.path === 'metadata.labels') return label;
    throw new Error(`field label does not support subscript: ${label}`);
  }
  if (plainLabels.has(label)) return label;
  // Old v1 clients send spec.host.
  if (label === 'spec.host') return 'spec.nodeName';
  throw new Error(`field label not supported: ${label}`);
}

function hostIPs(addresses: PodAddresses): readonly string[] {
  if (addresses.hostIPs.length === 0) throw new Error('host IP unknown; known addresses: []');
  return addresses.hostIPs;
}

/** The value of a fieldRef for `pod`; throws with upstream's message for unsupported fields. */
export function podFieldValue(selector: ObjectFieldSelector, pod: Pod, addresses: PodAddresses): string {
  // The API defaults apiVersion to v1; pods that skipped defaulting (static files) mean v1 too.
  const path = podFieldLabel(selector.apiVersion || 'v1', selector.fieldPath);
  switch (path) {
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP':
      return hostIPs(addresses)[0]!;
    case 'status.hostIPs':
      return hostIPs(addresses).join(',');
    case 'status.podIP':
      return addresses.podIPs[0] ?? '';
    case 'status.podIPs':
      return addresses.podIPs.join(',');
  }
  return objectFieldValue(pod, path);
}

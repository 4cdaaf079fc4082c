// The value of an env var's fieldRef: the pod's metadata, spec.nodeName, spec.serviceAccountName
// and the pod's and node's IPs, checked against the field labels upstream accepts for v1 pods.
import type { ObjectFieldSelector, Pod } from 'kubernetes-types/core/v1.js';
import { convertDownwardApiFieldLabel } from '../../api/downward-api-field-label.js';
import { objectFieldValue } from './object-field-path.js';

/** Addresses the kubelet knows when it builds a container's environment. */
export interface PodAddresses {
  /** The pod's IPs, primary family first (empty before the sandbox has one, e.g. hostNetwork aside). */
  readonly podIPs: readonly string[];
  /** The node's IPs, primary first. */
  readonly hostIPs: readonly string[];
}

function hostIPs(addresses: PodAddresses): readonly string[] {
  if (addresses.hostIPs.length === 0) throw new Error('host IP unknown; known addresses: []');
  return addresses.hostIPs;
}

/** The value of a fieldRef for `pod`; throws with upstream's message for unsupported fields. */
export function podFieldValue(selector: ObjectFieldSelector, pod: Pod, addresses: PodAddresses): string {
  // The API defaults apiVersion to v1; pods that skipped defaulting (static files) mean v1 too.
  const path = convertDownwardApiFieldLabel(selector.apiVersion || 'v1', selector.fieldPath);
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

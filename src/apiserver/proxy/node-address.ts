import type { Node } from 'kubernetes-types/core/v1.js';
import type { NodeAddressType } from './kubelet-client-config.js';
import { plainServerError } from './proxy-errors.js';

/**
 * The node's first address of the first preferred type that has one, as upstream's
 * GetPreferredNodeAddress: a wanted Hostname type falls back to the kubernetes.io/hostname label.
 * Throws upstream's 500 `no preferred addresses found; known addresses: [...]` otherwise.
 */
export function preferredNodeAddress(node: Node, preferred: readonly NodeAddressType[]): string {
  const addresses = node.status?.addresses ?? [];
  for (const type of preferred) {
    const found = addresses.find((a) => a.type === type);
    if (found !== undefined) return found.address;
    if (type === 'Hostname') {
      const label = node.metadata?.labels?.['kubernetes.io/hostname'];
      if (label !== undefined) return label;
    }
  }
  // Go prints the []NodeAddress with %v: [{InternalIP 10.0.0.1} {Hostname a}].
  const known = addresses.map((a) => `{${a.type} ${a.address}}`).join(' ');
  throw plainServerError(`no preferred addresses found; known addresses: [${known}]`);
}

// How the apiserver reaches kubelets: upstream's --kubelet-client-certificate/-key,
// --kubelet-certificate-authority, --kubelet-preferred-address-types and --kubelet-timeout.

/** The node address types a Node's status.addresses may carry (upstream's v1.NodeAddressType). */
export type NodeAddressType = 'Hostname' | 'InternalIP' | 'InternalDNS' | 'ExternalIP' | 'ExternalDNS';

const addressTypes: ReadonlySet<string> = new Set([
  'Hostname',
  'InternalIP',
  'InternalDNS',
  'ExternalIP',
  'ExternalDNS',
]);

/**
 * k8ts' default order. Upstream's is Hostname, InternalDNS, InternalIP, ExternalDNS, ExternalIP;
 * k8ts puts InternalIP first because its nodes report the address they really listen on as
 * InternalIP (127.0.0.1 for a single-machine cluster) while their hostname may resolve to another
 * interface or not at all, and kubelet traffic must stay on that address.
 */
export const DEFAULT_PREFERRED_ADDRESS_TYPES: readonly NodeAddressType[] = [
  'InternalIP',
  'Hostname',
  'InternalDNS',
  'ExternalDNS',
  'ExternalIP',
];

/** Upstream's --kubelet-timeout default. */
export const DEFAULT_KUBELET_TIMEOUT_MS = 5_000;

/** Upstream's default kubelet port, used when a Node does not publish daemonEndpoints. */
export const DEFAULT_KUBELET_PORT = 10250;

/** Everything needed to open a connection to any node's kubelet. */
export interface KubeletClientConfig {
  /** The apiserver's client certificate and key (PEM) the kubelet authenticates it by. */
  readonly certPem: string;
  readonly keyPem: string;
  /**
   * CA bundle (PEM) that must have signed the kubelet's serving certificate; without it the
   * serving certificate is not verified, as upstream without --kubelet-certificate-authority.
   */
  readonly caPem?: string;
  readonly preferredAddressTypes: readonly NodeAddressType[];
  /** How long dialing and the TLS handshake may take. */
  readonly timeoutMs: number;
  readonly defaultPort: number;
}

/**
 * Parses --kubelet-preferred-address-types (comma-separated); throws upstream's flag error for an
 * unknown type.
 */
export function parsePreferredAddressTypes(text: string): NodeAddressType[] {
  const types = text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  for (const t of types) {
    if (!addressTypes.has(t)) {
      throw new Error(`--kubelet-preferred-address-types: unsupported address type "${t}"`);
    }
  }
  if (types.length === 0) throw new Error('--kubelet-preferred-address-types must not be empty');
  return types as NodeAddressType[];
}

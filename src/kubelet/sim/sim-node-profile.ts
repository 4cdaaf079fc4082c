import { createHash, randomUUID } from 'node:crypto';
import type { NodeAddress, NodeSystemInfo } from 'kubernetes-types/core/v1.js';
import { kubeletNodeLabels } from '../node-status.js';
import { stableMachineId, stableUuid } from './fake-ids.js';
import { cidrSize, formatIpv4, parseCidr, parseIpv4 } from './ipv4.js';

/** The kubelet version simulated nodes report. */
export const simKubeletVersion = 'v1.32.4';

/** Default capacity of a simulated node: 32 CPUs, 256 GiB, 110 pods. */
export const defaultSimCapacity: Readonly<Record<string, string>> = {
  cpu: '32',
  'ephemeral-storage': '1Ti',
  'hugepages-1Gi': '0',
  'hugepages-2Mi': '0',
  memory: '256Gi',
  pods: '110',
};

/** A simulated node given by name rather than by prefix and index. */
export interface NamedSimNode {
  readonly name: string;
  /** Its InternalIP (default: the next address of the node IP range). */
  readonly internalIP?: string;
}

/** How the simulated nodes look: names, resources, placement and machine facts. */
export interface SimNodeProfileOptions {
  readonly count: number;
  /** Node names are the prefix plus an index from 0 (default "sim-node-"). */
  readonly namePrefix?: string;
  /** These nodes instead of prefix-numbered ones (a joining agent's own node); `count` must match. */
  readonly nodes?: readonly NamedSimNode[];
  readonly capacity?: Readonly<Record<string, string>>;
  /** Default: the capacity (no reservations). */
  readonly allocatable?: Readonly<Record<string, string>>;
  /** topology.kubernetes.io/region (default "sim-region-1"). */
  readonly region?: string;
  /** topology.kubernetes.io/zone values, assigned round-robin (default the region plus a, b, c). */
  readonly zones?: readonly string[];
  /** node.kubernetes.io/instance-type (default derived from cpu and memory, e.g. "sim-32c-256gi"). */
  readonly instanceType?: string;
  /** More labels on every node. */
  readonly labels?: Readonly<Record<string, string>>;
  /** The machine network InternalIPs come from (default 172.16.0.0/12, from .10 on). */
  readonly nodeIpRange?: string;
  /** Overrides of the reported nodeInfo (kernel, OS image, runtime version...). */
  readonly nodeInfo?: Partial<NodeSystemInfo>;
}

/** Everything fixed about one simulated node. */
export interface SimNodeProfile {
  readonly name: string;
  readonly index: number;
  readonly internalIP: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly addresses: readonly NodeAddress[];
  readonly capacity: Readonly<Record<string, string>>;
  readonly allocatable: Readonly<Record<string, string>>;
  readonly nodeInfo: NodeSystemInfo;
}

/** The profiles of `count` simulated nodes: zones round-robin, consecutive InternalIPs. */
export function simNodeProfiles(options: SimNodeProfileOptions): SimNodeProfile[] {
  const prefix = options.namePrefix ?? 'sim-node-';
  const capacity = { ...(options.capacity ?? defaultSimCapacity) };
  const allocatable = { ...(options.allocatable ?? capacity) };
  const region = options.region ?? 'sim-region-1';
  const zones = options.zones ?? [`${region}a`, `${region}b`, `${region}c`];
  const instanceType =
    options.instanceType ??
    `sim-${capacity['cpu'] ?? '0'}c-${capacity['memory'] ?? '0'}`.toLowerCase().replace(/[^a-z0-9.-]/g, '');
  const ipRange = parseCidr(options.nodeIpRange ?? '172.16.0.0/12');
  if (options.count + 11 > cidrSize(ipRange))
    throw new RangeError(`${options.count} nodes do not fit the node IP range ${options.nodeIpRange}`);
  if (options.nodes !== undefined && options.nodes.length !== options.count)
    throw new RangeError(`${options.nodes.length} named nodes given for a count of ${options.count}`);
  // A boot ID changes with every start of the node agent, as it does on a reboot.
  return Array.from({ length: options.count }, (_, index) => {
    const named = options.nodes?.[index];
    const name = named?.name ?? `${prefix}${index}`;
    const internalIP = named?.internalIP ?? formatIpv4(ipRange.base + 10 + index);
    const zone = zones.length > 0 ? zones[index % zones.length] : undefined;
    return {
      name,
      index,
      internalIP,
      labels: {
        ...kubeletNodeLabels({
          hostname: name,
          os: 'linux',
          arch: 'amd64',
          instanceType,
          region,
          ...(zone !== undefined ? { zone } : {}),
        }),
        ...(options.labels ?? {}),
      },
      addresses: [
        { type: 'InternalIP', address: internalIP },
        { type: 'Hostname', address: name },
      ],
      capacity,
      allocatable,
      nodeInfo: {
        architecture: 'amd64',
        bootID: randomUUID(),
        containerRuntimeVersion: 'containerd://1.7.24',
        kernelVersion: '6.1.0-31-amd64',
        kubeProxyVersion: '',
        kubeletVersion: simKubeletVersion,
        machineID: stableMachineId(name),
        operatingSystem: 'linux',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        systemUUID: stableUuid(`system-uuid/${name}`),
        ...(options.nodeInfo ?? {}),
      },
    };
  });
}

/**
 * A stable InternalIP for a node simulated on its own (a joining agent) derived from its name, in
 * 172.24.0.0/13: clear of the consecutive addresses `k8ts server --sim-nodes` hands out from
 * 172.16.0.10, so agents and server nodes rarely collide.
 */
export function simNodeIpFor(name: string): string {
  const hash = createHash('sha256').update(`node-ip/${name}`).digest().readUInt32BE(0);
  // One of the range's 2,048 /24s, and in it a host address (never .0 or .255).
  const subnet = hash % 2048;
  const host = 1 + ((hash >>> 11) % 254);
  return formatIpv4(parseIpv4('172.24.0.0') + subnet * 256 + host);
}

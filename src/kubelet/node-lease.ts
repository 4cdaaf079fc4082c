import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { ResourceClient } from '../client/index.js';
import { formatMicroTime } from '../base/rfc3339.js';
import { isStatusError } from '../machinery/errors/index.js';

/** The namespace node leases live in. */
export const nodeLeaseNamespace = 'kube-node-lease';

/** The kubelet's default lease duration (nodeLeaseDurationSeconds). */
export const defaultNodeLeaseDurationSeconds = 40;

/** How often the kubelet renews: a quarter of the lease duration (10 s by default). */
export function nodeLeaseRenewIntervalMs(durationSeconds = defaultNodeLeaseDurationSeconds): number {
  return durationSeconds * 250;
}

/** The coordination.k8s.io/v1 leases resource. */
export const leasesResource = {
  group: 'coordination.k8s.io',
  version: 'v1',
  resource: 'leases',
  namespaced: true,
  kind: 'Lease',
} as const;

/** The node a lease belongs to, for its owner reference (garbage-collected with the Node). */
export interface LeaseOwner {
  readonly name: string;
  readonly uid: string;
}

/** A node's lease as the kubelet writes it: holder = node name, renewTime now, owned by the Node. */
export function newNodeLease(
  nodeName: string,
  owner: LeaseOwner | undefined,
  durationSeconds: number,
  now: number,
): Lease {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: nodeName,
      namespace: nodeLeaseNamespace,
      ...(owner
        ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: owner.name, uid: owner.uid }] }
        : {}),
    },
    spec: {
      holderIdentity: nodeName,
      leaseDurationSeconds: durationSeconds,
      renewTime: formatMicroTime(now),
    },
  };
}

/** Settings of a NodeLease. */
export interface NodeLeaseOptions {
  /** Leases, bound to kube-node-lease (or unbound: the lease carries its namespace). */
  readonly leases: ResourceClient<Lease>;
  readonly nodeName: string;
  readonly durationSeconds?: number;
  /** The Node's name and uid once known, for the owner reference. */
  readonly owner?: () => LeaseOwner | undefined;
}

/**
 * One node's heartbeat Lease, the kubelet's lease controller minus its loop (callers schedule
 * renew()): it updates the lease it wrote last without reading it first, and only when that fails
 * (someone else wrote it, or it is gone) falls back to get-or-create — so a steady heartbeat costs
 * one PUT.
 */
export class NodeLease {
  private readonly leases: ResourceClient<Lease>;
  private readonly nodeName: string;
  private readonly durationSeconds: number;
  private readonly owner: () => LeaseOwner | undefined;
  private latest: Lease | undefined;

  constructor(options: NodeLeaseOptions) {
    this.leases = options.leases.namespace(nodeLeaseNamespace);
    this.nodeName = options.nodeName;
    this.durationSeconds = options.durationSeconds ?? defaultNodeLeaseDurationSeconds;
    this.owner = options.owner ?? (() => undefined);
  }

  /** The lease as last written (undefined before the first renewal). */
  get lease(): Lease | undefined {
    return this.latest;
  }

  /**
   * Sets renewTime to `now`; throws the API error when neither the update nor the fallback worked.
   * `likelyMissing` (the node was just created) tries the create before the read, saving a GET.
   */
  async renew(now: number, options: { signal?: AbortSignal; likelyMissing?: boolean } = {}): Promise<void> {
    const opts = options.signal ? { signal: options.signal } : {};
    if (this.latest === undefined && options.likelyMissing) {
      try {
        this.latest = await this.leases.create(
          newNodeLease(this.nodeName, this.owner(), this.durationSeconds, now),
          opts,
        );
        return;
      } catch (err) {
        if (!isStatusError(err, 'AlreadyExists')) throw err;
      }
    }
    if (this.latest !== undefined) {
      try {
        this.latest = await this.leases.update(this.renewed(this.latest, now), opts);
        return;
      } catch (err) {
        if (!isStatusError(err, 'Conflict') && !isStatusError(err, 'NotFound')) throw err;
      }
    }
    let current: Lease;
    try {
      current = await this.leases.get(this.nodeName, opts);
    } catch (err) {
      if (!isStatusError(err, 'NotFound')) throw err;
      this.latest = await this.leases.create(
        newNodeLease(this.nodeName, this.owner(), this.durationSeconds, now),
        opts,
      );
      return;
    }
    this.latest = await this.leases.update(this.renewed(current, now), opts);
  }

  private renewed(lease: Lease, now: number): Lease {
    const owner = this.owner();
    const hasOwner = (lease.metadata?.ownerReferences ?? []).length > 0;
    return {
      ...lease,
      metadata: {
        ...lease.metadata,
        ...(!hasOwner && owner
          ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: owner.name, uid: owner.uid }] }
          : {}),
      },
      spec: {
        ...lease.spec,
        holderIdentity: this.nodeName,
        leaseDurationSeconds: this.durationSeconds,
        renewTime: formatMicroTime(now),
      },
    };
  }
}

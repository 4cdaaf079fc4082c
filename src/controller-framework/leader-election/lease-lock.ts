import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { LeaseClient } from './lease-client.js';
import { leaseSpecToRecord, recordToLeaseSpec } from './leader-election-record.js';
import type { LeaderElectionRecord } from './leader-election-record.js';

/** What a LeaseLock is created with. */
export interface LeaseLockOptions {
  readonly client: LeaseClient;
  readonly namespace: string;
  readonly name: string;
}

/** A record as read, with its serialized form so callers can tell whether it changed. */
export interface ObservedRecord {
  readonly record: LeaderElectionRecord;
  readonly raw: string;
}

/**
 * The lock leader election holds: one Lease object. It remembers the Lease it last read or
 * wrote, so every update carries that resourceVersion and loses (Conflict) to any concurrent
 * writer instead of overwriting it.
 */
export class LeaseLock {
  readonly namespace: string;
  readonly name: string;
  private readonly client: LeaseClient;
  private lease: Lease | undefined;

  constructor(options: LeaseLockOptions) {
    this.client = options.client;
    this.namespace = options.namespace;
    this.name = options.name;
  }

  /** Reads the record; rejects with NotFound when the Lease does not exist. */
  async get(signal?: AbortSignal): Promise<ObservedRecord> {
    this.lease = await this.client.get(this.namespace, this.name, { signal });
    const record = leaseSpecToRecord(this.lease.spec);
    return { record, raw: JSON.stringify(record) };
  }

  /** Creates the Lease holding `record`; rejects with AlreadyExists when someone was first. */
  async create(record: LeaderElectionRecord, signal?: AbortSignal): Promise<void> {
    this.lease = await this.client.create(
      {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { namespace: this.namespace, name: this.name },
        spec: recordToLeaseSpec(record),
      },
      { signal },
    );
  }

  /** Writes `record` over the Lease last seen; rejects with Conflict when it changed since. */
  async update(record: LeaderElectionRecord, signal?: AbortSignal): Promise<void> {
    if (this.lease === undefined) throw new Error('lease not initialized, call get or create first');
    this.lease = await this.client.update({ ...this.lease, spec: recordToLeaseSpec(record) }, { signal });
  }

  /** "namespace/name", for logs. */
  describe(): string {
    return `${this.namespace}/${this.name}`;
  }
}

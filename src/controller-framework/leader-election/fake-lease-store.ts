import type { Lease } from 'kubernetes-types/coordination/v1.js';
import {
  alreadyExists,
  conflict,
  notFound,
  OPTIMISTIC_LOCK_ERROR_MESSAGE,
} from '../../machinery/errors/status-error-factories.js';
import type { LeaseClient, RequestOptions } from './lease-client.js';

const leases = { group: 'coordination.k8s.io', resource: 'leases' };

/** A client view of a FakeLeaseStore whose requests can be made to fail, as during a partition. */
export interface FakeLeaseClient extends LeaseClient {
  /** While true, every request rejects with a connection error and changes nothing. */
  partitioned: boolean;
  /** Requests made through this client so far (including failed ones). */
  readonly requests: number;
}

/**
 * Leases in memory with the apiserver's optimistic concurrency (resourceVersion checks, the same
 * Status errors), for unit-testing the election state machine against a FakeClock. Behaviour
 * beyond that is deliberately absent: integration tests run the real server.
 */
export class FakeLeaseStore {
  private readonly objects = new Map<string, Lease>();
  private revision = 0;

  /** A new client of this store. */
  client(): FakeLeaseClient {
    let requests = 0;
    const call = async <R>(options: RequestOptions | undefined, fn: () => R): Promise<R> => {
      requests++;
      await Promise.resolve();
      options?.signal?.throwIfAborted();
      if (client.partitioned) throw new Error('connect ECONNREFUSED 127.0.0.1:6443');
      return structuredClone(fn());
    };
    const client: FakeLeaseClient = {
      partitioned: false,
      get requests() {
        return requests;
      },
      get: (namespace, name, options) => call(options, () => this.read(namespace, name)),
      create: (lease, options) => call(options, () => this.create(lease)),
      update: (lease, options) => call(options, () => this.update(lease)),
    };
    return client;
  }

  /** The stored Lease, if any (a copy). */
  peek(namespace: string, name: string): Lease | undefined {
    const lease = this.objects.get(`${namespace}/${name}`);
    return lease && structuredClone(lease);
  }

  private read(namespace: string, name: string): Lease {
    const lease = this.objects.get(`${namespace}/${name}`);
    if (lease === undefined) throw notFound(leases, name);
    return lease;
  }

  private create(lease: Lease): Lease {
    const { namespace = 'default', name = '' } = lease.metadata ?? {};
    const key = `${namespace}/${name}`;
    if (this.objects.has(key)) throw alreadyExists(leases, name);
    const stored: Lease = {
      ...structuredClone(lease),
      metadata: { ...lease.metadata, namespace, name, resourceVersion: String(++this.revision) },
    };
    this.objects.set(key, stored);
    return stored;
  }

  private update(lease: Lease): Lease {
    const { namespace = 'default', name = '' } = lease.metadata ?? {};
    const existing = this.read(namespace, name);
    if (lease.metadata?.resourceVersion !== existing.metadata?.resourceVersion) {
      throw conflict(leases, name, OPTIMISTIC_LOCK_ERROR_MESSAGE);
    }
    const stored: Lease = {
      ...structuredClone(lease),
      metadata: { ...lease.metadata, namespace, name, resourceVersion: String(++this.revision) },
    };
    this.objects.set(`${namespace}/${name}`, stored);
    return stored;
  }
}

import type { Lease } from 'kubernetes-types/coordination/v1.js';

/** Per-request options every client call takes. */
export interface RequestOptions {
  /** Aborts the request (leader election uses it to enforce the renew deadline). */
  readonly signal?: AbortSignal;
}

/**
 * The coordination.k8s.io/v1 Lease calls leader election makes. Failures are StatusErrors as the
 * API returns them: NotFound from get, AlreadyExists from create, Conflict from an update whose
 * metadata.resourceVersion is stale.
 */
export interface LeaseClient {
  get(namespace: string, name: string, options?: RequestOptions): Promise<Lease>;
  create(lease: Lease, options?: RequestOptions): Promise<Lease>;
  update(lease: Lease, options?: RequestOptions): Promise<Lease>;
}

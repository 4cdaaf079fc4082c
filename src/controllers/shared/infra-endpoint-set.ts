import type { Endpoint } from 'kubernetes-types/discovery/v1.js';

// The set of desired endpoints keyed the way upstream's EndpointSet hashes them: by addresses,
// hostname and target pod only, so that condition or topology changes update an endpoint in
// place instead of moving it between slices.

/** The identity of an endpoint: sorted addresses, hostname and the target's namespace/name. */
export function endpointKey(endpoint: Endpoint): string {
  return JSON.stringify([
    [...endpoint.addresses].sort(),
    endpoint.hostname ?? '',
    endpoint.targetRef?.namespace ?? '',
    endpoint.targetRef?.name ?? '',
  ]);
}

/** Endpoints by identity, in insertion order (popAny takes the oldest). */
export class EndpointSet {
  private readonly items = new Map<string, Endpoint>();

  /** Adds or replaces the endpoint with the same identity. */
  insert(endpoint: Endpoint): void {
    this.items.set(endpointKey(endpoint), endpoint);
  }

  /** The desired endpoint with the same identity as `endpoint`, if any. */
  get(endpoint: Endpoint): Endpoint | undefined {
    return this.items.get(endpointKey(endpoint));
  }

  /** Removes the endpoint with the same identity as `endpoint`. */
  delete(endpoint: Endpoint): void {
    this.items.delete(endpointKey(endpoint));
  }

  /** Removes and returns one endpoint. */
  popAny(): Endpoint | undefined {
    for (const [key, endpoint] of this.items) {
      this.items.delete(key);
      return endpoint;
    }
    return undefined;
  }

  get size(): number {
    return this.items.size;
  }
}

function sameOptional<T>(a: T | undefined | null, b: T | undefined | null): boolean {
  return (a ?? undefined) === (b ?? undefined);
}

/**
 * True when two endpoints with the same identity also agree on node, zone, conditions and
 * target (ignoring the target's resourceVersion), i.e. no write is needed (EndpointsEqualBeyondHash).
 */
export function endpointsEqualBeyondKey(a: Endpoint, b: Endpoint): boolean {
  if (!sameOptional(a.nodeName, b.nodeName) || !sameOptional(a.zone, b.zone)) return false;
  const ac = a.conditions ?? {};
  const bc = b.conditions ?? {};
  if (!sameOptional(ac.ready, bc.ready) || !sameOptional(ac.serving, bc.serving)) return false;
  if (!sameOptional(ac.terminating, bc.terminating)) return false;
  const at = a.targetRef;
  const bt = b.targetRef;
  if ((at === undefined) !== (bt === undefined)) return false;
  if (at && bt) {
    const fields = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'fieldPath'] as const;
    if (fields.some((f) => (at[f] ?? '') !== (bt[f] ?? ''))) return false;
  }
  return true;
}

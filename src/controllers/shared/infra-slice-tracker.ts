import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';

// Remembers the version of every EndpointSlice this controller wrote, per owning Service, so a
// sync can tell when the informer cache has not caught up with its own writes (upstream's
// EndpointSliceTracker). Upstream compares metadata.generation; resourceVersions are used here
// because they are monotonic integers on this apiserver and EndpointSlices may lack a generation.

const deletionExpected = -1n;

function version(slice: EndpointSlice): bigint {
  const rv = slice.metadata?.resourceVersion ?? '';
  return /^[0-9]+$/.test(rv) ? BigInt(rv) : 0n;
}

/** The Service key ("ns/name") a slice belongs to, from its kubernetes.io/service-name label. */
export function serviceKeyOfSlice(slice: EndpointSlice): string | undefined {
  const name = slice.metadata?.labels?.['kubernetes.io/service-name'];
  return name ? `${slice.metadata?.namespace}/${name}` : undefined;
}

/** The expected versions of the slices a controller wrote. */
export class SliceTracker {
  private readonly byService = new Map<string, Map<string, bigint>>();

  private versionsFor(slice: EndpointSlice, create: boolean): Map<string, bigint> | undefined {
    const key = serviceKeyOfSlice(slice);
    if (key === undefined) return undefined;
    let versions = this.byService.get(key);
    if (versions === undefined && create) this.byService.set(key, (versions = new Map()));
    return versions;
  }

  /** Records a slice as written (created or updated) by this controller. */
  update(slice: EndpointSlice): void {
    const uid = slice.metadata?.uid;
    if (uid) this.versionsFor(slice, true)?.set(uid, version(slice));
  }

  /** Records that this controller deleted the slice. */
  expectDeletion(slice: EndpointSlice): void {
    const uid = slice.metadata?.uid;
    if (uid) this.versionsFor(slice, true)?.set(uid, deletionExpected);
  }

  /** True when an informer event for the slice is news (not this controller's own write). */
  shouldSync(slice: EndpointSlice): boolean {
    const known = this.versionsFor(slice, false)?.get(slice.metadata?.uid ?? '');
    return known === undefined || version(slice) > known;
  }

  /** True when the slice is tracked. */
  has(slice: EndpointSlice): boolean {
    return this.versionsFor(slice, false)?.has(slice.metadata?.uid ?? '') ?? false;
  }

  /** Forgets a deleted slice; true when this controller expected the deletion. */
  handleDeletion(slice: EndpointSlice): boolean {
    const versions = this.versionsFor(slice, false);
    const uid = slice.metadata?.uid ?? '';
    const known = versions?.get(uid);
    versions?.delete(uid);
    return known === undefined || known === deletionExpected;
  }

  /** True when `cached` (the informer's slices of the Service) lags behind this controller's writes. */
  staleSlices(serviceKey: string, cached: readonly EndpointSlice[]): boolean {
    const versions = this.byService.get(serviceKey);
    if (versions === undefined) return false;
    const seen = new Set<string>();
    for (const slice of cached) {
      const uid = slice.metadata?.uid ?? '';
      seen.add(uid);
      const known = versions.get(uid);
      if (known !== undefined && (known === deletionExpected || known > version(slice))) return true;
    }
    for (const [uid, known] of versions) if (known !== deletionExpected && !seen.has(uid)) return true;
    return false;
  }

  /** Forgets everything about a Service. */
  deleteService(serviceKey: string): void {
    this.byService.delete(serviceKey);
  }
}

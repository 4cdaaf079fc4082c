/** One media range of an Accept header, with its parameters (as=Table;v=v1;g=meta.k8s.io, ...). */
export interface MediaRange {
  readonly type: string;
  readonly params: Readonly<Record<string, string>>;
  readonly q: number;
}

/** Parses an Accept header into media ranges in the client's order of preference. */
export function parseAccept(header: string | undefined): MediaRange[] {
  if (header === undefined || header.trim() === '') return [{ type: '*/*', params: {}, q: 1 }];
  const ranges: MediaRange[] = [];
  for (const part of header.split(',')) {
    const [type, ...rawParams] = part.split(';').map((s) => s.trim());
    if (!type) continue;
    const params: Record<string, string> = {};
    let q = 1;
    for (const p of rawParams) {
      const eq = p.indexOf('=');
      if (eq < 0) continue;
      const k = p.slice(0, eq).trim();
      const v = p
        .slice(eq + 1)
        .trim()
        .replace(/^"|"$/g, '');
      if (k === 'q') q = Number(v);
      else params[k] = v;
    }
    ranges.push({ type: type.toLowerCase(), params, q: Number.isFinite(q) ? q : 1 });
  }
  // Stable sort by q keeps the client's order among equals.
  return ranges.filter((r) => r.q > 0).sort((a, b) => b.q - a.q);
}

/** The response shape a request asked for. */
export type ResponseFormat =
  | { readonly kind: 'json' }
  | { readonly kind: 'table'; readonly version: 'v1' | 'v1beta1' }
  | { readonly kind: 'partial-metadata'; readonly version: 'v1' | 'v1beta1'; readonly list: boolean }
  | { readonly kind: 'aggregated-discovery'; readonly version: 'v2' | 'v2beta1' }
  | { readonly kind: 'unacceptable' };

function isJsonish(type: string): boolean {
  return (
    type === 'application/json' ||
    type === 'application/*' ||
    type === '*/*' ||
    type === 'application/vnd.kubernetes.protobuf'
  );
}

/**
 * Picks the first acceptable format for a resource or discovery request. Protobuf answers are not
 * produced: every client we serve accepts JSON when it offers protobuf (kubectl-protocol §3.2).
 */
export function negotiate(accept: string | undefined, purpose: 'object' | 'discovery'): ResponseFormat {
  for (const r of parseAccept(accept)) {
    const as = r.params['as'];
    if (as !== undefined) {
      const g = r.params['g'];
      const v = r.params['v'];
      if (r.type !== 'application/json') continue;
      if (purpose === 'object' && g === 'meta.k8s.io' && (v === 'v1' || v === 'v1beta1')) {
        if (as === 'Table') return { kind: 'table', version: v };
        if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') {
          return { kind: 'partial-metadata', version: v, list: as === 'PartialObjectMetadataList' };
        }
      }
      if (
        purpose === 'discovery' &&
        as === 'APIGroupDiscoveryList' &&
        g === 'apidiscovery.k8s.io' &&
        (v === 'v2' || v === 'v2beta1')
      ) {
        return { kind: 'aggregated-discovery', version: v };
      }
      continue;
    }
    if (isJsonish(r.type)) return { kind: 'json' };
  }
  return { kind: 'unacceptable' };
}

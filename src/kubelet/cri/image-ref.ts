// Image references the way containerd stores them: "busybox" is docker.io/library/busybox:latest.
// The fake runtime needs this to find images by any spelling, and the kubelet needs the same rule to
// decide whether a reference names a tag (imagePullPolicy defaults) or a digest.

/** The parts of an image reference; `tag` and `digest` are absent when not given. */
export interface ImageRefParts {
  /** Registry host (with port), e.g. "docker.io" or "127.0.0.1:5000". */
  readonly domain: string;
  /** Repository path inside the registry, e.g. "library/busybox". */
  readonly path: string;
  readonly tag?: string;
  /** "sha256:…". */
  readonly digest?: string;
}

// A first component is a registry host when it has a dot or a port, or is "localhost" (docker's rule).
function looksLikeDomain(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost';
}

/** Splits a reference into domain, path, tag and digest, applying docker.io/library defaults. */
export function parseImageRef(ref: string): ImageRefParts {
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const slash = rest.indexOf('/');
  let domain = 'docker.io';
  let path = rest;
  if (slash >= 0 && looksLikeDomain(rest.slice(0, slash))) {
    domain = rest.slice(0, slash);
    path = rest.slice(slash + 1);
  }
  if (domain === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  return { domain, path, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** The repository part, e.g. "docker.io/library/busybox". */
export function imageRepository(ref: string): string {
  const p = parseImageRef(ref);
  return `${p.domain}/${p.path}`;
}

/** The fully qualified reference containerd records: ":latest" added when there is neither tag nor digest. */
export function normalizeImageRef(ref: string): string {
  const p = parseImageRef(ref);
  const tag = p.tag ?? (p.digest === undefined ? 'latest' : undefined);
  return `${p.domain}/${p.path}${tag !== undefined ? `:${tag}` : ''}${p.digest !== undefined ? `@${p.digest}` : ''}`;
}

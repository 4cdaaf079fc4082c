import { createHash, randomBytes } from 'node:crypto';

/** A container ID as containerd reports it: "containerd://" and 64 hex digits. */
export function fakeContainerId(): string {
  return `containerd://${randomBytes(32).toString('hex')}`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A stable UUID-shaped id derived from `seed` (systemUUID of a simulated machine). */
export function stableUuid(seed: string): string {
  const h = sha256(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** A stable 32-hex machine-id derived from `seed`. */
export function stableMachineId(seed: string): string {
  return sha256(`machine-id/${seed}`).slice(0, 32);
}

/** How the runtime reports an image: the resolved reference and its content-addressed id. */
export interface ResolvedImage {
  /** "docker.io/library/nginx:latest". */
  readonly image: string;
  /** "docker.io/library/nginx@sha256:<64 hex>". */
  readonly imageId: string;
}

/**
 * Resolves an image as containerd's docker reference rules do — a missing registry becomes
 * docker.io, a single-segment Docker Hub name gains library/, a missing tag becomes :latest — and
 * gives it a digest that is stable per reference (a real pull would report the manifest's).
 */
export function resolveImage(image: string): ResolvedImage {
  // Thousands of pods share a handful of images: resolve each once and share the strings.
  let resolved = resolvedImages.get(image);
  if (resolved === undefined) {
    if (resolvedImages.size >= 10_000) resolvedImages.clear();
    resolved = resolveUncached(image);
    resolvedImages.set(image, resolved);
  }
  return resolved;
}

const resolvedImages = new Map<string, ResolvedImage>();

function resolveUncached(image: string): ResolvedImage {
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const slash = name.indexOf('/');
  const first = slash >= 0 ? name.slice(0, slash) : '';
  const hasDomain = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let domain = hasDomain ? first : 'docker.io';
  let path = hasDomain ? name.slice(slash + 1) : name;
  if (domain === 'index.docker.io') domain = 'docker.io';
  const lastSlash = path.lastIndexOf('/');
  const colon = path.indexOf(':', lastSlash + 1);
  let tag = colon >= 0 ? path.slice(colon + 1) : undefined;
  if (colon >= 0) path = path.slice(0, colon);
  if (domain === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  const repo = `${domain}/${path}`;
  if (digest !== undefined) return { image: `${repo}@${digest}`, imageId: `${repo}@${digest}` };
  tag ??= 'latest';
  const ref = `${repo}:${tag}`;
  return { image: ref, imageId: `${repo}@sha256:${sha256(`image/${ref}`)}` };
}

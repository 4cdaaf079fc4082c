// A container spec's fingerprint, stored on each runtime container: when a pod's container spec
// changes (only the image may change on a running pod), the hash differs and the kubelet replaces
// the container, as upstream's HashContainer comparison does.
import { createHash } from 'node:crypto';
import type { Container } from 'kubernetes-types/core/v1.js';

// Objects as key-sorted JSON, so the same spec always hashes the same whatever the key order.
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = canonical((value as Record<string, unknown>)[key]);
  return out;
}

/**
 * The hash of everything in `container` but its resources (resized in place upstream, never a
 * reason to restart), as 8 hex digits.
 */
export function containerHash(container: Container): string {
  const { resources: _resources, ...rest } = container;
  return createHash('sha256')
    .update(JSON.stringify(canonical(rest)))
    .digest('hex')
    .slice(0, 8);
}

import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { spewFormat } from './go-spew-format.js';
import { goValueOf } from './go-value.js';

// Upstream's alphabet for safe-encoded strings: no vowels, no look-alike characters.
const safeAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** FNV-1a 32-bit over `bytes`, continuing from `seed` (the offset basis by default). */
export function fnv32a(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** rand.SafeEncodeString: every byte mapped into the safe alphabet. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) out += safeAlphabet[b % safeAlphabet.length];
  return out;
}

/** What DeepHashObject writes for a pod template: its go-spew rendering. */
export function podTemplateHashInput(template: PodTemplateSpec): string {
  return spewFormat(goValueOf('core.PodTemplateSpec', template));
}

/**
 * controller.ComputeHash: FNV-32a of the template's go-spew rendering, then (when set) the
 * collision count as eight little-endian bytes, rendered as the decimal sum in the safe alphabet.
 * Deployments name and label their ReplicaSets with it ("pod-template-hash").
 */
export function computeHash(template: PodTemplateSpec, collisionCount?: number): string {
  let h = fnv32a(Buffer.from(podTemplateHashInput(template), 'utf8'));
  if (collisionCount !== undefined) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(bytes, h);
  }
  return safeEncodeString(String(h));
}

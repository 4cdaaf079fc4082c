import type { AllocationBitmap } from './allocation-bitmap.js';

/** Bounds of upstream's static band formula `min(max(min, size/step), max)`. */
export interface StaticBandRule {
  readonly min: number;
  readonly max: number;
  readonly step: number;
}

/** ClusterIP ranges (upstream ipallocator): 1/16th of the CIDR, at least 16, at most 256 addresses. */
export const serviceIpStaticBand: StaticBandRule = { min: 16, max: 256, step: 16 };

/** NodePort ranges (upstream portallocator): 1/32nd of the range, at least 16, at most 128 ports. */
export const nodePortStaticBand: StaticBandRule = { min: 16, max: 128, step: 32 };

/**
 * How many offsets at the bottom of a range are kept for users who ask for a specific item: dynamic
 * allocation prefers the rest, so a fixed `clusterIP: 10.43.0.10` (DNS, say) rarely finds its
 * address already taken by a random pick. `totalSize` is what upstream measures (the whole CIDR
 * including network and broadcast, or the port count); 0 for ranges too small to split.
 */
export function staticBandSize(totalSize: number, rule: StaticBandRule): number {
  if (totalSize <= rule.min) return 0;
  return Math.min(Math.max(rule.min, Math.floor(totalSize / rule.step)), rule.max);
}

/**
 * A free offset chosen like upstream's random-scan-with-offset strategy: a random start in the upper
 * part [band, size) scanning forward with wrap-around, then the same in the static band [0, band)
 * only when the upper part is full. Undefined when every offset is taken. `random` returns [0, 1).
 */
export function pickFreeOffset(
  bitmap: AllocationBitmap,
  band: number,
  random: () => number,
): number | undefined {
  if (bitmap.free <= 0) return undefined;
  const low = band > 0 && band < bitmap.size ? band : 0;
  return scan(bitmap, low, bitmap.size, random) ?? scan(bitmap, 0, low, random);
}

function scan(bitmap: AllocationBitmap, from: number, to: number, random: () => number): number | undefined {
  const width = to - from;
  if (width <= 0) return undefined;
  const start = Math.min(width - 1, Math.floor(random() * width));
  for (let i = 0; i < width; i++) {
    const at = from + ((start + i) % width);
    if (!bitmap.has(at)) return at;
  }
  return undefined;
}

// Garbage collection policies with upstream's defaults and validation: images are collected when
// the image filesystem is 85% full, down to 80%, never younger than 2 minutes (a just-pulled image
// is about to be used); dead containers keep one instance per pod container (for `logs
// --previous`), no node-wide cap, no minimum age.

/** Image GC settings (--image-gc-high-threshold, --image-gc-low-threshold, ...). */
export interface ImageGcPolicy {
  /** Collect when the image filesystem is at least this full (100 disables). */
  readonly highThresholdPercent: number;
  /** ...down to this. */
  readonly lowThresholdPercent: number;
  /** --minimum-image-ttl-duration: never remove an image detected less than this ago. */
  readonly minAgeMs: number;
  /** --image-maximum-gc-age: remove images unused this long regardless of space (0 = off). */
  readonly maxAgeMs: number;
}

/** Dead container GC settings. */
export interface ContainerGcPolicy {
  /** Dead containers must be at least this old to go. */
  readonly minAgeMs: number;
  /** Dead instances kept per (pod, container name); negative = no limit. */
  readonly maxPerPodContainer: number;
  /** Dead containers kept on the node; negative = no limit. */
  readonly maxContainers: number;
}

/** Upstream's image GC defaults. */
export const defaultImageGcPolicy: ImageGcPolicy = {
  highThresholdPercent: 85,
  lowThresholdPercent: 80,
  minAgeMs: 2 * 60_000,
  maxAgeMs: 0,
};

/** Upstream's container GC defaults. */
export const defaultContainerGcPolicy: ContainerGcPolicy = {
  minAgeMs: 0,
  maxPerPodContainer: 1,
  maxContainers: -1,
};

/** Throws upstream's error for an invalid image GC policy. */
export function validateImageGcPolicy(p: ImageGcPolicy): void {
  if (p.highThresholdPercent < 0 || p.highThresholdPercent > 100)
    throw new Error(`invalid HighThresholdPercent ${p.highThresholdPercent}, must be in range [0-100]`);
  if (p.lowThresholdPercent < 0 || p.lowThresholdPercent > 100)
    throw new Error(`invalid LowThresholdPercent ${p.lowThresholdPercent}, must be in range [0-100]`);
  if (p.lowThresholdPercent > p.highThresholdPercent)
    throw new Error(
      `LowThresholdPercent ${p.lowThresholdPercent} can not be higher than HighThresholdPercent ${p.highThresholdPercent}`,
    );
}

/** Throws upstream's error for an invalid container GC policy. */
export function validateContainerGcPolicy(p: ContainerGcPolicy): void {
  if (p.minAgeMs < 0) throw new Error(`invalid minimum garbage collection age: ${p.minAgeMs}ms`);
}

// Image garbage collection (upstream realImageGCManager). The manager keeps a record per image —
// when it was first seen and when a container (running or dead) last used it — and, when the image
// filesystem is over the high threshold, removes unused, unpinned images least recently used first
// until usage is back at the low threshold. Images newer than the minimum age are spared: they were
// probably just pulled for a container about to start.
import { systemClock, type Clock } from '../../base/clock.js';
import type { Logger } from '../../base/logger.js';
import type { ImageService, RuntimeService } from '../cri/runtime-service.js';
import { defaultImageGcPolicy, validateImageGcPolicy, type ImageGcPolicy } from './gc-policy.js';
import type { ImageFsStats } from './image-fs-stats.js';

interface ImageRecord {
  firstDetected: number;
  lastUsed: number;
  size: number;
  pinned: boolean;
}

interface Candidate extends ImageRecord {
  readonly id: string;
}

/** Options of ImageGcManager. */
export interface ImageGcManagerOptions {
  readonly runtime: RuntimeService;
  readonly images: ImageService;
  /** The image filesystem's capacity and free space (imageFsStats over the runtime by default). */
  readonly imageFsStats: () => Promise<ImageFsStats>;
  readonly policy?: Partial<ImageGcPolicy>;
  /** Emits an event on the Node (FreeDiskSpaceFailed, InvalidDiskCapacity). */
  readonly recordNodeEvent?: (type: 'Normal' | 'Warning', reason: string, message: string) => void;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/** Removes unused images when the image filesystem fills up. */
export class ImageGcManager {
  readonly policy: ImageGcPolicy;
  private readonly clock: Clock;
  private readonly records = new Map<string, ImageRecord>();

  constructor(private readonly options: ImageGcManagerOptions) {
    this.policy = { ...defaultImageGcPolicy, ...options.policy };
    validateImageGcPolicy(this.policy);
    this.clock = options.clock ?? systemClock;
  }

  /** True when GC can never act (high threshold 100 and no maximum age), as upstream then skips it. */
  get disabled(): boolean {
    return this.policy.highThresholdPercent === 100 && this.policy.maxAgeMs === 0;
  }

  /**
   * Refreshes the records: new images are stamped with `detectTime`, images used by any container
   * get lastUsed = now, vanished images are forgotten. Returns the ids of images in use.
   */
  async detectImages(detectTime = this.clock.now()): Promise<Set<string>> {
    const [images, containers] = await Promise.all([
      this.options.images.listImages(),
      this.options.runtime.listContainers(),
    ]);
    const inUse = new Set<string>();
    for (const c of containers.containers) inUse.add(c.imageRef !== '' ? c.imageRef : c.image.image);
    const now = this.clock.now();
    const current = new Set<string>();
    for (const image of images) {
      current.add(image.id);
      let record = this.records.get(image.id);
      if (record === undefined) {
        record = { firstDetected: detectTime, lastUsed: 0, size: 0, pinned: false };
        this.records.set(image.id, record);
      }
      if (inUse.has(image.id)) record.lastUsed = now;
      record.size = image.size;
      record.pinned = image.pinned;
    }
    for (const id of [...this.records.keys()]) if (!current.has(id)) this.records.delete(id);
    return inUse;
  }

  /**
   * One GC pass (upstream GarbageCollect): images unused for longer than the maximum age go first
   * (once that age has passed since `beganGcAt`), then, above the high threshold, enough unused
   * images to get back to the low one. Throws when it could not free enough.
   */
  async garbageCollect(beganGcAt: number): Promise<void> {
    const freeTime = this.clock.now();
    let candidates = await this.imagesInEvictionOrder(freeTime);
    candidates = await this.freeOldImages(candidates, freeTime, beganGcAt);
    const fs = await this.options.imageFsStats();
    const capacity = fs.capacityBytes;
    const available = Math.min(fs.availableBytes, capacity);
    if (capacity === 0) {
      const message = 'invalid capacity 0 on image filesystem';
      this.options.recordNodeEvent?.('Warning', 'InvalidDiskCapacity', message);
      throw new Error(message);
    }
    const usagePercent = 100 - Math.trunc((available * 100) / capacity);
    if (usagePercent < this.policy.highThresholdPercent) return;
    const amountToFree = Math.trunc((capacity * (100 - this.policy.lowThresholdPercent)) / 100) - available;
    this.options.logger?.info('image filesystem over the high threshold, freeing down to the low threshold', {
      usage: usagePercent,
      amountToFree,
    });
    const freed = await this.freeSpace(amountToFree, freeTime, candidates);
    if (freed < amountToFree) {
      const message = `Failed to garbage collect required amount of images. Attempted to free ${amountToFree} bytes, but only found ${freed} bytes eligible to free.`;
      this.options.recordNodeEvent?.('Warning', 'FreeDiskSpaceFailed', message);
      throw new Error(message);
    }
  }

  /** Removes every unused image old enough (the eviction manager's node-level reclaim). */
  async deleteUnusedImages(): Promise<void> {
    const freeTime = this.clock.now();
    await this.freeSpace(Number.MAX_SAFE_INTEGER, freeTime, await this.imagesInEvictionOrder(freeTime));
  }

  // Unused, unpinned images, least recently used first, ties broken by first detection.
  private async imagesInEvictionOrder(freeTime: number): Promise<Candidate[]> {
    const inUse = await this.detectImages(freeTime);
    const out: Candidate[] = [];
    for (const [id, record] of this.records) {
      if (inUse.has(id) || record.pinned) continue;
      out.push({ id, ...record });
    }
    return out.sort((a, b) =>
      a.lastUsed === b.lastUsed ? a.firstDetected - b.firstDetected : a.lastUsed - b.lastUsed,
    );
  }

  private async freeOldImages(
    candidates: Candidate[],
    freeTime: number,
    beganGcAt: number,
  ): Promise<Candidate[]> {
    const maxAge = this.policy.maxAgeMs;
    // Until the kubelet has run for maxAge it cannot know that an image went unused that long.
    if (maxAge === 0 || freeTime - beganGcAt <= maxAge) return candidates;
    const remaining: Candidate[] = [];
    const failures: string[] = [];
    for (const image of candidates) {
      if (freeTime - image.lastUsed <= maxAge) {
        remaining.push(image);
        continue;
      }
      const err = await this.freeImage(image.id);
      if (err !== undefined) {
        failures.push(err);
        remaining.push(image);
      }
    }
    if (failures.length > 0)
      throw new Error(
        `wanted to free images older than ${maxAge}ms, encountered errors in image deletion: ${failures.join('; ')}`,
      );
    return remaining;
  }

  private async freeSpace(
    bytesToFree: number,
    freeTime: number,
    candidates: readonly Candidate[],
  ): Promise<number> {
    let freed = 0;
    const failures: string[] = [];
    for (const image of candidates) {
      // Used since the candidates were listed (lastUsed was set to now during detection).
      if (image.lastUsed >= freeTime) continue;
      if (freeTime - image.firstDetected < this.policy.minAgeMs) continue;
      const err = await this.freeImage(image.id);
      if (err !== undefined) {
        failures.push(err);
        continue;
      }
      freed += image.size;
      if (freed >= bytesToFree) break;
    }
    if (failures.length > 0)
      throw new Error(
        `wanted to free ${bytesToFree} bytes, but freed ${freed} bytes space with errors in image deletion: ${failures.join('; ')}`,
      );
    return freed;
  }

  private async freeImage(id: string): Promise<string | undefined> {
    this.options.logger?.info('removing image to free bytes', {
      imageID: id,
      size: this.records.get(id)?.size,
    });
    try {
      await this.options.images.removeImage({ image: id });
    } catch (err) {
      return `${id}: ${(err as Error).message}`;
    }
    this.records.delete(id);
    return undefined;
  }
}

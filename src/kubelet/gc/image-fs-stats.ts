// The image filesystem's size and free space: CRI ImageFsInfo names where images live (containerd's
// snapshotter directory) and statfs says how full that filesystem is — the numbers image GC
// compares with its thresholds, as upstream's ImageFsStats does through cAdvisor.
import { statfs } from 'node:fs/promises';
import type { ImageService } from '../cri/runtime-service.js';

/** Capacity and available bytes of the filesystem holding images. */
export interface ImageFsStats {
  readonly capacityBytes: number;
  readonly availableBytes: number;
}

/** Reads the image filesystem's stats through CRI and statfs. */
export async function imageFsStats(images: ImageService): Promise<ImageFsStats> {
  const info = await images.imageFsInfo();
  const mountpoint = info.imageFilesystems[0]?.fsId?.mountpoint;
  if (mountpoint === undefined || mountpoint === '')
    throw new Error('the runtime reported no image filesystem');
  const s = await statfs(mountpoint);
  return { capacityBytes: s.blocks * s.bsize, availableBytes: s.bavail * s.bsize };
}

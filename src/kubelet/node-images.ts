// node.status.images as the kubelet reports them (upstream's images setter): every image with its
// digests and tags as names, largest first, at most 50.
import type { ContainerImage } from 'kubernetes-types/core/v1.js';
import type { Image } from './cri/runtime-service.js';

/** The most images a node reports (--node-status-max-images). */
export const maxNodeImages = 50;

/** The node's image list from the runtime's images. */
export function nodeImages(images: readonly Image[], max = maxNodeImages): ContainerImage[] {
  return [...images]
    .filter((i) => i.repoDigests.length + i.repoTags.length > 0)
    .sort((a, b) => b.size - a.size)
    .slice(0, max)
    .map((i) => ({ names: [...i.repoDigests, ...i.repoTags], sizeBytes: i.size }));
}

import type { PodSpec } from 'kubernetes-types/core/v1.js';
import type { NodeInfoLister } from '../../framework/handle.js';
import type { ScorePlugin } from '../../framework/interfaces.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { maxNodeScore } from '../../framework/normalize-score.js';
import { pluginNames } from '../names.js';

const mb = 1024 * 1024;
/** Below this sum of image scores a node gets 0 (a tiny image is quick to pull anyway). */
export const minThreshold = 23 * mb;
/** Per container, sums above this count as this. */
export const maxContainerThreshold = 1000 * mb;

/** "nginx" → "nginx:latest": the name node.status.images reports. */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(':') <= name.lastIndexOf('/') ? `${name}:latest` : name;
}

/** The image's size scaled by how widespread it is, so images on every node do not dominate. */
export function scaledImageScore(size: number, numNodes: number, totalNodes: number): number {
  return Math.trunc(size * (numNodes / totalNodes));
}

/** Maps the summed image scores of a node to 0–100 between the thresholds. */
export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = maxContainerThreshold * numContainers;
  const clamped = Math.min(Math.max(sumScores, minThreshold), maxThreshold);
  return Math.trunc((maxNodeScore * (clamped - minThreshold)) / (maxThreshold - minThreshold));
}

/** The node's ImageLocality score for a pod spec. */
export function imageLocalityScore(
  spec: PodSpec | undefined,
  node: NodeInfo,
  snapshot: NodeInfoLister,
): number {
  const numContainers = (spec?.initContainers?.length ?? 0) + (spec?.containers?.length ?? 0);
  if (numContainers === 0) return 0;
  // Most nodes report no images: skip the name normalization for them.
  if (node.numImages === 0) return calculatePriority(0, numContainers);
  const total = snapshot.list().length;
  let sum = 0;
  for (const list of [spec?.initContainers ?? [], spec?.containers ?? []]) {
    for (const c of list) {
      const name = normalizedImageName(c.image ?? '');
      const size = node.imageSizes.get(name);
      if (size !== undefined) sum += scaledImageScore(size, snapshot.imageNumNodes(name), total);
    }
  }
  return calculatePriority(sum, numContainers);
}

/** ImageLocality: prefers nodes that already have the pod's images. */
export function newImageLocality(_args: unknown, handle: { readonly snapshot: NodeInfoLister }): ScorePlugin {
  return {
    name: pluginNames.imageLocality,
    score: (_s, pod, node) => imageLocalityScore(pod.pod.spec, node, handle.snapshot),
  };
}

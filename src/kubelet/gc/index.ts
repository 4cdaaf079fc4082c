// The kubelet's garbage collection: unused images by disk usage and age, dead containers and
// sandboxes by policy, on upstream's periods.
export { ContainerGc, type ContainerGcOptions, type PodStateProvider } from './container-gc.js';
export {
  containerGcPeriodMs,
  GarbageCollector,
  imageGcPeriodMs,
  type GarbageCollectorOptions,
} from './garbage-collector.js';
export {
  defaultContainerGcPolicy,
  defaultImageGcPolicy,
  validateContainerGcPolicy,
  validateImageGcPolicy,
  type ContainerGcPolicy,
  type ImageGcPolicy,
} from './gc-policy.js';
export { imageFsStats, type ImageFsStats } from './image-fs-stats.js';
export { ImageGcManager, type ImageGcManagerOptions } from './image-gc-manager.js';

// Static pods: --pod-manifest-path manifests as pods (name, UID, config annotations), the source
// that reads and watches them, and the mirror pods that show them in the API.
export {
  isMirrorPodOf,
  MirrorPodClient,
  orphanedMirrorPods,
  staticPodHash,
  type MirrorPodClientOptions,
} from './mirror-pods.js';
export {
  apiserverSource,
  configFirstSeenAnnotation,
  configHashAnnotation,
  configMirrorAnnotation,
  configSourceAnnotation,
  fileSource,
  isCriticalPod,
  isMirrorPod,
  isNodeCriticalPod,
  isStaticPod,
  podFullName,
} from './pod-source.js';
export {
  decodeManifest,
  staticPodFromManifest,
  staticPodUid,
  type ManifestOrigin,
} from './static-pod-manifest.js';
export { rfc3339Nano, StaticPodSource, type StaticPodSourceOptions } from './static-pod-source.js';

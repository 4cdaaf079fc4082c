// One function per volume kind that sets a volume up on the node and says where it is, as the
// upstream plugins do: emptyDir, hostPath, configMap, secret, downwardAPI, projected, and
// persistentVolumeClaim bound to a hostPath or local PersistentVolume.
import type { Pod, Volume } from 'kubernetes-types/core/v1.js';
import { mkdir } from 'node:fs/promises';
import { writeAtomically, type FileProjection, type Payload } from './atomic-writer.js';
import { emptyDirMedium, setUpDiskDir, setUpEmptyDir, setUpMemoryDir } from './empty-dir.js';
import { checkHostPath } from './host-path.js';
import { memoryVolumeSizeBytes } from './memory-volume-size.js';
import { mountAt } from './mounter.js';
import { makeNestedMountpoints } from './nested-mountpoints.js';
import { resolveClaim, VolumeProcessingError } from './persistent-volume-claim.js';
import { podVolumeDir, type VolumePluginName } from './pod-volume-paths.js';
import { podFsGroup, podFsGroupChangePolicy, podFsUser } from './pod-security-ids.js';
import {
  configMapVolumePayload,
  downwardApiVolumePayload,
  projectedVolumePayload,
  secretVolumePayload,
  type PayloadContext,
} from './projected-payload.js';
import { defaultVolumeFileMode } from './key-projection.js';
import { applyVolumeOwnership } from './volume-ownership.js';
import type { VolumeHost } from './volume-host.js';

/** A volume set up on the node. */
export interface SetUpVolume {
  readonly name: string;
  /** The name events use: the volume's, or its PersistentVolume's. */
  readonly specName: string;
  readonly plugin: VolumePluginName;
  readonly hostPath: string;
  /** The kind forces read-only mounts (the atomic-writer kinds, read-only claims). */
  readonly readOnly: boolean;
  /** Rewrites the files from current data (atomic-writer kinds only). */
  readonly refresh?: (pod: Pod, signal?: AbortSignal) => Promise<void>;
}

/** Thrown by a plugin; `specName` names the volume in the FailedMount message. */
export class VolumeSetUpError extends Error {
  constructor(
    readonly specName: string,
    message: string,
  ) {
    super(message);
  }
}

function payloadContext(host: VolumeHost, pod: Pod, signal?: AbortSignal): PayloadContext {
  const fsGroup = podFsGroup(pod);
  const fsUser = podFsUser(pod);
  return {
    pod,
    objects: host.objects,
    tokens: host.tokens,
    nodeAllocatable: host.nodeAllocatable,
    ...(fsGroup !== undefined ? { fsGroup } : {}),
    ...(fsUser !== undefined ? { fsUser } : {}),
    ...(signal ? { signal } : {}),
  };
}

type PayloadBuilder = (ctx: PayloadContext) => Promise<Map<string, FileProjection>>;

async function writeVolumeFiles(host: VolumeHost, dir: string, payload: Payload, pod: Pod): Promise<void> {
  const fsGroup = podFsGroup(pod);
  await writeAtomically(dir, payload, {
    now: () => host.clock.now(),
    // Upstream re-owns the whole volume, not just the new data directory: on the first write the
    // user-visible links are created outside it.
    ...(fsGroup !== undefined
      ? { setPerms: () => applyVolumeOwnership(dir, { fsGroup, readOnly: true }) }
      : {}),
  });
}

/** The atomic-writer kinds: payload first (a failure leaves nothing behind), then dir, then files. */
async function setUpWritten(
  host: VolumeHost,
  pod: Pod,
  volume: Volume,
  plugin: VolumePluginName,
  medium: 'disk' | 'memory',
  build: PayloadBuilder,
  signal?: AbortSignal,
): Promise<SetUpVolume> {
  const dir = podVolumeDir(host.rootDir, pod.metadata?.uid ?? '', plugin, volume.name);
  const payload = await build(payloadContext(host, pod, signal));
  if (medium === 'memory') {
    await setUpMemoryDir(
      dir,
      host.mounter,
      memoryVolumeSizeBytes(pod, host.nodeAllocatable['memory'], undefined),
    );
  } else {
    await setUpDiskDir(dir);
  }
  await makeNestedMountpoints(volume.name, dir, pod);
  await writeVolumeFiles(host, dir, payload, pod);
  const refresh = async (current: Pod, sig?: AbortSignal) =>
    writeVolumeFiles(host, dir, await build(payloadContext(host, current, sig)), current);
  return { name: volume.name, specName: volume.name, plugin, hostPath: dir, readOnly: true, refresh };
}

async function setUpEmptyDirVolume(host: VolumeHost, pod: Pod, volume: Volume): Promise<SetUpVolume> {
  const source = volume.emptyDir!;
  const medium = emptyDirMedium(source.medium);
  const dir = podVolumeDir(host.rootDir, pod.metadata?.uid ?? '', 'empty-dir', volume.name);
  const size =
    medium === 'memory'
      ? memoryVolumeSizeBytes(pod, host.nodeAllocatable['memory'], source.sizeLimit)
      : undefined;
  await setUpEmptyDir(dir, medium, host.mounter, size);
  const fsGroup = podFsGroup(pod);
  if (fsGroup !== undefined) await applyVolumeOwnership(dir, { fsGroup, readOnly: false });
  return { name: volume.name, specName: volume.name, plugin: 'empty-dir', hostPath: dir, readOnly: false };
}

async function setUpLocalVolume(
  host: VolumeHost,
  pod: Pod,
  volume: Volume,
  pvName: string,
  path: string,
  readOnly: boolean,
): Promise<SetUpVolume> {
  const dir = podVolumeDir(host.rootDir, pod.metadata?.uid ?? '', 'local-volume', pvName);
  await mkdir(dir, { recursive: true, mode: 0o750 });
  if (mountAt(await host.mounter.mountPoints(), dir) === undefined)
    await host.mounter.bindMount(path, dir, readOnly);
  const fsGroup = podFsGroup(pod);
  if (fsGroup !== undefined && !readOnly) {
    await applyVolumeOwnership(dir, { fsGroup, readOnly: false, policy: podFsGroupChangePolicy(pod) });
  }
  return { name: volume.name, specName: pvName, plugin: 'local-volume', hostPath: dir, readOnly };
}

async function setUpClaim(
  host: VolumeHost,
  pod: Pod,
  volume: Volume,
  signal?: AbortSignal,
): Promise<SetUpVolume> {
  const source = volume.persistentVolumeClaim!;
  const ns = pod.metadata?.namespace ?? '';
  const claimed = await resolveClaim(host.client, ns, source.claimName, source.readOnly === true, signal);
  try {
    if (claimed.kind === 'local') {
      return await setUpLocalVolume(host, pod, volume, claimed.pvName, claimed.path, claimed.readOnly);
    }
    await checkHostPath(claimed.path, claimed.type);
  } catch (err) {
    throw new VolumeSetUpError(claimed.pvName, (err as Error).message);
  }
  const hostPath = claimed.path;
  return {
    name: volume.name,
    specName: claimed.pvName,
    plugin: 'host-path',
    hostPath,
    readOnly: claimed.readOnly,
  };
}

/**
 * Sets up one volume of `pod`. Throws a VolumeProcessingError when the volume cannot be turned
 * into a plugin's work (claims, unknown kinds), any other error when the plugin failed.
 */
export async function setUpVolume(
  host: VolumeHost,
  pod: Pod,
  volume: Volume,
  signal?: AbortSignal,
): Promise<SetUpVolume> {
  if (volume.emptyDir) return setUpEmptyDirVolume(host, pod, volume);
  if (volume.hostPath) {
    await checkHostPath(volume.hostPath.path, volume.hostPath.type);
    return {
      name: volume.name,
      specName: volume.name,
      plugin: 'host-path',
      hostPath: volume.hostPath.path,
      readOnly: false,
    };
  }
  if (volume.configMap) {
    const source = volume.configMap;
    const mode = source.defaultMode ?? defaultVolumeFileMode;
    return setUpWritten(
      host,
      pod,
      volume,
      'configmap',
      'disk',
      (ctx) => configMapVolumePayload(source, mode, ctx),
      signal,
    );
  }
  if (volume.secret) {
    const { secretName = '', items, optional, defaultMode } = volume.secret;
    const mode = defaultMode ?? defaultVolumeFileMode;
    const build: PayloadBuilder = (ctx) =>
      secretVolumePayload({ name: secretName, items, optional }, mode, ctx);
    return setUpWritten(host, pod, volume, 'secret', 'memory', build, signal);
  }
  if (volume.downwardAPI) {
    const source = volume.downwardAPI;
    const build: PayloadBuilder = async (ctx) => downwardApiVolumePayload(source, ctx);
    return setUpWritten(host, pod, volume, 'downward-api', 'memory', build, signal);
  }
  if (volume.projected) {
    const source = volume.projected;
    return setUpWritten(
      host,
      pod,
      volume,
      'projected',
      'memory',
      (ctx) => projectedVolumePayload(source, ctx),
      signal,
    );
  }
  if (volume.persistentVolumeClaim) return setUpClaim(host, pod, volume, signal);
  throw new VolumeProcessingError(
    `failed to get Plugin from volumeSpec for volume "${volume.name}" err=no volume plugin matched`,
  );
}

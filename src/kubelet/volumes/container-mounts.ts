// A container's volumeMounts turned into CRI mounts (upstream's makeMounts, minus /etc/hosts which
// the pod worker adds): each mount names a set-up volume, optionally a subPath inside it, and is
// read-only when the mount asks or the volume kind demands it (configMap, secret, downwardAPI,
// projected are always read-only).
import type { Container, VolumeMount } from 'kubernetes-types/core/v1.js';
import { goQuote } from '../../api/validation/go-quote.js';
import type { KeyValue, Mount, MountPropagation } from '../cri/runtime-service.js';
import { expandSubPathExpr, prepareSubPath } from './subpath.js';

/** A volume that is set up and can be mounted into containers. */
export interface MountableVolume {
  /** The directory (or file) on the host that holds the volume. */
  readonly hostPath: string;
  /** The volume kind forces read-only mounts. */
  readonly readOnly: boolean;
}

/** upstream's translateMountPropagation; throws for an unknown mode. */
export function mountPropagation(mode: string | undefined): MountPropagation {
  switch (mode) {
    case undefined:
    case 'None':
      return 'PROPAGATION_PRIVATE';
    case 'HostToContainer':
      return 'PROPAGATION_HOST_TO_CONTAINER';
    case 'Bidirectional':
      return 'PROPAGATION_BIDIRECTIONAL';
  }
  throw new Error(`invalid MountPropagation mode: ${goQuote(mode)}`);
}

/** upstream's resolveRecursiveReadOnly with a runtime (containerd 1.6) that cannot do it. */
function checkRecursiveReadOnly(mount: VolumeMount): void {
  const rro = mount.recursiveReadOnly;
  if (rro === undefined || rro === 'Disabled') return;
  const fail = (why: string) => new Error(`failed to resolve recursive read-only mode: ${why}`);
  if (!mount.readOnly) throw fail('rro requires ro');
  if (mount.mountPropagation !== undefined && mount.mountPropagation !== 'None') {
    throw fail('rro requires MountPropagation=None');
  }
  if (rro === 'IfPossible') return;
  if (rro === 'Enabled') throw fail('rro is not supported by the runtime');
  throw fail(`unknown RecursiveReadOnly type ${goQuote(rro)}`);
}

/**
 * The CRI mounts of `container`, given the pod's set-up volumes and the container's resolved env
 * (for subPathExpr). Throws with the message the container fails to start with.
 */
export async function containerMounts(
  container: Container,
  volumes: ReadonlyMap<string, MountableVolume>,
  env: readonly KeyValue[],
): Promise<Mount[]> {
  const envMap = new Map(env.map((kv) => [kv.key, kv.value]));
  const mounts: Mount[] = [];
  for (const mount of container.volumeMounts ?? []) {
    const volume = volumes.get(mount.name);
    if (volume === undefined) {
      throw new Error(`cannot find volume "${mount.name}" to mount into container "${container.name}"`);
    }
    let hostPath = volume.hostPath;
    const subPath = mount.subPathExpr ? expandSubPathExpr(mount.subPathExpr, envMap) : (mount.subPath ?? '');
    if (subPath !== '') hostPath = await prepareSubPath(hostPath, subPath, mount.name, container.name);
    const propagation = mountPropagation(mount.mountPropagation);
    checkRecursiveReadOnly(mount);
    mounts.push({
      containerPath: mount.mountPath.startsWith('/') ? mount.mountPath : `/${mount.mountPath}`,
      hostPath,
      readonly: mount.readOnly === true || volume.readOnly,
      propagation,
    });
  }
  return mounts;
}

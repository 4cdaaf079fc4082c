// Mount points of other volumes inside a read-only volume (a secret at /etc/app and an emptyDir at
// /etc/app/cache): the runtime cannot create /etc/app/cache inside a read-only mount, so the
// kubelet creates the directory in the volume itself before the first write (upstream's
// MakeNestedMountpoints).
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { mkdir } from 'node:fs/promises';
import { join, posix } from 'node:path';

function allContainers(pod: Pod): Container[] {
  const spec = pod.spec;
  if (!spec) return [];
  // Ephemeral containers share Container's volumeMounts shape.
  return [
    ...(spec.initContainers ?? []),
    ...spec.containers,
    ...((spec.ephemeralContainers ?? []) as Container[]),
  ];
}

/** Go's filepath.Clean: normalised, without a trailing slash. */
function cleanPath(path: string): string {
  const clean = posix.normalize(path);
  return clean.length > 1 && clean.endsWith('/') ? clean.slice(0, -1) : clean;
}

/** The relative directories to create in volume `name` for mounts nested under its mount points. */
export function nestedMountpoints(name: string, pod: Pod): string[] {
  const out: string[] = [];
  for (const container of allContainers(pod)) {
    const all = (container.volumeMounts ?? []).map((m) => cleanPath(m.mountPath)).sort();
    const mine = (container.volumeMounts ?? [])
      .filter((m) => m.name === name)
      .map((m) => cleanPath(m.mountPath));
    for (const mountPoint of mine) {
      // Never let a container make us create directories outside of the volume.
      if (mountPoint.startsWith('../')) throw new Error(`invalid container mount point ${mountPoint}`);
      const prefix = `${mountPoint}/`;
      let previous = '';
      for (const mp of all) {
        if (!mp.startsWith(prefix)) continue;
        // Only the first level: /dir/nested for /dir/nested and /dir/nested/other.
        if (previous !== '' && mp.startsWith(previous)) continue;
        out.push(mp.slice(prefix.length));
        previous = `${mp}/`;
      }
    }
  }
  return out;
}

/** Creates the nested mount points of volume `name` in `dir` (mode 0755). */
export async function makeNestedMountpoints(name: string, dir: string, pod: Pod): Promise<void> {
  for (const rel of nestedMountpoints(name, pod)) {
    try {
      await mkdir(join(dir, rel), { recursive: true, mode: 0o755 });
    } catch (err) {
      throw new Error(`unable to create nested volume mountpoints: ${(err as Error).message}`);
    }
  }
}

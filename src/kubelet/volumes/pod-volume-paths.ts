// Where a pod's volumes live under the kubelet's root directory, laid out as upstream's kubelet
// does, so tools that know /var/lib/kubelet find their way:
// <root>/pods/<uid>/volumes/kubernetes.io~<plugin>/<volume>.
import { join } from 'node:path';

/** The volume plugins the kubelet implements, by their upstream directory names. */
export type VolumePluginName =
  'empty-dir' | 'configmap' | 'secret' | 'downward-api' | 'projected' | 'local-volume' | 'host-path';

/** `kubernetes.io~<plugin>`: a plugin's directory name (the `/` of its plugin name escaped). */
export function pluginDirName(plugin: VolumePluginName): string {
  return `kubernetes.io~${plugin}`;
}

/** <root>/pods/<uid>: everything the kubelet keeps for one pod. */
export function podDir(rootDir: string, podUid: string): string {
  return join(rootDir, 'pods', podUid);
}

/** <root>/pods/<uid>/volumes. */
export function podVolumesDir(rootDir: string, podUid: string): string {
  return join(podDir(rootDir, podUid), 'volumes');
}

/** <root>/pods/<uid>/volumes/kubernetes.io~<plugin>/<name>: one volume's directory. */
export function podVolumeDir(
  rootDir: string,
  podUid: string,
  plugin: VolumePluginName,
  name: string,
): string {
  return join(podVolumesDir(rootDir, podUid), pluginDirName(plugin), name);
}

/** <root>/pods/<uid>/plugins: per-pod plugin state (kept for layout parity). */
export function podPluginsDir(rootDir: string, podUid: string): string {
  return join(podDir(rootDir, podUid), 'plugins');
}

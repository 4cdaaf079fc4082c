import type { PersistentVolume, Pod } from 'kubernetes-types/core/v1.js';
import type { VolumeAttachment } from 'kubernetes-types/storage/v1.js';
import type { KubeObject } from '../../../api/object.js';
import type { Logger } from '../../../base/logger.js';
import type { ResourceRegistry } from '../../resource-registry.js';
import type { NodeGraph } from './node-graph.js';

type Source = 'pods' | 'persistentvolumes' | 'volumeattachments';

const sources: readonly { source: Source; group: string }[] = [
  { source: 'pods', group: '' },
  { source: 'persistentvolumes', group: '' },
  { source: 'volumeattachments', group: 'storage.k8s.io' },
];

function apply(graph: NodeGraph, source: Source, type: string, o: KubeObject): void {
  const deleted = type === 'DELETED';
  const ns = o.metadata?.namespace ?? '';
  const name = o.metadata?.name ?? '';
  if (source === 'pods') {
    if (deleted) graph.removePod(ns, name);
    else graph.setPod(o as unknown as Pod);
  } else if (source === 'persistentvolumes') {
    if (deleted) graph.removePersistentVolume(name);
    else graph.setPersistentVolume(o as unknown as PersistentVolume);
  } else if (deleted) graph.removeVolumeAttachment(name);
  else graph.setVolumeAttachment(o as unknown as VolumeAttachment);
}

/**
 * Keeps the Node authorizer's graph in step with the watch caches, as upstream feeds it from
 * informers: one in-process watch per source, restarted (graph part cleared, everything re-added)
 * when the cache resets; it ends when the caches stop.
 */
export function feedNodeGraph(graph: NodeGraph, registry: ResourceRegistry, log: Logger): void {
  for (const { source, group } of sources) {
    const store = registry.preferred(group, source).store;
    const follow = async (): Promise<void> => {
      for (;;) {
        graph.clear(source);
        const watcher = await store.watch({ namespace: '', filter: () => true, bookmarks: false });
        let reset = false;
        for await (const out of watcher) {
          if (out.type === 'ERROR') reset = true;
          else if (out.type !== 'BOOKMARK') apply(graph, source, out.type, out.object.object);
        }
        if (!reset) return;
      }
    };
    follow().catch((err: unknown) => log.error('node authorizer graph stopped', { source, err }));
  }
}

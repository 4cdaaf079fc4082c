// Stands in for kubelets in controller tests (none runs there): pods that match are patched
// Running and Ready through the status subresource, as a kubelet would report them.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { formatRfc3339 } from '../../../base/rfc3339.js';
import type { Clock } from '../../../base/clock.js';
import type { KubeClient } from '../../../client/index.js';

const pods = { group: '', version: 'v1', resource: 'pods', namespaced: true, kind: 'Pod' };

/** Marks one pod Running and Ready at the clock's now. */
export async function markPodReady(client: KubeClient, pod: Pod, clock: Clock): Promise<void> {
  const now = formatRfc3339(clock.now());
  await client
    .resource<Pod>(pods)
    .namespace(pod.metadata?.namespace ?? 'default')
    .patch(
      pod.metadata?.name ?? '',
      'merge',
      {
        status: {
          phase: 'Running',
          conditions: [
            { type: 'Ready', status: 'True', lastTransitionTime: now },
            { type: 'ContainersReady', status: 'True', lastTransitionTime: now },
          ],
        },
      },
      { subresource: 'status' },
    )
    .catch(() => undefined);
}

/** A background loop that makes every matching pod of `namespace` Ready; stop() ends it. */
export function simulateReadiness(options: {
  readonly client: KubeClient;
  readonly clock: Clock;
  readonly namespace: string;
  /** Which pods become ready (default all). */
  readonly accept?: (pod: Pod) => boolean;
  readonly everyMs?: number;
}): { stop(): Promise<void> } {
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const list = await options.client
        .resource<Pod>(pods)
        .namespace(options.namespace)
        .list()
        .catch(() => ({ items: [] as Pod[] }));
      for (const pod of list.items) {
        if (stopped) break;
        if (pod.metadata?.deletionTimestamp) continue;
        if (pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) continue;
        if (options.accept && !options.accept(pod)) continue;
        await markPodReady(options.client, pod, options.clock);
      }
      await new Promise((r) => setTimeout(r, options.everyMs ?? 25));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

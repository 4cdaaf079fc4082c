import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KubeClient } from '../../client/index.js';
import type { EventRecorder } from '../../controller-framework/index.js';
import { eventTarget } from '../shared/infra-event-target.js';
import { withPodCondition } from '../shared/infra-pod.js';
import { podsResource } from '../shared/infra-resources.js';
import { isNotFound } from '../shared/infra-status-errors.js';

/**
 * Sets Ready=False on the pods of a node that stopped being ready, with a NodeNotReady warning per
 * pod (MarkPodsNotReady). Throws the first failure after trying every pod.
 */
export async function markPodsNotReady(
  client: KubeClient,
  recorder: EventRecorder,
  pods: readonly Pod[],
  nodeName: string,
  nowIso: string,
): Promise<void> {
  const errors: unknown[] = [];
  for (const pod of pods) {
    if (pod.spec?.nodeName !== nodeName) continue;
    const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
    if (ready === undefined) continue;
    const { conditions, changed } = withPodCondition(
      pod.status?.conditions,
      { ...ready, status: 'False' },
      nowIso,
    );
    if (!changed) continue;
    try {
      await client
        .resource<Pod>(podsResource)
        .namespace(pod.metadata?.namespace ?? '')
        .updateStatus({ ...pod, status: { ...pod.status, conditions } });
    } catch (err) {
      // A pod that is gone needs nothing more.
      if (isNotFound(err)) continue;
      errors.push(err);
      continue;
    }
    recorder.event(eventTarget(pod, 'v1', 'Pod'), 'Warning', 'NodeNotReady', 'Node is not ready');
  }
  if (errors.length > 0) throw errors[0];
}

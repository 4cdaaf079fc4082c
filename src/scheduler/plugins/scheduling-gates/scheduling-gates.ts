import type { Pod } from 'kubernetes-types/core/v1.js';
import { ActionType } from '../../framework/cluster-event.js';
import type { EnqueueExtensions, PreEnqueuePlugin } from '../../framework/interfaces.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Status } from '../../framework/status.js';
import { pluginNames } from '../names.js';

/** The PreEnqueue verdict for a pod: gated while spec.schedulingGates is non-empty. */
export function checkSchedulingGates(pod: Pod): Status | undefined {
  const gates = pod.spec?.schedulingGates ?? [];
  if (gates.length === 0) return undefined;
  // Go prints a []string as [a b].
  return Status.unresolvable(`waiting for scheduling gates: [${gates.map((g) => g.name).join(' ')}]`);
}

/** SchedulingGates: keeps gated pods out of the active queue until their gates are removed. */
export function newSchedulingGates(): PreEnqueuePlugin & EnqueueExtensions {
  return {
    name: pluginNames.schedulingGates,
    preEnqueue: (p: PodInfo) => checkSchedulingGates(p.pod),
    eventsToRegister: () => [
      { event: { resource: 'UnscheduledPod', actionType: ActionType.UpdatePodSchedulingGatesEliminated } },
    ],
  };
}

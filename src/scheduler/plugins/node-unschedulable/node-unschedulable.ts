import type { Node, Toleration } from 'kubernetes-types/core/v1.js';
import { tolerationsTolerateTaint } from '../../corev1/taints.js';
import { ActionType } from '../../framework/cluster-event.js';
import type { EnqueueExtensions, FilterPlugin } from '../../framework/interfaces.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { Status } from '../../framework/status.js';
import { pluginNames } from '../names.js';

/** The reason NodeUnschedulable gives. */
export const errReasonUnschedulable = 'node(s) were unschedulable';
const rejected = Status.unresolvable(errReasonUnschedulable);
const unschedulableTaint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

/** True when the node is schedulable, or the pod tolerates the unschedulable taint. */
export function fitsUnschedulable(node: NodeInfo, tolerations: readonly Toleration[] | undefined): boolean {
  return !node.unschedulable || tolerationsTolerateTaint(tolerations, unschedulableTaint);
}

/** NodeUnschedulable: keeps pods off cordoned nodes unless they tolerate it. */
export function newNodeUnschedulable(): FilterPlugin & EnqueueExtensions {
  return {
    name: pluginNames.nodeUnschedulable,
    filter: (_s, pod, node) => (fitsUnschedulable(node, pod.pod.spec?.tolerations) ? undefined : rejected),
    eventsToRegister: () => [
      {
        event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeTaint },
        hint: (_pod, _old, newObj) =>
          (newObj as Node | undefined)?.spec?.unschedulable ? 'QueueSkip' : 'Queue',
      },
    ],
  };
}

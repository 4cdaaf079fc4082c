import type { Pod } from 'kubernetes-types/core/v1.js';
import { ActionType } from '../../framework/cluster-event.js';
import type { EnqueueExtensions, FilterPlugin } from '../../framework/interfaces.js';
import { Status } from '../../framework/status.js';
import { pluginNames } from '../names.js';

/** The reason NodeName gives. */
export const errReasonNodeName = "node(s) didn't match the requested node name";
const mismatch = Status.unresolvable(errReasonNodeName);

/** True when the pod names no node, or this one. */
export function fitsNodeName(pod: Pod, nodeName: string): boolean {
  const wanted = pod.spec?.nodeName;
  return !wanted || wanted === nodeName;
}

/** NodeName: a pod with spec.nodeName set fits only that node. */
export function newNodeName(): FilterPlugin & EnqueueExtensions {
  return {
    name: pluginNames.nodeName,
    filter: (_s, pod, node) => (fitsNodeName(pod.pod, node.name) ? undefined : mismatch),
    eventsToRegister: () => [{ event: { resource: 'Node', actionType: ActionType.Add } }],
  };
}

import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { deepEqual } from '../base/deep-equal.js';
import type { ApiObject } from '../client/index.js';
import type { SharedInformer } from '../informers/index.js';
import type { SchedulerInformers } from './cluster-informers.js';
import { ActionType, clusterEvent, clusterEvents, type ClusterEvent } from './framework/cluster-event.js';
import type { Scheduler } from './scheduler.js';

function assigned(pod: Pod): boolean {
  return !!pod.spec?.nodeName;
}

// Finished pods hold no resources on their node; the scheduler does not count them.
function terminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

function conditionsWithoutHeartbeats(node: Node): unknown {
  return (node.status?.conditions ?? []).map((c) => ({ type: c.type, status: c.status, reason: c.reason }));
}

/** The scheduling-relevant ways a node changed (upstream's nodeSchedulingPropertiesChange). */
export function nodeChangeActions(old: Node, cur: Node): number {
  let a = 0;
  if (!deepEqual(old.status?.allocatable, cur.status?.allocatable)) a |= ActionType.UpdateNodeAllocatable;
  if (!deepEqual(old.metadata?.labels, cur.metadata?.labels)) a |= ActionType.UpdateNodeLabel;
  if (!deepEqual(old.spec?.taints, cur.spec?.taints) || old.spec?.unschedulable !== cur.spec?.unschedulable)
    a |= ActionType.UpdateNodeTaint;
  if (!deepEqual(conditionsWithoutHeartbeats(old), conditionsWithoutHeartbeats(cur)))
    a |= ActionType.UpdateNodeCondition;
  if (!deepEqual(old.metadata?.annotations, cur.metadata?.annotations)) a |= ActionType.UpdateNodeAnnotation;
  return a;
}

/** The scheduling-relevant ways an assigned pod changed. */
export function podChangeActions(old: Pod, cur: Pod): number {
  let a = 0;
  if (!deepEqual(old.metadata?.labels, cur.metadata?.labels)) a |= ActionType.UpdatePodLabel;
  const oldReq = JSON.stringify((old.spec?.containers ?? []).map((c) => c.resources?.requests));
  const newReq = JSON.stringify((cur.spec?.containers ?? []).map((c) => c.resources?.requests));
  if (oldReq !== newReq) a |= ActionType.UpdatePodScaleDown;
  return a === 0 ? ActionType.UpdateOther : a;
}

function onEvents<T extends ApiObject>(
  informer: SharedInformer<T>,
  add: ClusterEvent,
  update: ClusterEvent,
  s: Scheduler,
): void {
  informer.addEventHandler({
    onAdd: (obj) => s.queue.moveAllToActiveOrBackoff(add, undefined, obj),
    onUpdate: (oldObj, newObj) => {
      if (oldObj !== newObj) s.queue.moveAllToActiveOrBackoff(update, oldObj, newObj);
    },
  });
}

/**
 * Feeds the scheduler from its informers (upstream's addAllEventHandlers): assigned pods go to the
 * cache, pending pods of our profiles to the queue, and changes to nodes, pods and storage become
 * cluster events that may move unschedulable pods.
 */
export function addAllEventHandlers(s: Scheduler, informers: SchedulerInformers): void {
  const addAssigned = (pod: Pod) => {
    s.cache.addPod(s.podInfo(pod));
    s.queue.moveAllToActiveOrBackoff(clusterEvents.assignedPodAdd, undefined, pod);
  };
  const removeAssigned = (pod: Pod) => {
    s.cache.removePod(s.podInfo(pod));
    s.queue.moveAllToActiveOrBackoff(clusterEvents.assignedPodDelete, pod, undefined);
  };
  const deletePending = (pod: Pod) => {
    const info = s.podInfo(pod);
    s.queue.delete(info);
    for (const fwk of s.profiles.values()) {
      const waiting = fwk.waitingPods.get(info.uid);
      if (waiting === undefined) continue;
      waiting.reject('', 'removed');
      // A pod waiting in Permit was assumed: its resources are free again.
      s.queue.moveAllToActiveOrBackoff(clusterEvents.assignedPodDelete, pod, undefined);
    }
  };
  informers.pods.addEventHandler({
    onAdd(pod) {
      if (assigned(pod)) {
        if (!terminal(pod)) addAssigned(pod);
      } else if (s.responsibleFor(pod)) s.queue.add(s.podInfo(pod));
    },
    onUpdate(oldPod, pod) {
      if (oldPod === pod) return;
      if (assigned(pod)) {
        if (!assigned(oldPod) && s.responsibleFor(oldPod)) s.queue.delete(s.podInfo(oldPod));
        if (terminal(pod)) {
          if (assigned(oldPod) && !terminal(oldPod)) removeAssigned(oldPod);
          return;
        }
        if (!assigned(oldPod) || terminal(oldPod)) {
          addAssigned(pod);
          return;
        }
        s.cache.updatePod(s.podInfo(pod));
        const actions = podChangeActions(oldPod, pod);
        s.queue.moveAllToActiveOrBackoff(clusterEvent('Pod', actions, 'AssignedPodUpdate'), oldPod, pod);
        return;
      }
      const was = s.responsibleFor(oldPod);
      const is = s.responsibleFor(pod);
      if (was && !is) deletePending(oldPod);
      else if (!was && is) s.queue.add(s.podInfo(pod));
      else if (is) s.queue.update(oldPod, s.podInfo(pod));
    },
    onDelete(pod) {
      if (assigned(pod)) {
        if (!terminal(pod)) removeAssigned(pod);
      } else if (s.responsibleFor(pod)) deletePending(pod);
    },
  });
  informers.nodes.addEventHandler({
    onAdd(node) {
      s.cache.addNode(node);
      s.queue.moveAllToActiveOrBackoff(clusterEvents.nodeAdd, undefined, node);
    },
    onUpdate(oldNode, node) {
      if (oldNode === node) return;
      s.cache.updateNode(oldNode, node);
      const actions = nodeChangeActions(oldNode, node);
      if (actions !== 0)
        s.queue.moveAllToActiveOrBackoff(clusterEvent('Node', actions, 'NodeUpdate'), oldNode, node);
    },
    onDelete(node) {
      s.cache.removeNode(node);
      s.queue.moveAllToActiveOrBackoff(
        clusterEvent('Node', ActionType.Delete, 'NodeDelete'),
        node,
        undefined,
      );
    },
  });
  onEvents(informers.persistentVolumes, clusterEvents.pvAdd, clusterEvents.pvUpdate, s);
  onEvents(informers.persistentVolumeClaims, clusterEvents.pvcAdd, clusterEvents.pvcUpdate, s);
  onEvents(informers.storageClasses, clusterEvents.storageClassAdd, clusterEvents.storageClassUpdate, s);
  onEvents(informers.csiNodes, clusterEvents.csiNodeAdd, clusterEvents.csiNodeUpdate, s);
  onEvents(informers.namespaces, clusterEvents.namespaceAdd, clusterEvents.namespaceUpdate, s);
}

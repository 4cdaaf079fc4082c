import type { Pod } from 'kubernetes-types/core/v1.js';

/** The kinds of objects whose changes may make an unschedulable pod schedulable. */
export type EventResource =
  | 'Pod'
  | 'UnscheduledPod'
  | 'Node'
  | 'PersistentVolume'
  | 'PersistentVolumeClaim'
  | 'StorageClass'
  | 'CSINode'
  | 'Namespace'
  | 'WildCard';

/** What happened to the object, as bits (upstream's framework.ActionType). */
export const ActionType = {
  Add: 1,
  Delete: 1 << 1,
  UpdateNodeAllocatable: 1 << 2,
  UpdateNodeLabel: 1 << 3,
  UpdateNodeTaint: 1 << 4,
  UpdateNodeCondition: 1 << 5,
  UpdateNodeAnnotation: 1 << 6,
  UpdatePodLabel: 1 << 7,
  UpdatePodScaleDown: 1 << 8,
  UpdatePodTolerations: 1 << 9,
  UpdatePodSchedulingGatesEliminated: 1 << 10,
  /** Any other update (volumes, storage classes, ...). */
  UpdateOther: 1 << 11,
  Update: ((1 << 12) - 1) & ~3,
  All: (1 << 12) - 1,
} as const;

/** One change in the cluster: the resource, its action bits and a label for metrics. */
export interface ClusterEvent {
  readonly resource: EventResource;
  readonly actionType: number;
  readonly label: string;
}

/** Whether an event may make a rejected pod schedulable: move it (Queue) or leave it (QueueSkip). */
export type QueueingHint = 'Queue' | 'QueueSkip';

/** A plugin's judgement of one event for one rejected pod; objects are the event's old and new states. */
export type QueueingHintFn = (pod: Pod, oldObj: unknown, newObj: unknown) => QueueingHint;

/** An event a plugin registers for, with an optional hint (no hint means always Queue). */
export interface ClusterEventWithHint {
  readonly event: { readonly resource: EventResource; readonly actionType: number };
  readonly hint?: QueueingHintFn;
}

/** True when a registered event covers `event` (same resource or wildcard, overlapping actions). */
export function eventMatches(
  registered: { readonly resource: EventResource; readonly actionType: number },
  event: ClusterEvent,
): boolean {
  if (event.resource === 'WildCard' || registered.resource === 'WildCard') return true;
  return registered.resource === event.resource && (registered.actionType & event.actionType) !== 0;
}

/** Events the queue raises itself. */
export const wildcardEvents = {
  unschedulableTimeout: { resource: 'WildCard', actionType: ActionType.All, label: 'UnschedulableTimeout' },
  forceActivate: { resource: 'WildCard', actionType: ActionType.All, label: 'ForceActivate' },
} as const satisfies Record<string, ClusterEvent>;

/** Named events the scheduler's informer handlers report. */
export const clusterEvents = {
  assignedPodAdd: { resource: 'Pod', actionType: ActionType.Add, label: 'AssignedPodAdd' },
  assignedPodDelete: { resource: 'Pod', actionType: ActionType.Delete, label: 'AssignedPodDelete' },
  nodeAdd: { resource: 'Node', actionType: ActionType.Add, label: 'NodeAdd' },
  pvAdd: { resource: 'PersistentVolume', actionType: ActionType.Add, label: 'PvAdd' },
  pvUpdate: { resource: 'PersistentVolume', actionType: ActionType.UpdateOther, label: 'PvUpdate' },
  pvcAdd: { resource: 'PersistentVolumeClaim', actionType: ActionType.Add, label: 'PvcAdd' },
  pvcUpdate: { resource: 'PersistentVolumeClaim', actionType: ActionType.UpdateOther, label: 'PvcUpdate' },
  storageClassAdd: { resource: 'StorageClass', actionType: ActionType.Add, label: 'StorageClassAdd' },
  storageClassUpdate: {
    resource: 'StorageClass',
    actionType: ActionType.UpdateOther,
    label: 'StorageClassUpdate',
  },
  csiNodeAdd: { resource: 'CSINode', actionType: ActionType.Add, label: 'CSINodeAdd' },
  csiNodeUpdate: { resource: 'CSINode', actionType: ActionType.UpdateOther, label: 'CSINodeUpdate' },
  namespaceAdd: { resource: 'Namespace', actionType: ActionType.Add, label: 'NamespaceAdd' },
  namespaceUpdate: { resource: 'Namespace', actionType: ActionType.UpdateOther, label: 'NamespaceUpdate' },
} as const satisfies Record<string, ClusterEvent>;

/** An event of `resource` with `actionType`, labelled for metrics. */
export function clusterEvent(resource: EventResource, actionType: number, label: string): ClusterEvent {
  return { resource, actionType, label };
}

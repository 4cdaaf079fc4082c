import type { PersistentVolumeClaim, Volume } from 'kubernetes-types/core/v1.js';
import { ActionType } from '../../framework/cluster-event.js';
import type { CycleState, StateData } from '../../framework/cycle-state.js';
import type { Handle } from '../../framework/handle.js';
import type { EnqueueExtensions, FilterPlugin, PreFilterPlugin } from '../../framework/interfaces.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Status, skipStatus } from '../../framework/status.js';
import { pluginNames } from '../names.js';

/** The reason for a node where a pod already uses one of the pod's exclusive disks. */
export const errReasonDiskConflict = 'node(s) had no available disk';
/** The reason when a ReadWriteOncePod claim of the pod is already in use. */
export const errReasonReadWriteOncePodConflict =
  'node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode';

const diskConflict = Status.unschedulable(errReasonDiskConflict);
const rwopConflict = Status.unresolvable(errReasonReadWriteOncePodConflict);
const preFilterKey = `PreFilter${pluginNames.volumeRestrictions}`;

class PreFilterState implements StateData {
  constructor(readonly conflictingPVCRefCount: number) {}
  clone(): StateData {
    return new PreFilterState(this.conflictingPVCRefCount);
  }
}

/** True for the in-tree volume types that one node cannot mount twice (GCE PD, EBS, RBD, iSCSI). */
export function needsConflictCheck(v: Volume): boolean {
  return (
    v.gcePersistentDisk !== undefined ||
    v.awsElasticBlockStore !== undefined ||
    v.rbd !== undefined ||
    v.iscsi !== undefined
  );
}

/** True when two volumes would use the same disk in a way that cannot be shared (upstream's isVolumeConflict). */
export function volumesConflict(a: Volume, b: Volume): boolean {
  if (a.gcePersistentDisk && b.gcePersistentDisk) {
    const x = a.gcePersistentDisk;
    const y = b.gcePersistentDisk;
    return x.pdName === y.pdName && !(x.readOnly && y.readOnly);
  }
  if (a.awsElasticBlockStore && b.awsElasticBlockStore)
    return a.awsElasticBlockStore.volumeID === b.awsElasticBlockStore.volumeID;
  if (a.iscsi && b.iscsi) {
    const x = a.iscsi;
    const y = b.iscsi;
    return x.iqn === y.iqn && !(x.readOnly && y.readOnly);
  }
  if (a.rbd && b.rbd) {
    const x = a.rbd;
    const y = b.rbd;
    const sharedMonitor = x.monitors.some((m) => y.monitors.includes(m));
    return (
      sharedMonitor &&
      (x.pool ?? 'rbd') === (y.pool ?? 'rbd') &&
      x.image === y.image &&
      !(x.readOnly && y.readOnly)
    );
  }
  return false;
}

/** True when none of the pod's exclusive volumes conflicts with a volume of a pod on the node. */
export function satisfiesVolumeConflicts(pod: PodInfo, node: NodeInfo): boolean {
  for (const v of pod.pod.spec?.volumes ?? []) {
    if (!needsConflictCheck(v)) continue;
    for (const other of node.pods)
      for (const ov of other.pod.spec?.volumes ?? []) if (volumesConflict(v, ov)) return false;
  }
  return true;
}

/** VolumeRestrictions: exclusive in-tree disks and ReadWriteOncePod claims are used by one pod only. */
export function newVolumeRestrictions(
  _args: unknown,
  handle: Handle,
): PreFilterPlugin & FilterPlugin & EnqueueExtensions {
  return {
    name: pluginNames.volumeRestrictions,
    preFilter(state: CycleState, pod: PodInfo) {
      const needsCheck = (pod.pod.spec?.volumes ?? []).some(needsConflictCheck);
      let conflicting = 0;
      for (const v of pod.pod.spec?.volumes ?? []) {
        const claim = v.persistentVolumeClaim?.claimName;
        if (!claim) continue;
        const pvc: PersistentVolumeClaim | undefined = handle.listers.persistentVolumeClaims.get(
          pod.namespace,
          claim,
        );
        if (pvc === undefined)
          return { status: Status.unresolvable(`persistentvolumeclaim "${claim}" not found`) };
        if (!(pvc.spec?.accessModes ?? []).includes('ReadWriteOncePod')) continue;
        if (handle.snapshot.isPVCUsedByPods(`${pod.namespace}/${claim}`)) conflicting++;
      }
      if (!needsCheck && conflicting === 0) return { status: skipStatus };
      state.write(preFilterKey, new PreFilterState(conflicting));
      return undefined;
    },
    filter(state: CycleState, pod: PodInfo, node: NodeInfo) {
      if (!satisfiesVolumeConflicts(pod, node)) return diskConflict;
      const s = state.read<PreFilterState>(preFilterKey);
      if (s !== undefined && s.conflictingPVCRefCount > 0) return rwopConflict;
      return undefined;
    },
    eventsToRegister: () => [
      { event: { resource: 'Pod', actionType: ActionType.Delete } },
      { event: { resource: 'PersistentVolumeClaim', actionType: ActionType.Add | ActionType.UpdateOther } },
    ],
  };
}

import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import { ActionType } from '../../framework/cluster-event.js';
import type { CycleState, StateData } from '../../framework/cycle-state.js';
import type { Handle } from '../../framework/handle.js';
import type {
  EnqueueExtensions,
  FilterPlugin,
  PreBindPlugin,
  PreFilterPlugin,
  ReservePlugin,
} from '../../framework/interfaces.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Status, skipStatus } from '../../framework/status.js';
import { pluginNames } from '../names.js';
import { canProvision, findMatchingVolume, isDelayedBinding, pvAllowsNode } from './pv-matching.js';

/** The reason for a node where a bound PV's node affinity excludes it. */
export const errReasonNodeConflict = 'node(s) had volume node affinity conflict';
/** The reason for a node with no PV (and no provisioning) for an unbound claim. */
export const errReasonBindConflict = "node(s) didn't find available persistent volumes to bind";
/** The PreFilter rejection for an unbound claim that binds immediately (the PV controller's job). */
export const errReasonUnboundImmediate = 'pod has unbound immediate PersistentVolumeClaims';

/** VolumeBinding's args (VolumeBindingArgs). */
export interface VolumeBindingArgs {
  /** How long PreBind waits for the claims to be bound (default 600 s). */
  readonly bindTimeoutSeconds?: number;
}

interface PodVolumes {
  /** Static bindings: claim → the PV chosen for it. */
  readonly bindings: { readonly pvc: PersistentVolumeClaim; readonly pv: PersistentVolume }[];
  /** Claims to provision dynamically on the node. */
  readonly provisions: PersistentVolumeClaim[];
}

const preFilterKey = `PreFilter${pluginNames.volumeBinding}`;

class VolumeState implements StateData {
  /** Per node name, the volume decisions Filter made for it. */
  readonly byNode = new Map<string, PodVolumes>();
  constructor(
    readonly bound: readonly { readonly pvc: PersistentVolumeClaim; readonly pv: PersistentVolume }[],
    readonly toBind: readonly PersistentVolumeClaim[],
  ) {}
  clone(): StateData {
    return this;
  }
}

const boundConflict = Status.unresolvable(errReasonNodeConflict);
const bindConflict = Status.unresolvable(errReasonBindConflict);

/**
 * VolumeBinding: pods with PersistentVolumeClaims go where their bound volumes are reachable and, for
 * WaitForFirstConsumer claims, where a matching PV exists (local PVs by node affinity) or one can be
 * provisioned. Reserve claims the chosen PVs in memory; PreBind writes the PV claimRefs and the
 * selected-node annotations and waits for the PV controller to finish the binding.
 */
export function newVolumeBinding(
  rawArgs: Readonly<Record<string, unknown>> | undefined,
  handle: Handle,
): PreFilterPlugin & FilterPlugin & ReservePlugin & PreBindPlugin & EnqueueExtensions {
  const args = (rawArgs ?? {}) as VolumeBindingArgs;
  const timeoutMs = (args.bindTimeoutSeconds ?? 600) * 1000;
  const listers = handle.listers;
  /** PV name → claim key, for PVs reserved by pods whose binding is in progress. */
  const assumed = new Map<string, string>();
  const reservedFor = new Map<string, PodVolumes>();

  const decide = (s: VolumeState, node: NodeInfo): Status | undefined => {
    for (const b of s.bound) if (!pvAllowsNode(b.pv, node.labels, node.name)) return boundConflict;
    if (s.toBind.length === 0) return undefined;
    const pvs = listers.persistentVolumes.list();
    const picked = new Set<string>();
    const volumes: PodVolumes = { bindings: [], provisions: [] };
    for (const pvc of s.toBind) {
      const pv = findMatchingVolume(pvc, pvs, node.labels, node.name, (n) => picked.has(n) || assumed.has(n));
      if (pv !== undefined) {
        picked.add(pv.metadata?.name ?? '');
        volumes.bindings.push({ pvc, pv });
        continue;
      }
      const sc = listers.storageClasses.get('', pvc.spec?.storageClassName ?? '');
      if (!canProvision(sc, node.labels)) return bindConflict;
      volumes.provisions.push(pvc);
    }
    s.byNode.set(node.name, volumes);
    return undefined;
  };

  const claimBound = (pvc: PersistentVolumeClaim): boolean => {
    const current = listers.persistentVolumeClaims.get(
      pvc.metadata?.namespace ?? '',
      pvc.metadata?.name ?? '',
    );
    if (current === undefined) throw new Error(`persistentvolumeclaim "${pvc.metadata?.name}" was deleted`);
    const pvName = current.spec?.volumeName;
    if (!pvName) return false;
    const pv = listers.persistentVolumes.get('', pvName);
    return pv?.spec?.claimRef?.name === current.metadata?.name;
  };

  return {
    name: pluginNames.volumeBinding,
    preFilter(state: CycleState, pod: PodInfo) {
      if (pod.pvcNames.length === 0) return { status: skipStatus };
      const bound: { pvc: PersistentVolumeClaim; pv: PersistentVolume }[] = [];
      const toBind: PersistentVolumeClaim[] = [];
      for (const name of pod.pvcNames) {
        const pvc = listers.persistentVolumeClaims.get(pod.namespace, name);
        if (pvc === undefined)
          return { status: Status.unresolvable(`persistentvolumeclaim "${name}" not found`) };
        if (pvc.metadata?.deletionTimestamp)
          return { status: Status.unresolvable(`persistentvolumeclaim "${name}" is being deleted`) };
        const volumeName = pvc.spec?.volumeName;
        if (volumeName) {
          const pv = listers.persistentVolumes.get('', volumeName);
          if (pv === undefined)
            return {
              status: Status.unresolvable(
                `pvc ${pod.namespace}/${name} bound to non-existent pv ${volumeName}`,
              ),
            };
          bound.push({ pvc, pv });
          continue;
        }
        if (!isDelayedBinding(pvc, (n) => listers.storageClasses.get('', n)))
          return { status: Status.unresolvable(errReasonUnboundImmediate) };
        toBind.push(pvc);
      }
      state.write(preFilterKey, new VolumeState(bound, toBind));
      return undefined;
    },
    filter(state: CycleState, _pod: PodInfo, node: NodeInfo) {
      const s = state.read<VolumeState>(preFilterKey);
      if (s === undefined) return undefined;
      return decide(s, node);
    },
    reserve(state: CycleState, pod: PodInfo, nodeName: string) {
      const volumes = state.read<VolumeState>(preFilterKey)?.byNode.get(nodeName);
      if (volumes === undefined) return undefined;
      for (const b of volumes.bindings) {
        const pvName = b.pv.metadata?.name ?? '';
        if (assumed.has(pvName)) return Status.unschedulable(errReasonBindConflict);
      }
      for (const b of volumes.bindings)
        assumed.set(b.pv.metadata?.name ?? '', `${pod.namespace}/${b.pvc.metadata?.name}`);
      reservedFor.set(pod.uid, volumes);
      return undefined;
    },
    unreserve(_state: CycleState, pod: PodInfo) {
      const volumes = reservedFor.get(pod.uid);
      if (volumes === undefined) return;
      for (const b of volumes.bindings) assumed.delete(b.pv.metadata?.name ?? '');
      reservedFor.delete(pod.uid);
    },
    async preBind(_state: CycleState, pod: PodInfo, nodeName: string, signal: AbortSignal) {
      const volumes = reservedFor.get(pod.uid);
      if (volumes === undefined) return skipStatus;
      const client = handle.client;
      if (client === undefined) return Status.fromError(new Error('VolumeBinding: no API client'));
      try {
        for (const { pvc, pv } of volumes.bindings) {
          if (pv.spec?.claimRef?.name) continue;
          await client
            .resource<PersistentVolume>({ group: '', version: 'v1', resource: 'persistentvolumes' })
            .patch(
              pv.metadata?.name ?? '',
              'merge',
              {
                metadata: { annotations: { 'pv.kubernetes.io/bound-by-controller': 'yes' } },
                spec: {
                  claimRef: {
                    apiVersion: 'v1',
                    kind: 'PersistentVolumeClaim',
                    namespace: pvc.metadata?.namespace,
                    name: pvc.metadata?.name,
                    uid: pvc.metadata?.uid,
                    resourceVersion: pvc.metadata?.resourceVersion,
                  },
                },
              },
              { signal },
            );
        }
        for (const pvc of volumes.provisions) {
          await client
            .resource<PersistentVolumeClaim>({ group: '', version: 'v1', resource: 'persistentvolumeclaims' })
            .namespace(pvc.metadata?.namespace ?? '')
            .patch(
              pvc.metadata?.name ?? '',
              'merge',
              { metadata: { annotations: { 'volume.kubernetes.io/selected-node': nodeName } } },
              { signal },
            );
        }
        const claims = [...volumes.bindings.map((b) => b.pvc), ...volumes.provisions];
        const deadline = handle.clock.now() + timeoutMs;
        while (!claims.every(claimBound)) {
          if (handle.clock.now() >= deadline)
            return Status.fromError(new Error('binding volumes: context deadline exceeded'));
          await handle.clock.sleep(1000, signal);
        }
        return undefined;
      } catch (err) {
        return Status.fromError(new Error(`binding volumes: ${(err as Error).message}`));
      } finally {
        for (const b of volumes.bindings) assumed.delete(b.pv.metadata?.name ?? '');
        reservedFor.delete(pod.uid);
      }
    },
    eventsToRegister: () => [
      { event: { resource: 'PersistentVolumeClaim', actionType: ActionType.Add | ActionType.UpdateOther } },
      { event: { resource: 'PersistentVolume', actionType: ActionType.Add | ActionType.UpdateOther } },
      { event: { resource: 'StorageClass', actionType: ActionType.Add | ActionType.UpdateOther } },
      { event: { resource: 'CSINode', actionType: ActionType.Add | ActionType.UpdateOther } },
      {
        event: {
          resource: 'Node',
          actionType: ActionType.Add | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint,
        },
      },
    ],
  };
}

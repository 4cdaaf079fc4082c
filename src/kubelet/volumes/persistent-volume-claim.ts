// persistentVolumeClaim volumes: read the claim, check it is bound and not being deleted, read its
// PersistentVolume and check the binding points back, as upstream's desired-state populator does.
// Only hostPath and local PersistentVolumes can be mounted by this kubelet.
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import type { KubeClient } from '../../client/index.js';
import { messageOf } from './aggregate-error.js';

/** A claim's PersistentVolume, as far as mounting it goes. */
export type ClaimedVolume =
  | {
      readonly kind: 'hostPath';
      readonly pvName: string;
      readonly path: string;
      readonly type: string;
      readonly readOnly: boolean;
    }
  | { readonly kind: 'local'; readonly pvName: string; readonly path: string; readonly readOnly: boolean };

/** A volume the kubelet could not turn into something to mount (upstream's "failed to process volumes"). */
export class VolumeProcessingError extends Error {}

const claimsType = { group: '', version: 'v1', resource: 'persistentvolumeclaims' };
const volumesType = { group: '', version: 'v1', resource: 'persistentvolumes' };

async function claimOf(client: KubeClient, namespace: string, name: string, signal?: AbortSignal) {
  let pvc: PersistentVolumeClaim;
  try {
    pvc = await client.resource<PersistentVolumeClaim>(claimsType).namespace(namespace).get(name, { signal });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new Error(`failed to fetch PVC from API server: ${messageOf(err)}`);
  }
  // A pod must not start on a claim that is going away.
  if (pvc.metadata?.deletionTimestamp) throw new Error('PVC is being deleted');
  if (pvc.status?.phase !== 'Bound') throw new Error('PVC is not bound');
  if (!pvc.spec?.volumeName) throw new Error('PVC has empty pvc.Spec.VolumeName');
  return pvc;
}

async function volumeOf(client: KubeClient, name: string, claimUid: string, signal?: AbortSignal) {
  let pv: PersistentVolume;
  try {
    pv = await client.resource<PersistentVolume>(volumesType).get(name, { signal });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new Error(`failed to fetch PV ${name} from API server: ${messageOf(err)}`);
  }
  const ref = pv.spec?.claimRef;
  if (!ref) {
    throw new Error(
      `found PV object ${name} but it has a nil pv.Spec.ClaimRef indicating it is not yet bound to the claim`,
    );
  }
  if (ref.uid !== claimUid) {
    throw new Error(
      `found PV object ${name} but its pv.Spec.ClaimRef.UID ${ref.uid ?? ''} does not point to claim.UID ${claimUid}`,
    );
  }
  return pv;
}

/**
 * Resolves a pod's claim to the hostPath or local volume it is bound to; throws a
 * VolumeProcessingError with upstream's message ("error processing PVC ns/name: PVC is not bound").
 */
export async function resolveClaim(
  client: KubeClient,
  namespace: string,
  claimName: string,
  claimReadOnly: boolean,
  signal?: AbortSignal,
): Promise<ClaimedVolume> {
  let pv: PersistentVolume;
  try {
    const pvc = await claimOf(client, namespace, claimName, signal);
    pv = await volumeOf(client, pvc.spec!.volumeName!, pvc.metadata?.uid ?? '', signal);
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new VolumeProcessingError(`error processing PVC ${namespace}/${claimName}: ${messageOf(err)}`);
  }
  const pvName = pv.metadata?.name ?? '';
  if (pv.spec?.hostPath) {
    const { path, type = '' } = pv.spec.hostPath;
    return { kind: 'hostPath', pvName, path, type, readOnly: claimReadOnly };
  }
  if (pv.spec?.local) return { kind: 'local', pvName, path: pv.spec.local.path, readOnly: claimReadOnly };
  throw new VolumeProcessingError(
    `failed to get Plugin from volumeSpec for volume "${pvName}" err=no volume plugin matched`,
  );
}

import type { Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { ReplicationController } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { builtinResources } from '../../api/scheme/builtin-resources.js';
import { parseApiVersion } from '../../api/scheme/resource-type.js';
import { itemPath, resourceTarget, type KubeClient } from '../../client/index.js';
import type { Lister } from '../../informers/index.js';
import { controllerRefOf } from '../shared/infra-pod.js';
import { isNotFound } from '../shared/infra-status-errors.js';
import type { ControllerScale, ScaleFinder } from './expected-count.js';

/** The listers the built-in finders read. */
export interface FinderListers {
  readonly replicationControllers: Lister<ReplicationController>;
  readonly replicaSets: Lister<ReplicaSet>;
  readonly deployments: Lister<Deployment>;
  readonly statefulSets: Lister<StatefulSet>;
}

function isKind(ref: OwnerReference, kind: string, groups: readonly string[]): boolean {
  return ref.kind === kind && groups.includes(parseApiVersion(ref.apiVersion).group);
}

/**
 * Upstream's finders in order: ReplicationController, Deployment (through its ReplicaSet),
 * ReplicaSet (not one a Deployment controls), StatefulSet, then any resource with a scale
 * subresource.
 */
export function scaleFinders(listers: FinderListers, client: KubeClient): ScaleFinder[] {
  const byUid = <T extends { metadata?: { uid?: string } }>(obj: T | undefined, uid: string) =>
    obj !== undefined && obj.metadata?.uid === uid ? obj : undefined;
  const rc: ScaleFinder = async (ref, ns) => {
    if (!isKind(ref, 'ReplicationController', [''])) return undefined;
    const found = byUid(listers.replicationControllers.get(ns, ref.name), ref.uid);
    return found && { uid: ref.uid, scale: found.spec?.replicas ?? 1 };
  };
  const deployment: ScaleFinder = async (ref, ns) => {
    if (!isKind(ref, 'ReplicaSet', ['apps', 'extensions'])) return undefined;
    const rs = byUid(listers.replicaSets.get(ns, ref.name), ref.uid);
    const owner = controllerRefOf(rs?.metadata);
    if (owner === undefined || !isKind(owner, 'Deployment', ['apps', 'extensions'])) return undefined;
    const found = byUid(listers.deployments.get(ns, owner.name), owner.uid);
    return found && { uid: owner.uid, scale: found.spec?.replicas ?? 1 };
  };
  const replicaSet: ScaleFinder = async (ref, ns) => {
    if (!isKind(ref, 'ReplicaSet', ['apps', 'extensions'])) return undefined;
    const rs = byUid(listers.replicaSets.get(ns, ref.name), ref.uid);
    if (rs === undefined || controllerRefOf(rs.metadata)?.kind === 'Deployment') return undefined;
    return { uid: ref.uid, scale: rs.spec?.replicas ?? 1 };
  };
  const statefulSet: ScaleFinder = async (ref, ns) => {
    if (!isKind(ref, 'StatefulSet', ['apps'])) return undefined;
    const found = byUid(listers.statefulSets.get(ns, ref.name), ref.uid);
    return found && { uid: ref.uid, scale: found.spec?.replicas ?? 1 };
  };
  return [rc, deployment, replicaSet, statefulSet, (ref, ns) => scaleSubresource(client, ref, ns)];
}

interface DiscoveredResource {
  readonly name: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

async function discover(client: KubeClient, group: string, version: string): Promise<DiscoveredResource[]> {
  const path = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
  const list = await client.request<{ resources?: DiscoveredResource[] }>({ method: 'GET', path });
  return list.resources ?? [];
}

/** The owner's replicas read through its scale subresource (getScaleController). */
export async function scaleSubresource(
  client: KubeClient,
  ref: OwnerReference,
  namespace: string,
): Promise<ControllerScale | undefined> {
  const { group, version } = parseApiVersion(ref.apiVersion);
  let resource = builtinResources.find(
    (r) => r.group === group && r.version === version && r.kind === ref.kind,
  )?.resource;
  let discovered: DiscoveredResource[] | undefined;
  if (resource === undefined) {
    // Custom resources are found through discovery, as upstream's RESTMapper does.
    discovered = await discover(client, group, version);
    resource = discovered.find((r) => r.kind === ref.kind && !r.name.includes('/'))?.name;
    if (resource === undefined)
      throw new Error(`no matches for kind "${ref.kind}" in version "${ref.apiVersion}"`);
  }
  const target = resourceTarget({ group, version, resource, namespaced: true, kind: ref.kind });
  let scale: { metadata?: { uid?: string }; spec?: { replicas?: number } };
  try {
    scale = await client.request({ method: 'GET', path: itemPath(target, namespace, ref.name, 'scale') });
  } catch (err) {
    if (!isNotFound(err)) throw err;
    // NotFound means no such object, or no scale subresource at all: only the first is fine.
    discovered ??= await discover(client, group, version);
    const groupResource = group === '' ? resource : `${resource}.${group}`;
    if (!discovered.some((r) => r.name === `${resource}/scale`))
      throw new Error(`${groupResource} does not implement the scale subresource`);
    return undefined;
  }
  if (scale.metadata?.uid !== ref.uid) return undefined;
  return { uid: ref.uid, scale: scale.spec?.replicas ?? 0 };
}

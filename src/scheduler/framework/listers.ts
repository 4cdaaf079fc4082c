import type {
  Namespace,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  ReplicationController,
  Service,
} from 'kubernetes-types/core/v1.js';
import type { ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import type { CSINode, StorageClass } from 'kubernetes-types/storage/v1.js';

/** Read access to cached objects; the informers' Lister satisfies it. */
export interface ReadLister<T> {
  /** The object, if cached; `namespace` is "" for cluster-scoped kinds. */
  get(namespace: string, name: string): T | undefined;
  /** Every cached object. */
  list(): T[];
}

/** The caches plugins read besides the snapshot (upstream's SharedInformerFactory listers). */
export interface ClusterListers {
  readonly pods: ReadLister<Pod>;
  readonly namespaces: ReadLister<Namespace>;
  readonly persistentVolumeClaims: ReadLister<PersistentVolumeClaim>;
  readonly persistentVolumes: ReadLister<PersistentVolume>;
  readonly storageClasses: ReadLister<StorageClass>;
  readonly csiNodes: ReadLister<CSINode>;
  readonly podDisruptionBudgets: ReadLister<PodDisruptionBudget>;
  readonly services: ReadLister<Service>;
  readonly replicationControllers: ReadLister<ReplicationController>;
  readonly replicaSets: ReadLister<ReplicaSet>;
  readonly statefulSets: ReadLister<StatefulSet>;
}

/** A lister over a fixed list of objects (tests, and kinds nobody watches). */
export function staticLister<T extends { metadata?: { namespace?: string; name?: string } }>(
  objects: readonly T[] = [],
): ReadLister<T> {
  return {
    get: (namespace, name) =>
      objects.find((o) => (o.metadata?.namespace ?? '') === namespace && o.metadata?.name === name),
    list: () => objects.slice(),
  };
}

/** Listers with nothing in them, optionally with some filled in. */
export function staticListers(overrides: Partial<ClusterListers> = {}): ClusterListers {
  return {
    pods: staticLister(),
    namespaces: staticLister(),
    persistentVolumeClaims: staticLister(),
    persistentVolumes: staticLister(),
    storageClasses: staticLister(),
    csiNodes: staticLister(),
    podDisruptionBudgets: staticLister(),
    services: staticLister(),
    replicationControllers: staticLister(),
    replicaSets: staticLister(),
    statefulSets: staticLister(),
    ...overrides,
  };
}

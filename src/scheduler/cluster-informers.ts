import type {
  Namespace,
  Node,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  ReplicationController,
  Service,
} from 'kubernetes-types/core/v1.js';
import type { ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import type { CSINode, StorageClass } from 'kubernetes-types/storage/v1.js';
import type { SharedInformer, SharedInformerFactory } from '../informers/index.js';
import type { ClusterListers, ReadLister } from './framework/listers.js';

/**
 * Every informer the scheduler reads (upstream's scheduler informer set), each within what the
 * system:kube-scheduler and system:volume-scheduler ClusterRoles grant. PriorityClasses are not
 * among them: as upstream, a pod's priority is its spec.priority, which the Priority admission
 * plugin sets from its priorityClassName at creation.
 */
export interface SchedulerInformers {
  readonly pods: SharedInformer<Pod>;
  readonly nodes: SharedInformer<Node>;
  readonly namespaces: SharedInformer<Namespace>;
  readonly persistentVolumeClaims: SharedInformer<PersistentVolumeClaim>;
  readonly persistentVolumes: SharedInformer<PersistentVolume>;
  readonly storageClasses: SharedInformer<StorageClass>;
  readonly csiNodes: SharedInformer<CSINode>;
  readonly podDisruptionBudgets: SharedInformer<PodDisruptionBudget>;
  readonly services: SharedInformer<Service>;
  readonly replicationControllers: SharedInformer<ReplicationController>;
  readonly replicaSets: SharedInformer<ReplicaSet>;
  readonly statefulSets: SharedInformer<StatefulSet>;
}

const core = (resource: string) => ({ group: '', version: 'v1', resource });

/** Asks the factory for the scheduler's informers (they start with the factory). */
export function schedulerInformers(factory: SharedInformerFactory): SchedulerInformers {
  return {
    pods: factory.informerFor<Pod>(core('pods')),
    nodes: factory.informerFor<Node>(core('nodes')),
    namespaces: factory.informerFor<Namespace>(core('namespaces')),
    persistentVolumeClaims: factory.informerFor<PersistentVolumeClaim>(core('persistentvolumeclaims')),
    persistentVolumes: factory.informerFor<PersistentVolume>(core('persistentvolumes')),
    storageClasses: factory.informerFor<StorageClass>({
      group: 'storage.k8s.io',
      version: 'v1',
      resource: 'storageclasses',
    }),
    csiNodes: factory.informerFor<CSINode>({ group: 'storage.k8s.io', version: 'v1', resource: 'csinodes' }),
    podDisruptionBudgets: factory.informerFor<PodDisruptionBudget>({
      group: 'policy',
      version: 'v1',
      resource: 'poddisruptionbudgets',
    }),
    services: factory.informerFor<Service>(core('services')),
    replicationControllers: factory.informerFor<ReplicationController>(core('replicationcontrollers')),
    replicaSets: factory.informerFor<ReplicaSet>({ group: 'apps', version: 'v1', resource: 'replicasets' }),
    statefulSets: factory.informerFor<StatefulSet>({
      group: 'apps',
      version: 'v1',
      resource: 'statefulsets',
    }),
  };
}

/** The plugins' listers over the informers' caches. */
export function listersOf(i: SchedulerInformers): ClusterListers {
  const l = <T>(inf: SharedInformer<T & { metadata?: object }>): ReadLister<T> => ({
    get: (ns, name) => inf.lister.get(ns, name),
    list: () => inf.lister.list(),
  });
  return {
    pods: l(i.pods),
    namespaces: l(i.namespaces),
    persistentVolumeClaims: l(i.persistentVolumeClaims),
    persistentVolumes: l(i.persistentVolumes),
    storageClasses: l(i.storageClasses),
    csiNodes: l(i.csiNodes),
    podDisruptionBudgets: l(i.podDisruptionBudgets),
    services: l(i.services),
    replicationControllers: l(i.replicationControllers),
    replicaSets: l(i.replicaSets),
    statefulSets: l(i.statefulSets),
  };
}

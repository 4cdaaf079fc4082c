import type { ReplicationController, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { GroupVersionResource } from '../../client/index.js';
import { selectorFromLabelSelector, selectorFromSet, type Selector } from '../../machinery/labels/index.js';

/** A ReplicaSet or a ReplicationController: the two kinds one controller implementation serves. */
export type ReplicaObject = ReplicaSet | ReplicationController;

/** What differs between the ReplicaSet and the ReplicationController controllers. */
export interface ReplicaKind {
  /** Upstream's controller name ("replicaset", "replicationcontroller"). */
  readonly name: string;
  /** The event source component. */
  readonly component: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly resource: GroupVersionResource;
  /** The selector of an object (a LabelSelector for ReplicaSets, a label map for RCs). */
  selector(object: ReplicaObject): Selector;
  template(object: ReplicaObject): PodTemplateSpec | undefined;
}

/** apps/v1 ReplicaSets. */
export const replicaSetKind: ReplicaKind = {
  name: 'replicaset',
  component: 'replicaset-controller',
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  resource: { group: 'apps', version: 'v1', resource: 'replicasets', namespaced: true, kind: 'ReplicaSet' },
  selector: (o) => selectorFromLabelSelector((o as ReplicaSet).spec?.selector),
  template: (o) => o.spec?.template,
};

/** core/v1 ReplicationControllers: a label-map selector, otherwise the same controller. */
export const replicationControllerKind: ReplicaKind = {
  name: 'replicationcontroller',
  component: 'replication-controller',
  apiVersion: 'v1',
  kind: 'ReplicationController',
  resource: {
    group: '',
    version: 'v1',
    resource: 'replicationcontrollers',
    namespaced: true,
    kind: 'ReplicationController',
  },
  selector: (o) => selectorFromSet((o as ReplicationController).spec?.selector ?? {}),
  template: (o) => o.spec?.template,
};

/** core/v1 pods. */
export const podsResource: GroupVersionResource = {
  group: '',
  version: 'v1',
  resource: 'pods',
  namespaced: true,
  kind: 'Pod',
};

import type {
  ControllerRevision,
  DaemonSet,
  Deployment,
  ReplicaSet,
  StatefulSet,
} from 'kubernetes-types/apps/v1.js';
import type { ReplicationController } from 'kubernetes-types/core/v1.js';
import type { ObjectMeta } from '../object.js';
import {
  ageColumn,
  ageOf,
  column,
  containersColumn,
  imagesColumn,
  nameColumn,
  nameOf,
  printer,
} from './columns.js';
import { fieldDocs } from './field-docs.js';
import { containerCells, formatLabels, formatLabelSelector, selectorString } from './format.js';

// spec.replicas is optional on the wire but defaulted to 1 before anything is stored.
const defaultReplicas = 1;

/** core/v1 ReplicationController: Name, Desired, Current, Ready, Age; wide Containers, Images, Selector. */
export const replicationControllerPrinter = printer<ReplicationController>(
  [
    nameColumn,
    column('Desired', 'integer', fieldDocs['core/v1.ReplicationControllerSpec.replicas']),
    column('Current', 'integer', fieldDocs['core/v1.ReplicationControllerStatus.replicas']),
    column('Ready', 'integer', fieldDocs['core/v1.ReplicationControllerStatus.readyReplicas']),
    ageColumn,
    containersColumn,
    imagesColumn,
    column('Selector', 'string', fieldDocs['core/v1.ReplicationControllerSpec.selector'], { wide: true }),
  ],
  (rc, now) => [
    nameOf(rc),
    rc.spec?.replicas ?? defaultReplicas,
    rc.status?.replicas ?? 0,
    rc.status?.readyReplicas ?? 0,
    ageOf(rc, now),
    ...containerCells(rc.spec?.template?.spec?.containers),
    formatLabels(rc.spec?.selector),
  ],
);

/** apps/v1 ReplicaSet: Name, Desired, Current, Ready, Age; wide Containers, Images, Selector. */
export const replicaSetPrinter = printer<ReplicaSet>(
  [
    nameColumn,
    column('Desired', 'integer', fieldDocs['extensions/v1beta1.ReplicaSetSpec.replicas']),
    column('Current', 'integer', fieldDocs['extensions/v1beta1.ReplicaSetStatus.replicas']),
    column('Ready', 'integer', fieldDocs['extensions/v1beta1.ReplicaSetStatus.readyReplicas']),
    ageColumn,
    containersColumn,
    imagesColumn,
    column('Selector', 'string', fieldDocs['extensions/v1beta1.ReplicaSetSpec.selector'], { wide: true }),
  ],
  (rs, now) => [
    nameOf(rs),
    rs.spec?.replicas ?? defaultReplicas,
    rs.status?.replicas ?? 0,
    rs.status?.readyReplicas ?? 0,
    ageOf(rs, now),
    ...containerCells(rs.spec?.template?.spec?.containers),
    formatLabelSelector(rs.spec?.selector),
  ],
);

/** apps/v1 Deployment: Name, Ready ("ready/desired"), Up-to-date, Available, Age; wide Containers, Images, Selector. */
export const deploymentPrinter = printer<Deployment>(
  [
    nameColumn,
    column('Ready', 'string', 'Number of the pod with ready state'),
    column('Up-to-date', 'string', fieldDocs['extensions/v1beta1.DeploymentStatus.updatedReplicas']),
    column('Available', 'string', fieldDocs['extensions/v1beta1.DeploymentStatus.availableReplicas']),
    ageColumn,
    containersColumn,
    imagesColumn,
    column('Selector', 'string', fieldDocs['extensions/v1beta1.DeploymentSpec.selector'], { wide: true }),
  ],
  (d, now) => [
    nameOf(d),
    `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? defaultReplicas}`,
    d.status?.updatedReplicas ?? 0,
    d.status?.availableReplicas ?? 0,
    ageOf(d, now),
    ...containerCells(d.spec?.template?.spec?.containers),
    // Unlike its siblings, the Deployment printer shows an empty selector as "" rather than "<none>".
    selectorString(d.spec?.selector) ?? '<invalid>',
  ],
);

/** apps/v1 StatefulSet: Name, Ready ("ready/desired"), Age; wide Containers, Images. */
export const statefulSetPrinter = printer<StatefulSet>(
  [
    nameColumn,
    column('Ready', 'string', 'Number of the pod with ready state'),
    ageColumn,
    containersColumn,
    imagesColumn,
  ],
  (s, now) => [
    nameOf(s),
    `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? defaultReplicas}`,
    ageOf(s, now),
    ...containerCells(s.spec?.template?.spec?.containers),
  ],
);

/** apps/v1 DaemonSet: Name, Desired, Current, Ready, Up-to-date, Available, Node Selector, Age; wide Containers, Images, Selector. */
export const daemonSetPrinter = printer<DaemonSet>(
  [
    nameColumn,
    column('Desired', 'integer', fieldDocs['extensions/v1beta1.DaemonSetStatus.desiredNumberScheduled']),
    column('Current', 'integer', fieldDocs['extensions/v1beta1.DaemonSetStatus.currentNumberScheduled']),
    column('Ready', 'integer', fieldDocs['extensions/v1beta1.DaemonSetStatus.numberReady']),
    column('Up-to-date', 'integer', fieldDocs['extensions/v1beta1.DaemonSetStatus.updatedNumberScheduled']),
    column('Available', 'integer', fieldDocs['extensions/v1beta1.DaemonSetStatus.numberAvailable']),
    column('Node Selector', 'string', fieldDocs['core/v1.PodSpec.nodeSelector']),
    ageColumn,
    containersColumn,
    imagesColumn,
    column('Selector', 'string', fieldDocs['extensions/v1beta1.DaemonSetSpec.selector'], { wide: true }),
  ],
  (ds, now) => [
    nameOf(ds),
    ds.status?.desiredNumberScheduled ?? 0,
    ds.status?.currentNumberScheduled ?? 0,
    ds.status?.numberReady ?? 0,
    ds.status?.updatedNumberScheduled ?? 0,
    ds.status?.numberAvailable ?? 0,
    formatLabels(ds.spec?.template?.spec?.nodeSelector),
    ageOf(ds, now),
    ...containerCells(ds.spec?.template?.spec?.containers),
    formatLabelSelector(ds.spec?.selector),
  ],
);

/** The Controller cell: "kind.group/name" (lowercased kind and group) of the controlling owner, or "<none>". */
export function controllerOf(obj: { readonly metadata?: ObjectMeta }): string {
  const owner = obj.metadata?.ownerReferences?.find((ref) => ref.controller === true);
  if (!owner) return '<none>';
  const slash = owner.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : owner.apiVersion.slice(0, slash);
  if (group === '' && owner.kind === '') return owner.name;
  const groupKind = group === '' ? owner.kind : `${owner.kind}.${group}`;
  return `${groupKind.toLowerCase()}/${owner.name}`;
}

/** apps/v1 ControllerRevision: Name, Controller, Revision, Age. */
export const controllerRevisionPrinter = printer<ControllerRevision>(
  [
    nameColumn,
    column('Controller', 'string', 'Controller of the object'),
    column('Revision', 'string', fieldDocs['apps/v1beta1.ControllerRevision.revision']),
    ageColumn,
  ],
  (cr, now) => [nameOf(cr), controllerOf(cr), cr.revision, ageOf(cr, now)],
);

import { isPlainObject, type KubeObject } from '../object.js';
import {
  defaultMutatingWebhookConfiguration,
  defaultValidatingWebhookConfiguration,
} from './admissionregistration.js';
import { defaultDaemonSet, defaultDeployment, defaultReplicaSet, defaultStatefulSet } from './apps.js';
import { defaultCustomResourceDefinition } from './apiextensions.js';
import { defaultHorizontalPodAutoscalerV1, defaultHorizontalPodAutoscalerV2 } from './autoscaling.js';
import { defaultCronJob, defaultJob } from './batch.js';
import { defaultReplicationController } from './core-controller.js';
import { defaultEndpoints, defaultSecret } from './core-misc.js';
import { defaultNamespace } from './core-namespace.js';
import { defaultPersistentVolume, defaultPersistentVolumeClaim } from './core-persistent-volume.js';
import { defaultPod, defaultPodTemplate } from './core-pod.js';
import { defaultLimitRange, defaultNode, defaultResourceQuota } from './core-resources.js';
import { defaultService } from './core-service.js';
import { defaultEndpointSlice } from './discovery.js';
import { defaultFlowSchema, defaultPriorityLevelConfiguration } from './flowcontrol.js';
import { defaultIngressClass, defaultNetworkPolicy } from './networking.js';
import { defaultRuntimeClass } from './node.js';
import { defaultRoleBinding } from './rbac.js';
import { defaultPriorityClass } from './scheduling.js';
import { defaultCsiDriver, defaultStorageClass, defaultVolumeAttachment } from './storage.js';

type Defaulter = (object: KubeObject) => void;

// Keyed "group/version/Kind" ("" is the core group). Kinds that upstream 1.32 does not default
// (ConfigMap, Event, ServiceAccount, Roles, PodDisruptionBudget, Ingress, Lease, ...) are absent.
const defaulters = new Map<string, Defaulter>([
  ['/v1/Endpoints', defaultEndpoints],
  ['/v1/LimitRange', defaultLimitRange],
  ['/v1/Namespace', defaultNamespace],
  ['/v1/Node', defaultNode],
  ['/v1/PersistentVolume', defaultPersistentVolume],
  ['/v1/PersistentVolumeClaim', defaultPersistentVolumeClaim],
  ['/v1/Pod', defaultPod],
  ['/v1/PodTemplate', defaultPodTemplate],
  ['/v1/ReplicationController', defaultReplicationController],
  ['/v1/ResourceQuota', defaultResourceQuota],
  ['/v1/Secret', defaultSecret],
  ['/v1/Service', defaultService],
  ['apps/v1/DaemonSet', defaultDaemonSet],
  ['apps/v1/Deployment', defaultDeployment],
  ['apps/v1/ReplicaSet', defaultReplicaSet],
  ['apps/v1/StatefulSet', defaultStatefulSet],
  ['autoscaling/v1/HorizontalPodAutoscaler', defaultHorizontalPodAutoscalerV1],
  ['autoscaling/v2/HorizontalPodAutoscaler', defaultHorizontalPodAutoscalerV2],
  ['batch/v1/CronJob', defaultCronJob],
  ['batch/v1/Job', defaultJob],
  ['networking.k8s.io/v1/IngressClass', defaultIngressClass],
  ['networking.k8s.io/v1/NetworkPolicy', defaultNetworkPolicy],
  ['rbac.authorization.k8s.io/v1/ClusterRoleBinding', defaultRoleBinding],
  ['rbac.authorization.k8s.io/v1/RoleBinding', defaultRoleBinding],
  ['storage.k8s.io/v1/CSIDriver', defaultCsiDriver],
  ['storage.k8s.io/v1/StorageClass', defaultStorageClass],
  ['storage.k8s.io/v1/VolumeAttachment', defaultVolumeAttachment],
  ['admissionregistration.k8s.io/v1/MutatingWebhookConfiguration', defaultMutatingWebhookConfiguration],
  ['admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration', defaultValidatingWebhookConfiguration],
  ['apiextensions.k8s.io/v1/CustomResourceDefinition', defaultCustomResourceDefinition],
  ['scheduling.k8s.io/v1/PriorityClass', defaultPriorityClass],
  ['node.k8s.io/v1/RuntimeClass', defaultRuntimeClass],
  ['discovery.k8s.io/v1/EndpointSlice', defaultEndpointSlice],
  ['flowcontrol.apiserver.k8s.io/v1/FlowSchema', defaultFlowSchema],
  ['flowcontrol.apiserver.k8s.io/v1/PriorityLevelConfiguration', defaultPriorityLevelConfiguration],
]);

/**
 * Applies upstream 1.32's defaults for the given group/version/kind to `object`, in place, as the
 * apiserver does when it decodes a request body or a stored object. A "<Kind>List" defaults each
 * item. Kinds without defaults are left as they are.
 */
export function defaultObject(group: string, version: string, kind: string, object: KubeObject): void {
  const defaulter = defaulters.get(`${group}/${version}/${kind}`);
  if (defaulter) {
    defaulter(object);
    return;
  }
  const itemDefaulter = kind.endsWith('List')
    ? defaulters.get(`${group}/${version}/${kind.slice(0, -4)}`)
    : undefined;
  if (itemDefaulter && Array.isArray(object['items'])) {
    for (const item of object['items']) if (isPlainObject(item)) itemDefaulter(item);
  }
}

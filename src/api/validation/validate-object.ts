// The entry point of kind-specific validation: upstream's per-kind Validate / ValidateUpdate
// (metadata excepted, object-meta.ts covers it), looked up by group and kind. Objects arrive in
// their storage version, defaulted (HPAs as autoscaling/v2, events.k8s.io Events as core/v1).

import type { KubeObject } from '../object.js';
import * as admissionregistration from './admissionregistration.js';
import * as apps from './apps.js';
import * as apiextensions from './apiextensions.js';
import { validateHorizontalPodAutoscaler, validateHorizontalPodAutoscalerUpdate } from './autoscaling.js';
import * as batch from './batch.js';
import {
  validateCertificateSigningRequest,
  validateCertificateSigningRequestUpdate,
} from './certificates.js';
import * as config from './core-config.js';
import { validateEndpoints } from './core-endpoints.js';
import { validateEvent, validateEventUpdate } from './core-event.js';
import { validateNode, validateNodeUpdate } from './core-node.js';
import * as pv from './core-persistent-volume.js';
import {
  validateBinding,
  validatePod,
  validatePodTemplate,
  validateReplicationController,
} from './core-pod.js';
import { validatePodEphemeralContainersUpdate, validatePodUpdate } from './core-pod-update.js';
import { validateLimitRange, validateResourceQuota, validateResourceQuotaUpdate } from './core-quota.js';
import { validateService, validateServiceUpdate } from './core-service.js';
import { validateLease } from './coordination.js';
import { validateEndpointSlice, validateEndpointSliceUpdate } from './discovery.js';
import type { FieldError } from './field-error.js';
import { validateFlowSchema, validateFlowSchemaStatusUpdate } from './flowcontrol.js';
import {
  validatePriorityLevelConfiguration,
  validatePriorityLevelConfigurationStatusUpdate,
} from './flowcontrol-priority-level.js';
import type { Json } from './json-access.js';
import * as networking from './networking.js';
import { validateRuntimeClass, validateRuntimeClassUpdate } from './node-runtime-class.js';
import { validatePodDisruptionBudget } from './policy.js';
import * as rbac from './rbac.js';
import { validatePriorityClass, validatePriorityClassUpdate } from './scheduling.js';
import * as storage from './storage.js';

/** What validation may need to know about the request beyond the object. */
export interface ValidationOptions {
  /** The apiVersion the client used ("v1", "events.k8s.io/v1"); Events validate by it. */
  readonly requestApiVersion?: string;
  /** The subresource written, when not the main resource (pods/ephemeralcontainers has its own rules). */
  readonly subresource?: string;
}

interface KindRules {
  readonly create: (object: Json, options: ValidationOptions) => FieldError[];
  readonly update: (object: Json, old: Json, options: ValidationOptions) => FieldError[];
}

/** Rules whose update check is the create check on the new object (upstream's common case). */
function same(create: (object: Json) => FieldError[]): KindRules {
  return { create, update: (object) => create(object) };
}

function rules(
  create: (object: Json) => FieldError[],
  update: (object: Json, old: Json) => FieldError[],
): KindRules {
  return { create, update };
}

const none = same(() => []);

const eventRules: KindRules = {
  create: (object, options) => validateEvent(object, options.requestApiVersion),
  update: (object, old, options) => validateEventUpdate(object, old, options.requestApiVersion),
};

/** Kinds whose status writes check only the status (upstream's status strategies). */
function withStatusRules(
  create: (object: Json) => FieldError[],
  status: (object: Json) => FieldError[],
): KindRules {
  return {
    create,
    update: (object, _old, options) => (options.subresource === 'status' ? status(object) : create(object)),
  };
}

const hpaRules = rules(validateHorizontalPodAutoscaler, validateHorizontalPodAutoscalerUpdate);

/** Keyed "group/Kind" ("" is the core group). */
const registry: ReadonlyMap<string, KindRules> = new Map([
  ['/Binding', same(validateBinding)],
  ['/ConfigMap', rules(config.validateConfigMap, config.validateConfigMapUpdate)],
  ['/Endpoints', same(validateEndpoints)],
  ['/Event', eventRules],
  ['/LimitRange', same(validateLimitRange)],
  ['/Namespace', rules(config.validateNamespace, () => [])],
  ['/Node', rules(validateNode, validateNodeUpdate)],
  ['/PersistentVolumeClaim', rules(pv.validatePersistentVolumeClaim, pv.validatePersistentVolumeClaimUpdate)],
  ['/PersistentVolume', rules(pv.validatePersistentVolume, pv.validatePersistentVolumeUpdate)],
  [
    '/Pod',
    {
      create: (o) => validatePod(o),
      update: (o, old, options) =>
        options.subresource === 'ephemeralcontainers'
          ? validatePodEphemeralContainersUpdate(o, old)
          : validatePodUpdate(o, old),
    },
  ],
  ['/PodTemplate', same(validatePodTemplate)],
  ['/ReplicationController', same(validateReplicationController)],
  ['/ResourceQuota', rules(validateResourceQuota, validateResourceQuotaUpdate)],
  ['/Secret', rules(config.validateSecret, config.validateSecretUpdate)],
  ['/ServiceAccount', none],
  ['/Service', rules(validateService, validateServiceUpdate)],
  ['apps/ControllerRevision', rules(apps.validateControllerRevision, apps.validateControllerRevisionUpdate)],
  ['apps/DaemonSet', rules(apps.validateDaemonSet, apps.validateDaemonSetUpdate)],
  ['apps/Deployment', rules(apps.validateDeployment, apps.validateDeploymentUpdate)],
  ['apps/ReplicaSet', rules(apps.validateReplicaSet, apps.validateReplicaSetUpdate)],
  ['apps/StatefulSet', rules(apps.validateStatefulSet, apps.validateStatefulSetUpdate)],
  ['events.k8s.io/Event', eventRules],
  ['autoscaling/HorizontalPodAutoscaler', hpaRules],
  ['batch/CronJob', rules(batch.validateCronJob, batch.validateCronJobUpdate)],
  ['batch/Job', rules(batch.validateJob, batch.validateJobUpdate)],
  [
    'certificates.k8s.io/CertificateSigningRequest',
    {
      create: (o) => validateCertificateSigningRequest(o),
      update: (o, old, options) => validateCertificateSigningRequestUpdate(o, old, options.subresource),
    },
  ],
  [
    'networking.k8s.io/IngressClass',
    rules(networking.validateIngressClass, networking.validateIngressClassUpdate),
  ],
  [
    'networking.k8s.io/Ingress',
    rules(
      (o) => networking.validateIngress(o, true),
      (o) => networking.validateIngress(o, false),
    ),
  ],
  ['networking.k8s.io/NetworkPolicy', same(networking.validateNetworkPolicy)],
  ['policy/PodDisruptionBudget', same(validatePodDisruptionBudget)],
  [
    'rbac.authorization.k8s.io/ClusterRoleBinding',
    rules(rbac.validateClusterRoleBinding, (o, old) => rbac.validateBindingUpdate(o, old, false)),
  ],
  ['rbac.authorization.k8s.io/ClusterRole', same(rbac.validateClusterRole)],
  [
    'rbac.authorization.k8s.io/RoleBinding',
    rules(rbac.validateRoleBinding, (o, old) => rbac.validateBindingUpdate(o, old, true)),
  ],
  ['rbac.authorization.k8s.io/Role', same(rbac.validateRole)],
  ['storage.k8s.io/CSIDriver', rules(storage.validateCSIDriver, storage.validateCSIDriverUpdate)],
  ['storage.k8s.io/CSINode', rules(storage.validateCSINode, storage.validateCSINodeUpdate)],
  ['storage.k8s.io/StorageClass', rules(storage.validateStorageClass, storage.validateStorageClassUpdate)],
  [
    'storage.k8s.io/VolumeAttachment',
    rules(storage.validateVolumeAttachment, storage.validateVolumeAttachmentUpdate),
  ],
  [
    'admissionregistration.k8s.io/MutatingWebhookConfiguration',
    rules(
      admissionregistration.validateMutatingWebhookConfiguration,
      admissionregistration.validateMutatingWebhookConfigurationUpdate,
    ),
  ],
  [
    'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
    rules(
      admissionregistration.validateValidatingWebhookConfiguration,
      admissionregistration.validateValidatingWebhookConfigurationUpdate,
    ),
  ],
  [
    'apiextensions.k8s.io/CustomResourceDefinition',
    rules(
      apiextensions.validateCustomResourceDefinition,
      apiextensions.validateCustomResourceDefinitionUpdate,
    ),
  ],
  ['scheduling.k8s.io/PriorityClass', rules(validatePriorityClass, validatePriorityClassUpdate)],
  ['coordination.k8s.io/Lease', same(validateLease)],
  ['node.k8s.io/RuntimeClass', rules(validateRuntimeClass, validateRuntimeClassUpdate)],
  ['discovery.k8s.io/EndpointSlice', rules(validateEndpointSlice, validateEndpointSliceUpdate)],
  [
    'flowcontrol.apiserver.k8s.io/FlowSchema',
    withStatusRules(validateFlowSchema, validateFlowSchemaStatusUpdate),
  ],
  [
    'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
    withStatusRules(validatePriorityLevelConfiguration, validatePriorityLevelConfigurationStatusUpdate),
  ],
]);

/** True when kind-specific rules exist for the kind (custom resources have none). */
export function hasValidation(group: string, kind: string): boolean {
  return registry.has(`${group}/${kind}`);
}

/** Errors in a new object of the kind, in upstream's order (metadata excluded). */
export function validateObject(
  group: string,
  kind: string,
  object: KubeObject,
  options: ValidationOptions = {},
): FieldError[] {
  return registry.get(`${group}/${kind}`)?.create(object, options) ?? [];
}

/** Errors in an update of an object of the kind, given the stored one (metadata excluded). */
export function validateObjectUpdate(
  group: string,
  kind: string,
  object: KubeObject,
  old: KubeObject,
  options: ValidationOptions = {},
): FieldError[] {
  return registry.get(`${group}/${kind}`)?.update(object, old, options) ?? [];
}

import type { ResourceType } from '../../../api/scheme/resource-type.js';
import {
  validateObject,
  validateObjectUpdate,
  type ValidationOptions,
} from '../../../api/validation/validate-object.js';
import { genericStrategy, type Strategy, type WriteContext } from '../strategy.js';

/** Kinds whose metadata.generation follows their spec (upstream strategies that set and bump it). */
const generationKinds = new Set([
  'apps/Deployment',
  'apps/ReplicaSet',
  'apps/StatefulSet',
  'apps/DaemonSet',
  'batch/Job',
  'batch/CronJob',
  '/ReplicationController',
  'autoscaling/HorizontalPodAutoscaler',
  'policy/PodDisruptionBudget',
  'networking.k8s.io/NetworkPolicy',
  'networking.k8s.io/Ingress',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
]);

/** Kinds a PUT may create (upstream strategies answering AllowCreateOnUpdate true). */
const createOnUpdateKinds = new Set([
  '/Event',
  '/Endpoints',
  'events.k8s.io/Event',
  'discovery.k8s.io/EndpointSlice',
]);

/** Kinds whose DELETE answers with the object (upstream's ReturnDeletedObject stores). */
const returnDeletedKinds = new Set(['/PersistentVolume', '/PersistentVolumeClaim']);

/**
 * What kind-specific validation needs from a write: the apiVersion the client spoke (Events differ
 * by it) and the subresource written (the store passes its write options, which carry both).
 */
export function validationOptions(ctx: WriteContext): ValidationOptions {
  const apiVersion = 'apiVersion' in ctx ? ctx.apiVersion : undefined;
  const subresource = 'subresource' in ctx ? ctx.subresource : undefined;
  return {
    ...(typeof apiVersion === 'string' && { requestApiVersion: apiVersion }),
    ...(typeof subresource === 'string' && { subresource }),
  };
}

/** The validate/validateUpdate hooks of a kind: upstream's per-kind rules (metadata is checked by the store). */
export function kindValidation(group: string, kind: string): Pick<Strategy, 'validate' | 'validateUpdate'> {
  return {
    validate: (object, ctx) => validateObject(group, kind, object, validationOptions(ctx)),
    validateUpdate: (object, old, ctx) =>
      validateObjectUpdate(group, kind, object, old, validationOptions(ctx)),
  };
}

/** The strategy of a kind with no special rules beyond its flags. */
export function simpleStrategy(type: ResourceType): Strategy {
  const key = `${type.group}/${type.kind}`;
  return {
    ...genericStrategy,
    hasStatus: type.subresources.some((s) => s.name === 'status'),
    tracksGeneration: generationKinds.has(key),
    allowCreateOnUpdate: createOnUpdateKinds.has(key),
    returnDeletedObject: returnDeletedKinds.has(key),
    // The kubelet registers its Node with status already filled in.
    keepStatusOnCreate: key === '/Node',
    ...kindValidation(type.group, type.kind),
  };
}

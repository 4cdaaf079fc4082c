import type { ResourceType } from '../../../api/scheme/resource-type.js';
import { genericStrategy, type Strategy } from '../strategy.js';

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
  };
}

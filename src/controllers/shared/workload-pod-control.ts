// Creating and deleting a controller's pods with upstream's events (RealPodControl).
import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { KubeClient, ResourceClient } from '../../client/index.js';
import type { EventRecorder } from '../../controller-framework/index.js';
import { isStatusError } from '../../machinery/errors/index.js';
import { isNamespaceTerminatingError } from './namespace-terminating.js';
import { controllerRef, objectReference, type HasMeta, type OwnerKind } from './workload-owner-refs.js';
import { podsResource } from './workload-resources.js';

/** What a PodControl is created with. */
export interface PodControlOptions {
  readonly client: KubeClient;
  readonly recorder: EventRecorder;
  /** The kind of the controller owning the pods (events are about it; pods get its controller ref). */
  readonly ownerKind: OwnerKind;
}

/** How to name a pod created from a template. */
export interface PodNaming {
  /** A fixed name (StatefulSet pods). */
  readonly name?: string;
  /** A name prefix the server completes; default `<owner>-`. */
  readonly generateName?: string;
}

/**
 * The pod a controller creates from its template (upstream's GetPodFromTemplate): the template's
 * labels, annotations, finalizers and spec, the controller reference, and a generated name.
 */
export function podFromTemplate(
  template: PodTemplateSpec,
  owner: HasMeta,
  ownerKind: OwnerKind,
  naming: PodNaming = {},
): Pod {
  const meta = template.metadata ?? {};
  const ownerName = owner.metadata?.name ?? '';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...(naming.name !== undefined
        ? { name: naming.name }
        : { generateName: naming.generateName ?? `${ownerName}-` }),
      ...(owner.metadata?.namespace ? { namespace: owner.metadata.namespace } : {}),
      labels: { ...meta.labels },
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ...(meta.finalizers ? { finalizers: [...meta.finalizers] } : {}),
      ownerReferences: [controllerRef(owner, ownerKind)],
    },
    spec: structuredClone(template.spec ?? { containers: [] }),
  };
}

/** Creates and deletes pods on behalf of one controller kind, recording upstream's events. */
export class PodControl {
  private readonly pods: ResourceClient<Pod>;
  private readonly recorder: EventRecorder;
  private readonly ownerKind: OwnerKind;

  constructor(options: PodControlOptions) {
    this.pods = options.client.resource<Pod>(podsResource);
    this.recorder = options.recorder;
    this.ownerKind = options.ownerKind;
  }

  /** Creates `pod` for `owner`; records SuccessfulCreate or FailedCreate and rethrows failures. */
  async create(pod: Pod, owner: HasMeta): Promise<Pod> {
    const ref = objectReference(owner, this.ownerKind);
    if (Object.keys(pod.metadata?.labels ?? {}).length === 0)
      throw new Error('unable to create pods, no labels');
    try {
      const created = await this.pods.namespace(pod.metadata?.namespace ?? '').create(pod);
      this.recorder.event(ref, 'Normal', 'SuccessfulCreate', 'Created pod: %v', created.metadata?.name);
      return created;
    } catch (err) {
      if (!isNamespaceTerminatingError(err))
        this.recorder.event(ref, 'Warning', 'FailedCreate', 'Error creating: %v', errorText(err));
      throw err;
    }
  }

  /** Deletes a pod of `owner`; records SuccessfulDelete or FailedDelete (none when it is already gone). */
  async delete(namespace: string, name: string, owner: HasMeta): Promise<void> {
    const ref = objectReference(owner, this.ownerKind);
    try {
      await this.pods.namespace(namespace).delete(name);
    } catch (err) {
      if (!isStatusError(err, 'NotFound'))
        this.recorder.event(ref, 'Warning', 'FailedDelete', 'Error deleting: %v', errorText(err));
      throw err;
    }
    this.recorder.event(ref, 'Normal', 'SuccessfulDelete', 'Deleted pod: %v', name);
  }

  /** Applies a strategic merge patch to a pod. */
  async patch(namespace: string, name: string, patch: unknown): Promise<Pod> {
    return this.pods.namespace(namespace).patch(name, 'strategic', patch);
  }
}

/** An error's message as Go's %v prints it. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

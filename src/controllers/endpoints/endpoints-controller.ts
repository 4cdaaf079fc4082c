import type { Endpoints, EndpointSubset, Pod, Service } from 'kubernetes-types/core/v1.js';
import { deepEqual } from '../../base/deep-equal.js';
import type { Logger } from '../../base/logger.js';
import type { ResourceClient } from '../../client/index.js';
import { Controller, type EventRecorder } from '../../controller-framework/index.js';
import { splitKey, type Lister } from '../../informers/index.js';
import { selectorFromSet } from '../../machinery/labels/index.js';
import type { ControllerContext } from '../controller-context.js';
import { servicesForPodUpdate, servicesSelecting } from '../shared/infra-endpoint-pods.js';
import { eventTarget } from '../shared/infra-event-target.js';
import { endpointsResource, podsResource, servicesResource } from '../shared/infra-resources.js';
import { isForbidden, isNamespaceTerminating, isNotFound } from '../shared/infra-status-errors.js';
import { formatTriggerTime, TriggerTimeTracker } from '../shared/infra-trigger-time-tracker.js';
import {
  capacityAnnotationSetCorrectly,
  overCapacityAnnotation,
  subsetsFor,
  truncateSubsets,
} from './endpoint-subsets.js';

/** The annotation recording when the change that produced the Endpoints happened. */
export const lastChangeTriggerTimeAnnotation = 'endpoints.kubernetes.io/last-change-trigger-time';
/** The label marking the Endpoints of a headless Service. */
export const headlessLabel = 'service.kubernetes.io/headless';
// Endpoints objects used as leader-election locks have no Service and must survive.
const leaderAnnotation = 'control-plane.alpha.kubernetes.io/leader';

/** What an EndpointsController is created with. */
export interface EndpointsControllerOptions {
  readonly context: ControllerContext;
  readonly workers: number;
  /** --endpoint-updates-batch-period: delay of syncs caused by pod changes (default 0). */
  readonly endpointUpdatesBatchPeriodMs?: number;
}

/** Keeps the Endpoints object of every Service with a selector in line with its pods. */
export class EndpointsController {
  private readonly ctx: ControllerContext;
  private readonly controller: Controller<string>;
  private readonly services: Lister<Service>;
  private readonly pods: Lister<Pod>;
  private readonly endpoints: Lister<Endpoints>;
  private readonly client: ResourceClient<Endpoints>;
  private readonly triggerTimes = new TriggerTimeTracker();
  // The resourceVersion an Endpoints object had before this controller last replaced it.
  private readonly staleVersions = new Map<string, string>();
  private readonly recorder: EventRecorder;
  private readonly log: Logger;
  private readonly batchMs: number;

  constructor(options: EndpointsControllerOptions) {
    const ctx = (this.ctx = options.context);
    this.log = ctx.log.child('endpoints');
    this.recorder = ctx.recorder('endpoint-controller');
    this.batchMs = options.endpointUpdatesBatchPeriodMs ?? 0;
    this.client = ctx.client.resource<Endpoints>(endpointsResource);
    this.controller = new Controller<string>({
      name: 'endpoint',
      workers: options.workers,
      reconcile: (key) => this.syncService(key),
      clock: ctx.clock,
      log: this.log,
    });
    const serviceInformer = ctx.informers.informerFor<Service>(servicesResource);
    const podInformer = ctx.informers.informerFor<Pod>(podsResource);
    const endpointsInformer = ctx.informers.informerFor<Endpoints>(endpointsResource);
    this.services = serviceInformer.lister;
    this.pods = podInformer.lister;
    this.endpoints = endpointsInformer.lister;
    const enqueue = (o: Service | Endpoints) => this.controller.enqueue(keyOf(o));
    serviceInformer.addEventHandler({ onAdd: enqueue, onUpdate: (_o, s) => enqueue(s), onDelete: enqueue });
    podInformer.addEventHandler({
      onAdd: (pod) => this.enqueueForPod(pod),
      onUpdate: (oldPod, pod) => {
        const services = this.services.namespace(pod.metadata?.namespace ?? '').list();
        for (const key of servicesForPodUpdate(services, oldPod, pod)) this.enqueueAfter(key);
      },
      onDelete: (pod) => this.enqueueForPod(pod),
    });
    endpointsInformer.addEventHandler({ onDelete: enqueue });
  }

  /** Queues every Endpoints object once (to delete those whose Service is gone), then runs. */
  run(): Promise<void> {
    for (const ep of this.endpoints.list()) {
      if (ep.metadata?.annotations?.[leaderAnnotation] !== undefined) continue;
      this.controller.enqueue(keyOf(ep));
    }
    return this.controller.start(this.ctx.signal);
  }

  private enqueueAfter(key: string): void {
    if (this.batchMs > 0) this.controller.queue.addAfter(key, this.batchMs);
    else this.controller.enqueue(key);
  }

  private enqueueForPod(pod: Pod): void {
    const services = this.services.namespace(pod.metadata?.namespace ?? '').list();
    for (const key of servicesSelecting(services, pod.metadata?.labels)) this.enqueueAfter(key);
  }

  private async syncService(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const service = this.services.get(namespace, name);
    if (service === undefined) {
      // The Service is gone: so are its Endpoints.
      try {
        await this.client.namespace(namespace).delete(name);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      this.triggerTimes.deleteService(namespace, name);
      this.staleVersions.delete(key);
      return;
    }
    if (service.spec?.type === 'ExternalName') return;
    const selector = service.spec?.selector;
    // Without a selector the Endpoints are the user's to write.
    if (selector === undefined || selector === null) return;

    const pods = this.pods.namespace(namespace).list(selectorFromSet(selector));
    const trigger = this.triggerTimes.compute(service, pods);
    const { subsets } = subsetsFor(service, pods);
    const current = this.endpoints.get(namespace, name);
    if (current !== undefined && this.staleVersions.get(key) === current.metadata?.resourceVersion)
      throw new Error(`endpoints informer cache is out of date for ${key}`);

    const serviceLabels = { ...(service.metadata?.labels ?? {}) };
    if (current !== undefined) {
      const { [headlessLabel]: _h, ...currentLabels } = current.metadata?.labels ?? {};
      if (
        deepEqual(withoutTargetVersions(current.subsets ?? []), subsets) &&
        deepEqual(currentLabels, serviceLabels) &&
        capacityAnnotationSetCorrectly(current.metadata?.annotations, current.subsets)
      )
        return;
    }

    const annotations: Record<string, string> = { ...(current?.metadata?.annotations ?? {}) };
    if (trigger !== undefined) annotations[lastChangeTriggerTimeAnnotation] = formatTriggerTime(trigger);
    else delete annotations[lastChangeTriggerTimeAnnotation];
    const written = [...subsets];
    if (truncateSubsets(written)) annotations[overCapacityAnnotation] = 'truncated';
    else delete annotations[overCapacityAnnotation];
    const labels = { ...serviceLabels };
    const ip = service.spec?.clusterIP ?? '';
    if (ip === '' || ip === 'None') labels[headlessLabel] = '';
    else delete labels[headlessLabel];

    const desired: Endpoints = {
      ...(current ?? {}),
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { ...(current?.metadata ?? { name, namespace }), labels, annotations },
      subsets: written.map(compact),
    };
    try {
      if (current === undefined) {
        await this.client.namespace(namespace).create(desired);
      } else {
        const updated = await this.client.namespace(namespace).update(desired);
        if (updated.metadata?.resourceVersion !== current.metadata?.resourceVersion)
          this.staleVersions.set(key, current.metadata?.resourceVersion ?? '');
      }
    } catch (err) {
      // Creates in a terminating namespace keep failing; drop the key.
      if (current === undefined && isForbidden(err) && isNamespaceTerminating(err)) return;
      const target = eventTarget(desired, 'v1', 'Endpoints');
      if (current === undefined)
        this.recorder.event(
          target,
          'Warning',
          'FailedToCreateEndpoint',
          'Failed to create endpoint for service %v/%v: %v',
          namespace,
          name,
          (err as Error).message,
        );
      else
        this.recorder.event(
          target,
          'Warning',
          'FailedToUpdateEndpoint',
          'Failed to update endpoint %v/%v: %v',
          namespace,
          name,
          (err as Error).message,
        );
      throw err;
    }
  }
}

function keyOf(obj: { metadata?: { namespace?: string; name?: string } }): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
}

// A pod's resourceVersion in a target reference is not a reason to rewrite the Endpoints.
function withoutTargetVersions(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  const strip = (addresses: EndpointSubset['addresses']) =>
    addresses?.map((a) => {
      if (a.targetRef?.resourceVersion === undefined) return a;
      const { resourceVersion: _rv, ...targetRef } = a.targetRef;
      return { ...a, targetRef };
    });
  return subsets.map((s) => {
    const out: EndpointSubset = { ...s };
    if (s.addresses) out.addresses = strip(s.addresses) ?? [];
    if (s.notReadyAddresses) out.notReadyAddresses = strip(s.notReadyAddresses) ?? [];
    return out;
  });
}

// Empty lists are omitted on the wire, as upstream's omitempty does.
function compact(subset: EndpointSubset): EndpointSubset {
  const out: EndpointSubset = {};
  if ((subset.addresses ?? []).length > 0) out.addresses = subset.addresses ?? [];
  if ((subset.notReadyAddresses ?? []).length > 0) out.notReadyAddresses = subset.notReadyAddresses ?? [];
  if ((subset.ports ?? []).length > 0) out.ports = subset.ports ?? [];
  return out;
}

import type { Node, Pod, Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { Logger } from '../../base/logger.js';
import type { ResourceClient } from '../../client/index.js';
import { Controller, type EventRecorder } from '../../controller-framework/index.js';
import { splitKey, type Lister } from '../../informers/index.js';
import { selectorFromSet } from '../../machinery/labels/index.js';
import type { ControllerContext } from '../controller-context.js';
import { servicesForPodUpdate, servicesSelecting } from '../shared/infra-endpoint-pods.js';
import {
  endpointSlicesResource,
  nodesResource,
  podsResource,
  servicesResource,
} from '../shared/infra-resources.js';
import { eventTarget } from '../shared/infra-event-target.js';
import { serviceKeyOfSlice, SliceTracker } from '../shared/infra-slice-tracker.js';
import { isNamespaceTerminating, isNotFound } from '../shared/infra-status-errors.js';
import { formatTriggerTime, TriggerTimeTracker } from '../shared/infra-trigger-time-tracker.js';
import { planSlices } from './plan-slices.js';
import { endpointSliceControllerName, managedByLabel, serviceNameLabel } from './slice-labels.js';

/** The annotation recording when the change that produced a slice or Endpoints happened. */
export const lastChangeTriggerTimeAnnotation = 'endpoints.kubernetes.io/last-change-trigger-time';

// Own writes echo back through the informer; a short delay lets several settle into one sync.
const sliceChangeMinSyncDelayMs = 1000;

/** What an EndpointSliceController is created with. */
export interface EndpointSliceControllerOptions {
  readonly context: ControllerContext;
  readonly workers: number;
  /** --max-endpoints-per-slice (default 100). */
  readonly maxEndpointsPerSlice?: number;
  /** --endpoint-updates-batch-period: delay of syncs caused by pod changes (default 0). */
  readonly endpointUpdatesBatchPeriodMs?: number;
}

/** Keeps the EndpointSlices of every Service with a selector in line with its pods. */
export class EndpointSliceController {
  private readonly ctx: ControllerContext;
  private readonly controller: Controller<string>;
  private readonly services: Lister<Service>;
  private readonly pods: Lister<Pod>;
  private readonly slices: Lister<EndpointSlice>;
  private readonly nodes: Lister<Node>;
  private readonly sliceClient: ResourceClient<EndpointSlice>;
  private readonly tracker = new SliceTracker();
  private readonly triggerTimes = new TriggerTimeTracker();
  private readonly recorder: EventRecorder;
  private readonly log: Logger;
  private readonly maxEndpointsPerSlice: number;
  private readonly batchMs: number;

  constructor(options: EndpointSliceControllerOptions) {
    const ctx = (this.ctx = options.context);
    this.log = ctx.log.child('endpointslice');
    this.recorder = ctx.recorder('endpoint-slice-controller');
    this.maxEndpointsPerSlice = options.maxEndpointsPerSlice ?? 100;
    this.batchMs = options.endpointUpdatesBatchPeriodMs ?? 0;
    this.sliceClient = ctx.client.resource<EndpointSlice>(endpointSlicesResource);
    this.controller = new Controller<string>({
      name: 'endpoint_slice',
      workers: options.workers,
      reconcile: (key) => this.syncService(key),
      clock: ctx.clock,
      log: this.log,
    });
    const serviceInformer = ctx.informers.informerFor<Service>(servicesResource);
    const podInformer = ctx.informers.informerFor<Pod>(podsResource);
    const sliceInformer = ctx.informers.informerFor<EndpointSlice>(endpointSlicesResource);
    this.services = serviceInformer.lister;
    this.pods = podInformer.lister;
    this.slices = sliceInformer.lister;
    this.nodes = ctx.informers.informerFor<Node>(nodesResource).lister;

    const enqueueService = (svc: Service) => this.controller.enqueue(keyOf(svc));
    serviceInformer.addEventHandler({
      onAdd: enqueueService,
      onUpdate: (_old, svc) => enqueueService(svc),
      onDelete: enqueueService,
    });
    podInformer.addEventHandler({
      onAdd: (pod) => this.enqueueForPod(pod),
      onUpdate: (oldPod, pod) => {
        const services = this.services.namespace(pod.metadata?.namespace ?? '').list();
        for (const key of servicesForPodUpdate(services, oldPod, pod)) this.enqueueAfter(key, this.batchMs);
      },
      onDelete: (pod) => this.enqueueForPod(pod),
    });
    sliceInformer.addEventHandler({
      onAdd: (slice) => {
        if (this.managed(slice) && this.tracker.shouldSync(slice)) this.enqueueForSlice(slice);
      },
      onUpdate: (oldSlice, slice) => {
        // The service-name label is the link to the Service; users may change it.
        if (oldSlice.metadata?.labels?.[serviceNameLabel] !== slice.metadata?.labels?.[serviceNameLabel]) {
          this.enqueueForSlice(slice);
          this.enqueueForSlice(oldSlice);
          return;
        }
        const managedByChanged = this.managed(oldSlice) !== this.managed(slice);
        if (managedByChanged || (this.managed(slice) && this.tracker.shouldSync(slice)))
          this.enqueueForSlice(slice);
      },
      onDelete: (slice) => {
        if (this.managed(slice) && this.tracker.has(slice) && !this.tracker.handleDeletion(slice))
          this.enqueueForSlice(slice);
      },
    });
  }

  /** Runs the workers until the context's signal aborts. */
  run(): Promise<void> {
    return this.controller.start(this.ctx.signal);
  }

  private managed(slice: EndpointSlice): boolean {
    return slice.metadata?.labels?.[managedByLabel] === endpointSliceControllerName;
  }

  private enqueueAfter(key: string, ms: number): void {
    if (ms > 0) this.controller.queue.addAfter(key, ms);
    else this.controller.enqueue(key);
  }

  private enqueueForPod(pod: Pod): void {
    const services = this.services.namespace(pod.metadata?.namespace ?? '').list();
    for (const key of servicesSelecting(services, pod.metadata?.labels)) this.enqueueAfter(key, this.batchMs);
  }

  private enqueueForSlice(slice: EndpointSlice): void {
    const key = serviceKeyOfSlice(slice);
    if (key !== undefined) this.enqueueAfter(key, Math.max(sliceChangeMinSyncDelayMs, this.batchMs));
  }

  private async syncService(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const service = this.services.get(namespace, name);
    if (service === undefined) {
      this.triggerTimes.deleteService(namespace, name);
      this.tracker.deleteService(key);
      return;
    }
    // ExternalName Services and Services without a selector get no slices from this controller.
    if (service.spec?.type === 'ExternalName') return;
    const selector = service.spec?.selector;
    if (selector === undefined || selector === null) return;

    const pods = this.pods.namespace(namespace).list(selectorFromSet(selector));
    const ours = selectorFromSet({ [serviceNameLabel]: name, [managedByLabel]: endpointSliceControllerName });
    const existing = this.slices
      .namespace(namespace)
      .list(ours)
      .filter((s) => !s.metadata?.deletionTimestamp);
    if (this.tracker.staleSlices(key, existing))
      throw new Error('EndpointSlice informer cache is out of date');
    const trigger = this.triggerTimes.compute(service, pods);
    const plan = planSlices({
      service,
      pods,
      existingSlices: existing,
      nodeNamed: (n) => this.nodes.get('', n),
      maxEndpointsPerSlice: this.maxEndpointsPerSlice,
      controllerName: endpointSliceControllerName,
    });
    try {
      await this.apply(service, plan.toCreate, plan.toUpdate, plan.toDelete, trigger);
    } catch (err) {
      this.recorder.event(
        eventTarget(service, 'v1', 'Service'),
        'Warning',
        'FailedToUpdateEndpointSlices',
        'Error updating Endpoint Slices for Service %s/%s: %v',
        namespace,
        name,
        (err as Error).message,
      );
      throw err;
    }
    if (plan.missingNodes.length > 0) {
      const message = plan.missingNodes.map((n) => `Node ${n} Not Found`).join(', ');
      throw new Error(`skipping Pods for Service ${key}: ${message}`);
    }
  }

  private async apply(
    service: Service,
    toCreate: readonly EndpointSlice[],
    toUpdate: readonly EndpointSlice[],
    toDelete: readonly EndpointSlice[],
    trigger: number | undefined,
  ): Promise<void> {
    const ns = service.metadata?.namespace ?? '';
    const slices = this.sliceClient.namespace(ns);
    // Creating while the Service is being deleted would race the garbage collector.
    if (!service.metadata?.deletionTimestamp) {
      for (const slice of toCreate) {
        try {
          this.tracker.update(await slices.create(withTriggerTime(slice, trigger)));
        } catch (err) {
          if (isNamespaceTerminating(err)) return;
          throw err;
        }
      }
    }
    for (const slice of toUpdate) this.tracker.update(await slices.update(withTriggerTime(slice, trigger)));
    for (const slice of toDelete) {
      try {
        await slices.delete(slice.metadata?.name ?? '');
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      this.tracker.expectDeletion(slice);
    }
  }
}

function keyOf(obj: { metadata?: { namespace?: string; name?: string } }): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
}

/** The slice with the trigger-time annotation set to `trigger`, or removed when there is none. */
export function withTriggerTime(slice: EndpointSlice, trigger: number | undefined): EndpointSlice {
  const annotations: Record<string, string> = { ...(slice.metadata?.annotations ?? {}) };
  if (trigger !== undefined) annotations[lastChangeTriggerTimeAnnotation] = formatTriggerTime(trigger);
  else delete annotations[lastChangeTriggerTimeAnnotation];
  return { ...slice, metadata: { ...slice.metadata, annotations } };
}

import type { Endpoints, Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { Logger } from '../../base/logger.js';
import type { ResourceClient } from '../../client/index.js';
import { Controller, type EventRecorder } from '../../controller-framework/index.js';
import { splitKey, type Lister } from '../../informers/index.js';
import { selectorFromSet } from '../../machinery/labels/index.js';
import type { ControllerContext } from '../controller-context.js';
import { eventTarget } from '../shared/infra-event-target.js';
import { endpointSlicesResource, endpointsResource, servicesResource } from '../shared/infra-resources.js';
import { serviceKeyOfSlice, SliceTracker } from '../shared/infra-slice-tracker.js';
import { isNamespaceTerminating, isNotFound } from '../shared/infra-status-errors.js';
import {
  managedByLabel,
  mirroringControllerName,
  planMirror,
  serviceNameLabel,
  skipMirrorLabel,
} from './mirror-slices.js';

const leaderAnnotation = 'control-plane.alpha.kubernetes.io/leader';
const sliceChangeMinSyncDelayMs = 1000;

/** What an EndpointSliceMirroringController is created with. */
export interface EndpointSliceMirroringControllerOptions {
  readonly context: ControllerContext;
  readonly workers: number;
  /** --mirroring-max-endpoints-per-subset (default 1000). */
  readonly maxEndpointsPerSubset?: number;
}

/** True when an Endpoints object is to be mirrored: no skip-mirror label, not a leader lock. */
export function shouldMirror(endpoints: Endpoints | undefined): boolean {
  if (endpoints === undefined) return false;
  if (endpoints.metadata?.labels?.[skipMirrorLabel] === 'true') return false;
  return endpoints.metadata?.annotations?.[leaderAnnotation] === undefined;
}

/** Mirrors the Endpoints of selector-less Services into EndpointSlices. */
export class EndpointSliceMirroringController {
  private readonly ctx: ControllerContext;
  private readonly controller: Controller<string>;
  private readonly services: Lister<Service>;
  private readonly endpoints: Lister<Endpoints>;
  private readonly slices: Lister<EndpointSlice>;
  private readonly sliceClient: ResourceClient<EndpointSlice>;
  private readonly tracker = new SliceTracker();
  private readonly recorder: EventRecorder;
  private readonly log: Logger;
  private readonly maxPerSubset: number;

  constructor(options: EndpointSliceMirroringControllerOptions) {
    const ctx = (this.ctx = options.context);
    this.log = ctx.log.child('endpointslice-mirroring');
    this.recorder = ctx.recorder('endpoint-slice-mirroring-controller');
    this.maxPerSubset = options.maxEndpointsPerSubset ?? 1000;
    this.sliceClient = ctx.client.resource<EndpointSlice>(endpointSlicesResource);
    this.controller = new Controller<string>({
      name: 'endpoint_slice_mirroring',
      workers: options.workers,
      reconcile: (key) => this.syncEndpoints(key),
      clock: ctx.clock,
      log: this.log,
    });
    const serviceInformer = ctx.informers.informerFor<Service>(servicesResource);
    const endpointsInformer = ctx.informers.informerFor<Endpoints>(endpointsResource);
    const sliceInformer = ctx.informers.informerFor<EndpointSlice>(endpointSlicesResource);
    this.services = serviceInformer.lister;
    this.endpoints = endpointsInformer.lister;
    this.slices = sliceInformer.lister;
    const enqueue = (o: { metadata?: { namespace?: string; name?: string } }) =>
      this.controller.enqueue(`${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`);
    const selectorLess = (s: Service) => s.spec?.selector === undefined || s.spec?.selector === null;
    serviceInformer.addEventHandler({
      onAdd: (s) => selectorLess(s) && enqueue(s),
      onUpdate: (o, s) => (selectorLess(o) || selectorLess(s)) && enqueue(s),
      onDelete: (s) => selectorLess(s) && enqueue(s),
    });
    endpointsInformer.addEventHandler({
      onAdd: (ep) => shouldMirror(ep) && enqueue(ep),
      onUpdate: (o, ep) => (shouldMirror(o) || shouldMirror(ep)) && enqueue(ep),
      onDelete: enqueue,
    });
    const managed = (s: EndpointSlice) => s.metadata?.labels?.[managedByLabel] === mirroringControllerName;
    const enqueueForSlice = (slice: EndpointSlice) => {
      const key = serviceKeyOfSlice(slice);
      if (key !== undefined) this.controller.queue.addAfter(key, sliceChangeMinSyncDelayMs);
    };
    sliceInformer.addEventHandler({
      onAdd: (s) => managed(s) && this.tracker.shouldSync(s) && enqueueForSlice(s),
      onUpdate: (o, s) => {
        if (o.metadata?.labels?.[serviceNameLabel] !== s.metadata?.labels?.[serviceNameLabel]) {
          enqueueForSlice(o);
          enqueueForSlice(s);
        } else if (managed(o) !== managed(s) || (managed(s) && this.tracker.shouldSync(s))) {
          enqueueForSlice(s);
        }
      },
      onDelete: (s) => {
        if (managed(s) && this.tracker.has(s) && !this.tracker.handleDeletion(s)) enqueueForSlice(s);
      },
    });
  }

  /** Runs the workers until the context's signal aborts. */
  run(): Promise<void> {
    return this.controller.start(this.ctx.signal);
  }

  private async syncEndpoints(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const mirrored = this.slices
      .namespace(namespace)
      .list(selectorFromSet({ [serviceNameLabel]: name, [managedByLabel]: mirroringControllerName }));
    const service = this.services.get(namespace, name);
    const endpoints = this.endpoints.get(namespace, name);
    const selectorLess = service !== undefined && (service.spec?.selector ?? null) === null;
    if (!selectorLess || !shouldMirror(endpoints)) {
      // No Service, a Service with a selector, or Endpoints that are not to be mirrored: clean up.
      this.tracker.deleteService(key);
      await this.deleteSlices(mirrored);
      return;
    }
    const ep = endpoints as Endpoints;
    if (this.tracker.staleSlices(key, mirrored))
      throw new Error('EndpointSlice informer cache is out of date');
    const plan = planMirror(ep, mirrored, this.maxPerSubset);
    const target = eventTarget(ep, 'v1', 'Endpoints');
    if (plan.invalid > 0)
      this.recorder.event(
        target,
        'Warning',
        'InvalidIPAddress',
        'Skipped %d invalid IP addresses when mirroring to EndpointSlices',
        plan.invalid,
      );
    if (plan.skipped > plan.invalid)
      this.recorder.event(
        target,
        'Warning',
        'TooManyAddressesToMirror',
        'A max of %d addresses can be mirrored to EndpointSlices per Endpoints subset. %d addresses were skipped',
        this.maxPerSubset,
        plan.skipped,
      );
    const slices = this.sliceClient.namespace(namespace);
    if (!ep.metadata?.deletionTimestamp) {
      for (const slice of plan.toCreate) {
        try {
          this.tracker.update(await slices.create(slice));
        } catch (err) {
          if (isNamespaceTerminating(err)) return;
          throw err;
        }
      }
    }
    for (const slice of plan.toUpdate) this.tracker.update(await slices.update(slice));
    for (const slice of plan.toDelete) {
      await slices.delete(slice.metadata?.name ?? '');
      this.tracker.expectDeletion(slice);
    }
  }

  private async deleteSlices(slices: readonly EndpointSlice[]): Promise<void> {
    for (const slice of slices) {
      try {
        await this.sliceClient.namespace(slice.metadata?.namespace ?? '').delete(slice.metadata?.name ?? '');
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }
}

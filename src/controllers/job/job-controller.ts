// The Job controller (upstream's job.Controller): pod and Job events enqueue Jobs (pod events
// batched by a second), a sync per Job, and a second queue that strips the tracking finalizer from
// pods no running Job owns any more.
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { deepEqual } from '../../base/deep-equal.js';
import type { ResourceClient } from '../../client/index.js';
import {
  ItemExponentialFailureRateLimiter,
  RateLimitingQueue,
  runController,
  type EventRecorder,
} from '../../controller-framework/index.js';
import { splitKey, type Lister } from '../../informers/index.js';
import { isStatusError } from '../../machinery/errors/index.js';
import { selectorFromLabelSelector } from '../../machinery/labels/index.js';
import type { ControllerContext } from '../controller-context.js';
import { claimObjects } from '../shared/workload-claim.js';
import { ControllerExpectations } from '../shared/workload-expectations.js';
import { controllerOf, keyOf, objectReference } from '../shared/workload-owner-refs.js';
import { PodControl } from '../shared/workload-pod-control.js';
import { timeMs } from '../shared/workload-pod-state.js';
import { jobsResource, podsResource } from '../shared/workload-resources.js';
import { FinalizerExpectations } from './finalizer-expectations.js';
import { BackoffStore } from './job-backoff.js';
import { isJobFinished } from './job-conditions.js';
import { jobControllerName, jobKind, jobTrackingFinalizer } from './job-labels.js';
import { effectiveJob } from '../../api/workloads/job-selector.js';
import { removeTrackingFinalizerPatch } from './job-manage.js';
import { hasTrackingFinalizer, managedByOtherController } from './job-pods.js';
import { syncJobBatchPeriodMs, type JobDeps } from './job-sync-context.js';
import { syncJob } from './job-sync.js';

/** What a JobController is created with. */
export interface JobControllerOptions {
  readonly ctx: ControllerContext;
  readonly workers: number;
}

/** Runs Jobs to completion or failure through their pods. */
export class JobController {
  private readonly ctx: ControllerContext;
  private readonly workers: number;
  private readonly queue: RateLimitingQueue<string>;
  private readonly orphanQueue: RateLimitingQueue<string>;
  private readonly jobs: Lister<Job>;
  private readonly pods: Lister<Pod>;
  private readonly jobClient: ResourceClient<Job>;
  private readonly podClient: ResourceClient<Pod>;
  private readonly recorder: EventRecorder;
  private readonly deps: JobDeps;

  constructor(options: JobControllerOptions) {
    const { ctx } = options;
    this.ctx = ctx;
    this.workers = options.workers;
    // API errors back off from 1 s to 1 min (DefaultJobApiBackOff, MaxJobApiBackOff).
    const limiter = () =>
      new ItemExponentialFailureRateLimiter<string>({ baseDelayMs: 1000, maxDelayMs: 60_000 });
    this.queue = new RateLimitingQueue<string>({ name: 'job', clock: ctx.clock, rateLimiter: limiter() });
    this.orphanQueue = new RateLimitingQueue<string>({
      name: 'job_orphan_pod',
      clock: ctx.clock,
      rateLimiter: limiter(),
    });
    const jobInformer = ctx.informers.informerFor<Job>(jobsResource);
    const podInformer = ctx.informers.informerFor<Pod>(podsResource);
    this.jobs = jobInformer.lister;
    this.pods = podInformer.lister;
    this.jobClient = ctx.client.resource<Job>(jobsResource);
    this.podClient = ctx.client.resource<Pod>(podsResource);
    this.recorder = ctx.recorder('job-controller');
    this.deps = {
      clock: ctx.clock,
      recorder: this.recorder,
      podControl: new PodControl({ client: ctx.client, recorder: this.recorder, ownerKind: jobKind }),
      jobs: this.jobClient,
      expectations: new ControllerExpectations({ clock: ctx.clock }),
      finalizerExpectations: new FinalizerExpectations(),
      backoff: new BackoffStore(),
      enqueueAfter: (key, ms) => this.queue.addAfter(key, ms),
    };
    jobInformer.addEventHandler({
      onAdd: (job) => this.queue.add(keyOf(job)),
      onUpdate: (old, cur) => this.updateJob(old, cur),
      onDelete: (job) => {
        this.queue.add(keyOf(job));
        this.cleanupPodFinalizers(job);
      },
    });
    podInformer.addEventHandler({
      onAdd: (pod) => this.addPod(pod),
      onUpdate: (old, cur) => this.updatePod(old, cur),
      onDelete: (pod) => this.deletePod(pod, true),
    });
  }

  /** Runs the Job workers and the orphan-pod worker until the context's signal aborts. */
  async run(): Promise<void> {
    const common = { signal: this.ctx.signal, clock: this.ctx.clock, log: this.ctx.log };
    await Promise.all([
      runController({
        name: 'job',
        queue: this.queue,
        workers: this.workers,
        reconcile: (k) => this.sync(k),
        ...common,
      }),
      runController({
        name: 'job_orphan_pod',
        queue: this.orphanQueue,
        workers: 1,
        reconcile: (k) => this.syncOrphanPod(k),
        ...common,
      }),
    ]);
  }

  private batched(job: Job): void {
    this.queue.addAfter(keyOf(job), syncJobBatchPeriodMs);
  }

  private resolve(namespace: string, pod: Pod): Job | undefined {
    const ref = controllerOf(pod);
    if (ref === undefined || ref.kind !== jobKind.kind) return undefined;
    const job = this.jobs.get(namespace, ref.name);
    return job?.metadata?.uid === ref.uid ? job : undefined;
  }

  private jobsSelecting(pod: Pod): Job[] {
    return this.jobs
      .namespace(pod.metadata?.namespace ?? '')
      .list()
      .filter((job) => {
        const selector = selectorFromLabelSelector(effectiveJob(job).spec?.selector);
        return !selector.isEmpty() && selector.matches(pod.metadata?.labels ?? {});
      });
  }

  private updateJob(old: Job, cur: Job): void {
    // A spec change is acted on at once; status-only updates are folded like pod events.
    if (old.metadata?.generation === cur.metadata?.generation) this.batched(cur);
    else this.queue.add(keyOf(cur));
    // Normally no finalizer survives a finished Job; this is the safety net.
    if (isJobFinished(cur)) this.cleanupPodFinalizers(cur);
    const ads = cur.spec?.activeDeadlineSeconds;
    const started = timeMs(cur.status?.startTime);
    if (started !== undefined && ads !== undefined && ads !== null && old.spec?.activeDeadlineSeconds !== ads)
      this.queue.addAfter(keyOf(cur), ads * 1000 - (this.ctx.clock.now() - started));
  }

  private addPod(pod: Pod): void {
    if (pod.metadata?.deletionTimestamp) return this.deletePod(pod, false);
    const ns = pod.metadata?.namespace ?? '';
    if (controllerOf(pod) !== undefined) {
      const job = this.resolve(ns, pod);
      if (job === undefined) return;
      this.deps.expectations.creationObserved(keyOf(job));
      return this.batched(job);
    }
    if (hasTrackingFinalizer(pod)) this.orphanQueue.add(keyOf(pod));
    for (const job of this.jobsSelecting(pod)) this.batched(job);
  }

  private updatePod(old: Pod, cur: Pod): void {
    if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
    // A graceful deletion shows up as an update; replacements need not wait for the pod to go.
    if (cur.metadata?.deletionTimestamp) return this.deletePod(cur, false);
    const ns = cur.metadata?.namespace ?? '';
    const finalizerRemoved = !hasTrackingFinalizer(cur);
    const curRef = controllerOf(cur);
    const oldRef = controllerOf(old);
    const refChanged = !deepEqual(curRef ?? null, oldRef ?? null);
    if (refChanged && oldRef !== undefined) {
      const oldJob = this.resolve(ns, old);
      if (oldJob !== undefined) {
        if (finalizerRemoved)
          this.deps.finalizerExpectations.observed(keyOf(oldJob), cur.metadata?.uid ?? '');
        this.batched(oldJob);
      }
    }
    if (curRef !== undefined) {
      const job = this.resolve(ns, cur);
      if (job === undefined) return;
      if (finalizerRemoved) this.deps.finalizerExpectations.observed(keyOf(job), cur.metadata?.uid ?? '');
      return this.batched(job);
    }
    if (hasTrackingFinalizer(cur)) this.orphanQueue.add(keyOf(cur));
    if (refChanged || !deepEqual(old.metadata?.labels ?? {}, cur.metadata?.labels ?? {}))
      for (const job of this.jobsSelecting(cur)) this.batched(job);
  }

  private deletePod(pod: Pod, final: boolean): void {
    const hasFinalizer = hasTrackingFinalizer(pod);
    if (controllerOf(pod) === undefined) {
      // Once the garbage collector dropped the owner reference, only the orphan queue cleans up.
      if (hasFinalizer) this.orphanQueue.add(keyOf(pod));
      return;
    }
    const job = this.resolve(pod.metadata?.namespace ?? '', pod);
    if (job === undefined || isJobFinished(job)) {
      if (hasFinalizer) this.orphanQueue.add(keyOf(pod));
      return;
    }
    const key = keyOf(job);
    this.deps.expectations.deletionObserved(key);
    if (final || !hasFinalizer) this.deps.finalizerExpectations.observed(key, pod.metadata?.uid ?? '');
    this.batched(job);
  }

  private cleanupPodFinalizers(job: Job): void {
    const selector = selectorFromLabelSelector(effectiveJob(job).spec?.selector);
    for (const pod of this.pods.namespace(job.metadata?.namespace ?? '').list(selector))
      if (controllerOf(pod)?.uid === job.metadata?.uid && hasTrackingFinalizer(pod))
        this.orphanQueue.add(keyOf(pod));
  }

  private async syncOrphanPod(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const pod = this.pods.get(namespace, name);
    if (pod === undefined) return;
    const ref = controllerOf(pod);
    if (ref !== undefined) {
      // Pods of other kinds of owners keep their finalizers.
      if (ref.kind !== jobKind.kind || ref.apiVersion !== jobKind.apiVersion) return;
      const job = this.resolve(namespace, pod);
      if (job !== undefined && managedByOtherController(job, jobControllerName)) return;
      if (job !== undefined && !isJobFinished(job)) return;
    }
    if (!hasTrackingFinalizer(pod)) return;
    try {
      await this.podClient.namespace(namespace).patch(name, 'strategic', removeTrackingFinalizerPatch);
    } catch (err) {
      if (!isStatusError(err, 'NotFound')) throw err;
    }
  }

  private async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const shared = this.jobs.get(namespace, name);
    if (shared === undefined) {
      this.deps.expectations.delete(key);
      this.deps.finalizerExpectations.delete(key);
      this.deps.backoff.remove(key);
      return;
    }
    // Jobs another controller manages (spec.managedBy) are left to it.
    if (managedByOtherController(shared, jobControllerName)) return;
    if (isJobFinished(shared)) {
      this.deps.backoff.remove(key);
      return;
    }
    const mode = shared.spec?.completionMode;
    if (mode !== undefined && mode !== 'NonIndexed' && mode !== 'Indexed') {
      this.recorder.event(
        objectReference(shared, jobKind),
        'Warning',
        'UnknownCompletionMode',
        'Skipped Job sync because completion mode is unknown',
      );
      return;
    }
    // Until the apiserver generates selectors, the controller uses the one it would generate.
    const job = structuredClone(effectiveJob(shared));
    // Expectations are read before the pods, so a pod created meanwhile defers this sync instead
    // of being missed.
    const satisfied = this.deps.expectations.satisfied(key);
    const pods = await this.podsForJob(job);
    await syncJob(this.deps, key, job, pods, satisfied);
  }

  // Claims the Job's pods; adopted pods get the tracking finalizer (on the server and in the copy).
  private async podsForJob(job: Job): Promise<Pod[]> {
    const ns = job.metadata?.namespace ?? '';
    const name = job.metadata?.name ?? '';
    const uid = job.metadata?.uid;
    const pods = await claimObjects(this.pods.namespace(ns).list(), {
      owner: job,
      ownerKind: jobKind,
      selector: selectorFromLabelSelector(job.spec?.selector),
      patch: (pod, patch) => this.podClient.namespace(ns).patch(pod.metadata?.name ?? '', 'strategic', patch),
      recheckOwner: async () => {
        const fresh = await this.jobClient.namespace(ns).get(name);
        if (fresh.metadata?.uid !== uid)
          throw new Error(
            `original Job ${ns}/${name} is gone: got uid ${fresh.metadata?.uid}, wanted ${uid}`,
          );
        if (fresh.metadata?.deletionTimestamp)
          throw new Error(`${ns}/${name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
      },
      adoptFinalizers: [jobTrackingFinalizer],
    });
    return pods.map((p) => {
      const adopted = !(p.metadata?.ownerReferences ?? []).some((r) => r.uid === uid);
      if (!adopted || hasTrackingFinalizer(p)) return p;
      return {
        ...p,
        metadata: { ...p.metadata, finalizers: [...(p.metadata?.finalizers ?? []), jobTrackingFinalizer] },
      };
    });
  }
}

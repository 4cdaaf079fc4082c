// The TTL-after-finished controller (upstream's ttlafterfinished.Controller): deletes finished Jobs
// once ttlSecondsAfterFinished has passed, re-reading the Job from the server first in case its TTL
// changed, and cascading to its pods.
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { ResourceClient } from '../../client/index.js';
import { RateLimitingQueue, runController, type ReconcileResult } from '../../controller-framework/index.js';
import { splitKey, type Lister } from '../../informers/index.js';
import { isStatusError } from '../../machinery/errors/index.js';
import type { ControllerContext } from '../controller-context.js';
import { keyOf } from '../shared/workload-owner-refs.js';
import { jobsResource } from '../shared/workload-resources.js';
import { needsCleanup, timeLeft } from './ttl.js';

/** What a TtlAfterFinishedController is created with. */
export interface TtlAfterFinishedControllerOptions {
  readonly ctx: ControllerContext;
  readonly workers: number;
}

/** Deletes finished Jobs whose TTL expired. */
export class TtlAfterFinishedController {
  private readonly ctx: ControllerContext;
  private readonly workers: number;
  private readonly queue: RateLimitingQueue<string>;
  private readonly jobs: Lister<Job>;
  private readonly jobClient: ResourceClient<Job>;

  constructor(options: TtlAfterFinishedControllerOptions) {
    const { ctx } = options;
    this.ctx = ctx;
    this.workers = options.workers;
    this.queue = new RateLimitingQueue<string>({ name: 'ttl_jobs_to_delete', clock: ctx.clock });
    const informer = ctx.informers.informerFor<Job>(jobsResource);
    this.jobs = informer.lister;
    this.jobClient = ctx.client.resource<Job>(jobsResource);
    const consider = (job: Job) => {
      if (!job.metadata?.deletionTimestamp && needsCleanup(job)) this.queue.add(keyOf(job));
    };
    informer.addEventHandler({ onAdd: consider, onUpdate: (_old, cur) => consider(cur) });
  }

  /** Runs the workers until the context's signal aborts. */
  run(): Promise<void> {
    return runController({
      name: 'ttl-after-finished',
      queue: this.queue,
      workers: this.workers,
      reconcile: (key) => this.processJob(key),
      signal: this.ctx.signal,
      clock: this.ctx.clock,
      log: this.ctx.log,
    });
  }

  // Undefined when expired; otherwise how long to wait (nothing to do at all gives 0).
  private remaining(job: Job): number | undefined {
    if (job.metadata?.deletionTimestamp || !needsCleanup(job)) return 0;
    const { remainingMs } = timeLeft(job, this.ctx.clock.now());
    return remainingMs <= 0 ? undefined : remainingMs;
  }

  private async processJob(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitKey(key);
    const cached = this.jobs.get(namespace, name);
    if (cached === undefined) return;
    const wait = this.remaining(cached);
    if (wait !== undefined) return wait > 0 ? { requeueAfter: wait } : undefined;
    // The cached TTL may be stale: decide on the server's copy.
    let fresh: Job;
    try {
      fresh = await this.jobClient.namespace(namespace).get(name);
    } catch (err) {
      if (isStatusError(err, 'NotFound')) return;
      throw err;
    }
    const freshWait = this.remaining(fresh);
    if (freshWait !== undefined) return freshWait > 0 ? { requeueAfter: freshWait } : undefined;
    this.ctx.log.debug('Cleaning up Job', { job: key });
    // Foreground, as upstream: the Job stays (terminating) until the garbage collector removed its pods.
    await this.jobClient.namespace(namespace).delete(name, {
      propagationPolicy: 'Foreground',
      preconditions: { uid: fresh.metadata?.uid ?? '' },
    });
  }
}

// The CronJob controller (upstream's ControllerV2): each CronJob is requeued for its next scheduled
// time; a sync reconciles the active list with the Jobs it owns, prunes finished Jobs beyond the
// history limits, and starts the Job for the most recent unmet schedule under the concurrency
// policy and starting deadline.
import type { CronJob, Job } from 'kubernetes-types/batch/v1.js';
import type { ObjectReference } from 'kubernetes-types/core/v1.js';
import { formatRfc3339 } from '../../base/rfc3339.js';
import { isKnownTimeZone } from '../../api/validation/cron-schedule.js';
import type { ResourceClient } from '../../client/index.js';
import {
  RateLimitingQueue,
  runController,
  type EventRecorder,
  type ReconcileResult,
} from '../../controller-framework/index.js';
import { splitKey, type Lister } from '../../informers/index.js';
import { isStatusError } from '../../machinery/errors/index.js';
import type { ControllerContext } from '../controller-context.js';
import { isNamespaceTerminatingError } from '../shared/namespace-terminating.js';
import { controllerOf, isControlledBy, keyOf, objectReference } from '../shared/workload-owner-refs.js';
import { timeMs } from '../shared/workload-pod-state.js';
import { cronJobsResource, jobsResource } from '../shared/workload-resources.js';
import { finishedCondition, isJobFinished } from '../job/job-conditions.js';
import { CronScheduleError, parseCronSchedule, type CronSchedule } from './cron-schedule.js';
import { cronJobKind, jobFromTemplate, jobNameFor } from './job-from-template.js';
import { mostRecentScheduleTime, nextScheduleTimeDuration } from './schedule-times.js';
import { formatRfc1123zUtc } from './zoned-time.js';

/** What a CronJobController is created with. */
export interface CronJobControllerOptions {
  readonly ctx: ControllerContext;
  readonly workers: number;
}

const jobKind = { apiVersion: 'batch/v1', kind: 'Job' } as const;

/** The schedule as robfig parses it: spec.timeZone becomes a TZ= prefix (upstream's formatSchedule). */
export function formatSchedule(cj: CronJob, onUnsupported?: (schedule: string) => void): string {
  const schedule = cj.spec?.schedule ?? '';
  if (schedule.includes('TZ')) {
    onUnsupported?.(schedule);
    return schedule;
  }
  const zone = cj.spec?.timeZone;
  if (zone !== undefined && zone !== null) return isKnownTimeZone(zone) ? `TZ=${zone} ${schedule}` : schedule;
  return schedule;
}

/** Starts Jobs on schedule. */
export class CronJobController {
  private readonly ctx: ControllerContext;
  private readonly workers: number;
  private readonly queue: RateLimitingQueue<string>;
  private readonly cronJobs: Lister<CronJob>;
  private readonly jobs: Lister<Job>;
  private readonly cronJobClient: ResourceClient<CronJob>;
  private readonly jobClient: ResourceClient<Job>;
  private readonly recorder: EventRecorder;

  constructor(options: CronJobControllerOptions) {
    const { ctx } = options;
    this.ctx = ctx;
    this.workers = options.workers;
    this.queue = new RateLimitingQueue<string>({ name: 'cronjob', clock: ctx.clock });
    const cronJobInformer = ctx.informers.informerFor<CronJob>(cronJobsResource);
    const jobInformer = ctx.informers.informerFor<Job>(jobsResource);
    this.cronJobs = cronJobInformer.lister;
    this.jobs = jobInformer.lister;
    this.cronJobClient = ctx.client.resource<CronJob>(cronJobsResource);
    this.jobClient = ctx.client.resource<Job>(jobsResource);
    this.recorder = ctx.recorder('cronjob-controller');
    cronJobInformer.addEventHandler({
      onAdd: (cj) => this.queue.add(keyOf(cj)),
      onUpdate: (old, cur) => this.updateCronJob(old, cur),
      onDelete: (cj) => this.queue.add(keyOf(cj)),
    });
    jobInformer.addEventHandler({
      onAdd: (job) => this.jobChanged(job),
      onUpdate: (old, cur) => {
        if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
        const oldOwner = this.resolve(old);
        if (oldOwner !== undefined && controllerOf(old)?.uid !== controllerOf(cur)?.uid)
          this.queue.add(keyOf(oldOwner));
        this.jobChanged(cur);
      },
      onDelete: (job) => this.jobChanged(job),
    });
  }

  /** Runs the workers until the context's signal aborts. */
  run(): Promise<void> {
    return runController({
      name: 'cronjob',
      queue: this.queue,
      workers: this.workers,
      reconcile: (key) => this.sync(key),
      signal: this.ctx.signal,
      clock: this.ctx.clock,
      log: this.ctx.log,
    });
  }

  private resolve(job: Job): CronJob | undefined {
    const ref = controllerOf(job);
    if (ref === undefined || ref.kind !== cronJobKind.kind) return undefined;
    const cj = this.cronJobs.get(job.metadata?.namespace ?? '', ref.name);
    return cj?.metadata?.uid === ref.uid ? cj : undefined;
  }

  private jobChanged(job: Job): void {
    const cj = this.resolve(job);
    if (cj !== undefined) this.queue.add(keyOf(cj));
  }

  private updateCronJob(old: CronJob, cur: CronJob): void {
    // A new schedule moves the next wake-up; any other change is looked at now.
    if (old.spec?.schedule !== cur.spec?.schedule || old.spec?.timeZone !== cur.spec?.timeZone) {
      let schedule: CronSchedule;
      try {
        schedule = parseCronSchedule(formatSchedule(cur));
      } catch (err) {
        this.recorder.event(
          objectReference(cur, cronJobKind),
          'Warning',
          'UnParseableCronJobSchedule',
          'unparseable schedule for cronjob: %s',
          cur.spec?.schedule,
        );
        this.ctx.log.debug('unparseable schedule', { cronjob: keyOf(cur), err });
        return;
      }
      this.queue.addAfter(keyOf(cur), nextScheduleTimeDuration(cur, this.ctx.clock.now(), schedule));
      return;
    }
    this.queue.add(keyOf(cur));
  }

  private async sync(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitKey(key);
    const shared = this.cronJobs.get(namespace, name);
    if (shared === undefined) return;
    // Jobs whose labels no longer match still belong to it through their controller reference.
    const jobs = this.jobs
      .namespace(namespace)
      .list()
      .filter((j) => {
        const ref = controllerOf(j);
        return ref !== undefined && ref.name === name;
      });
    const cj = structuredClone(shared) as CronJob & { status: NonNullable<CronJob['status']> };
    cj.status ??= {};
    this.ctx.log.debug('Syncing CronJob', {
      cronjob: key,
      active: (cj.status.active ?? []).map((r) => r.name),
      jobs: jobs.map((j) => `${j.metadata?.name}:${finishedCondition(j)?.type ?? 'active'}`),
    });
    const cleaned = await this.cleanupFinishedJobs(cj, jobs);
    const r = await this.syncCronJob(cj, jobs);
    // One status write carries the cleanup's and the sync's changes, even when the sync failed.
    if (cleaned || r.changed) {
      // An empty active list is omitted on the wire, as Go's omitempty does.
      if (cj.status.active?.length === 0) delete cj.status.active;
      try {
        await this.cronJobClient.namespace(namespace).updateStatus(cj);
      } catch (err) {
        // Retried as upstream does, conflicts included: a Job created by this sync but missing from
        // the active list must be adopted (through AlreadyExists) before its schedule time passes,
        // or Replace and Forbid would no longer see it.
        this.ctx.log.debug('status update failed', { cronjob: key, err });
        throw err;
      }
    }
    if (r.requeueAfter !== undefined) return { requeueAfter: Math.max(1, r.requeueAfter) };
    if (r.error !== undefined) throw r.error;
  }

  private event(
    cj: CronJob,
    type: 'Normal' | 'Warning',
    reason: string,
    fmt: string,
    ...args: unknown[]
  ): void {
    this.recorder.event(objectReference(cj, cronJobKind), type, reason, fmt, ...args);
  }

  // Reconciles the active list, then starts a Job if one is due. Mutates cj.status.
  private async syncCronJob(
    cj: CronJob & { status: NonNullable<CronJob['status']> },
    jobs: readonly Job[],
  ): Promise<{ requeueAfter?: number; changed: boolean; error?: unknown }> {
    const now = this.ctx.clock.now();
    let changed = false;
    const fail = (error: unknown) => ({ changed, error });
    const children = new Set<string>();
    for (const job of jobs) {
      const uid = job.metadata?.uid ?? '';
      children.add(uid);
      const found = (cj.status.active ?? []).some((r) => r.uid === uid);
      if (!found && !isJobFinished(job)) {
        let fresh: CronJob;
        try {
          fresh = await this.cronJobClient
            .namespace(cj.metadata?.namespace ?? '')
            .get(cj.metadata?.name ?? '');
        } catch (err) {
          return fail(err);
        }
        if ((fresh.status?.active ?? []).some((r) => r.uid === uid)) {
          // Carry on with the server's copy, resourceVersion included, so this sync's status
          // write is not refused as stale.
          cj.metadata = fresh.metadata;
          cj.spec = fresh.spec;
          cj.status = { ...fresh.status };
          continue;
        }
        // Created just before a crash, or a Job someone made for it to adopt.
        this.event(
          cj,
          'Warning',
          'UnexpectedJob',
          'Saw a job that the controller did not create or forgot: %s',
          job.metadata?.name,
        );
      } else if (isJobFinished(job)) {
        if (found) {
          cj.status.active = (cj.status.active ?? []).filter((r) => r.uid !== uid);
          this.event(
            cj,
            'Normal',
            'SawCompletedJob',
            'Saw completed job: %s, condition: %v',
            job.metadata?.name,
            finishedCondition(job)?.type,
          );
          changed = true;
        }
        const completed =
          finishedCondition(job)?.type === 'Complete' ? job.status?.completionTime : undefined;
        if (completed !== undefined) {
          const last = timeMs(cj.status.lastSuccessfulTime);
          const at = timeMs(completed);
          // A Job need not be in the active list for its completion to count.
          if (last === undefined || (at !== undefined && at > last)) {
            cj.status.lastSuccessfulTime = completed;
            changed = true;
          }
        }
      }
    }
    // Drop references to Jobs that are gone, so a lost Job never blocks the schedule.
    for (const ref of [...(cj.status.active ?? [])]) {
      if (children.has(ref.uid ?? '')) continue;
      try {
        await this.jobClient.namespace(ref.namespace ?? '').get(ref.name ?? '');
      } catch (err) {
        if (!isStatusError(err, 'NotFound')) return fail(err);
        this.event(cj, 'Normal', 'MissingJob', 'Active job went missing: %v', ref.name);
        cj.status.active = (cj.status.active ?? []).filter((r) => r.uid !== ref.uid);
        changed = true;
      }
    }
    if (cj.metadata?.deletionTimestamp) return { changed };
    const zone = cj.spec?.timeZone;
    if (zone !== undefined && zone !== null && !isKnownTimeZone(zone)) {
      this.event(
        cj,
        'Warning',
        'UnknownTimeZone',
        'invalid timeZone: %q: %s',
        zone,
        `unknown time zone ${zone}`,
      );
      return { changed };
    }
    if (cj.spec?.suspend === true) return { changed };
    let schedule: CronSchedule;
    try {
      schedule = parseCronSchedule(
        formatSchedule(cj, (s) =>
          this.event(
            cj,
            'Warning',
            'UnsupportedSchedule',
            'CRON_TZ or TZ used in schedule %q is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details',
            s,
          ),
        ),
      );
    } catch (err) {
      const message = err instanceof CronScheduleError ? err.message : String(err);
      this.event(
        cj,
        'Warning',
        'UnparseableSchedule',
        'unparseable schedule: %q : %s',
        cj.spec?.schedule,
        message,
      );
      return { changed };
    }
    let scheduled: number | undefined;
    try {
      const recent = mostRecentScheduleTime(cj, now, schedule, true);
      if (recent.mostRecent !== undefined && recent.mostRecent <= now) {
        scheduled = recent.mostRecent;
        if (recent.missed === 'many')
          this.event(
            cj,
            'Warning',
            'TooManyMissedTimes',
            'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew',
          );
      }
    } catch (err) {
      this.event(
        cj,
        'Warning',
        'InvalidSchedule',
        'invalid schedule: %s : %s',
        cj.spec?.schedule,
        (err as Error).message,
      );
      return { changed };
    }
    const requeue = () => ({ requeueAfter: nextScheduleTimeDuration(cj, now, schedule), changed });
    // Normally the queue wakes us exactly at a scheduled time; nothing is due after a restart.
    if (scheduled === undefined) return requeue();
    const deadline = cj.spec?.startingDeadlineSeconds;
    if (deadline !== undefined && deadline !== null && scheduled + deadline * 1000 < now) {
      this.event(
        cj,
        'Warning',
        'MissSchedule',
        'Missed scheduled time to start a job: %s',
        formatRfc1123zUtc(scheduled),
      );
      return requeue();
    }
    const jobName = jobNameFor(cj, scheduled);
    const alreadyProcessed =
      (cj.status.active ?? []).some((r) => r.name === jobName && r.namespace === cj.metadata?.namespace) ||
      timeMs(cj.status.lastScheduleTime) === scheduled;
    if (alreadyProcessed) return requeue();
    if (cj.spec?.concurrencyPolicy === 'Forbid' && (cj.status.active ?? []).length > 0) {
      // The active list may lag behind, so Forbid can still overlap when runs are very close.
      this.event(
        cj,
        'Normal',
        'JobAlreadyActive',
        'Not starting job because prior execution is running and concurrency policy is Forbid',
      );
      return requeue();
    }
    if (cj.spec?.concurrencyPolicy === 'Replace') {
      for (const ref of [...(cj.status.active ?? [])]) {
        let job: Job;
        try {
          job = await this.jobClient.namespace(ref.namespace ?? '').get(ref.name ?? '');
        } catch (err) {
          this.event(cj, 'Warning', 'FailedGet', 'Get job: %v', (err as Error).message);
          return fail(err);
        }
        if (!(await this.deleteJob(cj, job)))
          return fail(new Error(`could not replace job ${job.metadata?.namespace}/${job.metadata?.name}`));
        changed = true;
      }
    }
    const request = jobFromTemplate(cj, scheduled);
    let created: Job;
    try {
      created = await this.jobClient.namespace(cj.metadata?.namespace ?? '').create(request);
      this.event(cj, 'Normal', 'SuccessfulCreate', 'Created job %v', created.metadata?.name);
    } catch (err) {
      if (isNamespaceTerminatingError(err)) return fail(err);
      if (!isStatusError(err, 'AlreadyExists')) {
        this.event(cj, 'Warning', 'FailedCreate', 'Error creating job: %v', (err as Error).message);
        return fail(err);
      }
      // Created before, but the active list was never updated — unless someone else made it.
      try {
        created = await this.jobClient.namespace(cj.metadata?.namespace ?? '').get(jobName);
      } catch (getErr) {
        return fail(getErr);
      }
      if (!isControlledBy(created, cj)) return { changed };
      if ((cj.status.active ?? []).some((r) => r.uid === created.metadata?.uid)) return { changed };
    }
    const ref: ObjectReference = objectReference(created, jobKind);
    cj.status.active = [...(cj.status.active ?? []), ref];
    cj.status.lastScheduleTime = formatRfc3339(scheduled);
    changed = true;
    return requeue();
  }

  private async cleanupFinishedJobs(
    cj: CronJob & { status: NonNullable<CronJob['status']> },
    jobs: readonly Job[],
  ): Promise<boolean> {
    const successLimit = cj.spec?.successfulJobsHistoryLimit;
    const failedLimit = cj.spec?.failedJobsHistoryLimit;
    if (
      (successLimit === undefined || successLimit === null) &&
      (failedLimit === undefined || failedLimit === null)
    )
      return false;
    const succeeded = jobs.filter((j) => finishedCondition(j)?.type === 'Complete');
    const failed = jobs.filter((j) => finishedCondition(j)?.type === 'Failed');
    let changed = false;
    if (
      successLimit !== undefined &&
      successLimit !== null &&
      (await this.removeOldestJobs(cj, succeeded, successLimit))
    )
      changed = true;
    if (
      failedLimit !== undefined &&
      failedLimit !== null &&
      (await this.removeOldestJobs(cj, failed, failedLimit))
    )
      changed = true;
    return changed;
  }

  private async removeOldestJobs(
    cj: CronJob & { status: NonNullable<CronJob['status']> },
    jobs: readonly Job[],
    max: number,
  ): Promise<boolean> {
    const excess = jobs.length - max;
    if (excess <= 0) return false;
    let changed = false;
    for (const job of [...jobs].sort(byStartTime).slice(0, excess))
      if (await this.deleteJob(cj, job)) changed = true;
    return changed;
  }

  // Deletes a Job (background propagation by default) and its active-list entry.
  private async deleteJob(
    cj: CronJob & { status: NonNullable<CronJob['status']> },
    job: Job,
  ): Promise<boolean> {
    try {
      await this.jobClient
        .namespace(job.metadata?.namespace ?? '')
        .delete(job.metadata?.name ?? '', { propagationPolicy: 'Background' });
    } catch (err) {
      this.event(cj, 'Warning', 'FailedDelete', 'Deleted job: %v', (err as Error).message);
      return false;
    }
    cj.status.active = (cj.status.active ?? []).filter((r) => r.uid !== job.metadata?.uid);
    this.event(cj, 'Normal', 'SuccessfulDelete', 'Deleted job %v', job.metadata?.name);
    return true;
  }
}

/** Started Jobs first, oldest first, then by name (upstream's byJobStartTime). */
export function byStartTime(a: Job, b: Job): number {
  const sa = timeMs(a.status?.startTime);
  const sb = timeMs(b.status?.startTime);
  if (sa === undefined && sb !== undefined) return 1;
  if (sa !== undefined && sb === undefined) return -1;
  if (sa !== sb) return (sa ?? 0) - (sb ?? 0);
  const na = a.metadata?.name ?? '';
  const nb = b.metadata?.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

import type { CronJob, Job } from 'kubernetes-types/batch/v1.js';
import {
  ageColumn,
  ageOf,
  column,
  containersColumn,
  imagesColumn,
  nameColumn,
  nameOf,
  printer,
} from './columns.js';
import { humanDuration, parseTimestamp, translateTimestampSince } from './duration.js';
import { fieldDocs } from './field-docs.js';
import { boolPtr, containerCells, formatLabelSelector } from './format.js';

function hasCondition(job: Job, type: string): boolean {
  // Upstream looks only at the first condition of the type.
  return job.status?.conditions?.find((c) => c.type === type)?.status === 'True';
}

/** The Job Status cell: Complete, Failed, Terminating, Suspended, FailureTarget or Running, first match wins. */
export function jobStatus(job: Job): string {
  if (hasCondition(job, 'Complete')) return 'Complete';
  if (hasCondition(job, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (hasCondition(job, 'Suspended')) return 'Suspended';
  if (hasCondition(job, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

/** The Completions cell: "succeeded/completions", or "n/1 of p" for a work queue with parallelism p > 1. */
export function jobCompletions(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  if (job.spec?.completions != null) return `${succeeded}/${job.spec.completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** The Duration cell: start to completion, or start to now while running; "" before the job starts. */
export function jobDuration(job: Job, now: Date): string {
  const start = parseTimestamp(job.status?.startTime);
  if (start === undefined) return '';
  const end = parseTimestamp(job.status?.completionTime) ?? now.getTime();
  return humanDuration(end - start);
}

/** batch/v1 Job: Name, Status, Completions, Duration, Age; wide Containers, Images, Selector. */
export const jobPrinter = printer<Job>(
  [
    nameColumn,
    column('Status', 'string', 'Status of the job.'),
    column('Completions', 'string', fieldDocs['batch/v1.JobStatus.succeeded']),
    column('Duration', 'string', 'Time required to complete the job.'),
    ageColumn,
    containersColumn,
    imagesColumn,
    column('Selector', 'string', fieldDocs['batch/v1.JobSpec.selector'], { wide: true }),
  ],
  (job, now) => [
    nameOf(job),
    jobStatus(job),
    jobCompletions(job),
    jobDuration(job, now),
    ageOf(job, now),
    ...containerCells(job.spec?.template?.spec?.containers),
    formatLabelSelector(job.spec?.selector),
  ],
);

/** batch/v1 CronJob: Name, Schedule, Timezone, Suspend, Active, Last Schedule, Age; wide Containers, Images, Selector. */
export const cronJobPrinter = printer<CronJob>(
  [
    nameColumn,
    column('Schedule', 'string', fieldDocs['batch/v1beta1.CronJobSpec.schedule']),
    column('Timezone', 'string', fieldDocs['batch/v1beta1.CronJobSpec.timeZone']),
    column('Suspend', 'boolean', fieldDocs['batch/v1beta1.CronJobSpec.suspend']),
    column('Active', 'integer', fieldDocs['batch/v1beta1.CronJobStatus.active']),
    column('Last Schedule', 'string', fieldDocs['batch/v1beta1.CronJobStatus.lastScheduleTime']),
    ageColumn,
    containersColumn,
    imagesColumn,
    column('Selector', 'string', fieldDocs['batch/v1.JobSpec.selector'], { wide: true }),
  ],
  (cj, now) => {
    const jobSpec = cj.spec?.jobTemplate?.spec;
    const last = cj.status?.lastScheduleTime;
    return [
      nameOf(cj),
      cj.spec?.schedule ?? '',
      cj.spec?.timeZone ?? '<none>',
      // A boolean column, but upstream fills it with the text "True"/"False".
      boolPtr(cj.spec?.suspend),
      (cj.status?.active ?? []).length,
      last ? translateTimestampSince(last, now) : '<none>',
      ageOf(cj, now),
      ...containerCells(jobSpec?.template?.spec?.containers),
      formatLabelSelector(jobSpec?.selector),
    ];
  },
);

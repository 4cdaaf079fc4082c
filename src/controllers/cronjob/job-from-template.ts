// The Job a CronJob starts for one scheduled time (upstream's getJobFromTemplate2): named
// `<cronjob>-<minutes since the epoch>` so a retry never starts it twice, with the template's
// labels and annotations plus the scheduled-time annotation.
import type { CronJob, Job } from 'kubernetes-types/batch/v1.js';
import { controllerRef } from '../shared/workload-owner-refs.js';
import { formatRfc3339InZone } from './zoned-time.js';

/** The CronJob kind as controller references and events name it. */
export const cronJobKind = { apiVersion: 'batch/v1', kind: 'CronJob' } as const;

/** The annotation with the time a Job was scheduled for (CronJobsScheduledAnnotation, on in 1.32). */
export const scheduledTimestampAnnotation = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

/** `<cronjob>-<scheduled time in minutes since the epoch>`. */
export function jobNameFor(cj: CronJob, scheduledMs: number): string {
  return `${cj.metadata?.name ?? ''}-${Math.floor(scheduledMs / 60_000)}`;
}

/** The Job to create; the annotation renders the time in spec.timeZone (UTC without one). */
export function jobFromTemplate(cj: CronJob, scheduledMs: number): Job {
  const template = cj.spec?.jobTemplate;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobNameFor(cj, scheduledMs),
      namespace: cj.metadata?.namespace ?? '',
      labels: { ...template?.metadata?.labels },
      annotations: {
        ...template?.metadata?.annotations,
        [scheduledTimestampAnnotation]: formatRfc3339InZone(scheduledMs, cj.spec?.timeZone ?? 'UTC'),
      },
      ownerReferences: [controllerRef(cj, cronJobKind)],
    },
    spec: structuredClone(template?.spec ?? { template: {} }),
  };
}

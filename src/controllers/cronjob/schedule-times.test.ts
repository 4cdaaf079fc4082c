import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CronJob } from 'kubernetes-types/batch/v1.js';
import { parseCronSchedule } from './cron-schedule.js';
import { jobFromTemplate, jobNameFor } from './job-from-template.js';
import { InvalidScheduleError, mostRecentScheduleTime, nextScheduleTimeDuration } from './schedule-times.js';

const at = (iso: string) => Date.parse(iso);
const everyMinute = parseCronSchedule('*/1 * * * *', 'UTC');

function cronJob(created: string, last?: string, startingDeadlineSeconds?: number): CronJob {
  return {
    metadata: { name: 'tick', namespace: 'ns', uid: 'u', creationTimestamp: created },
    spec: {
      schedule: '*/1 * * * *',
      ...(startingDeadlineSeconds !== undefined ? { startingDeadlineSeconds } : {}),
      jobTemplate: { metadata: { labels: { a: 'b' }, annotations: { x: 'y' } }, spec: { template: {} } },
    },
    ...(last !== undefined ? { status: { lastScheduleTime: last } } : {}),
  };
}

describe('mostRecentScheduleTime', () => {
  it('finds nothing before the first activation', () => {
    const r = mostRecentScheduleTime(
      cronJob('2026-01-01T10:00:30Z'),
      at('2026-01-01T10:00:50Z'),
      everyMinute,
      true,
    );
    assert.deepEqual(r, { earliest: at('2026-01-01T10:00:30Z'), mostRecent: undefined, missed: 'none' });
  });

  it('finds the one due activation', () => {
    const r = mostRecentScheduleTime(
      cronJob('2026-01-01T10:00:30Z'),
      at('2026-01-01T10:01:05Z'),
      everyMinute,
      true,
    );
    assert.equal(r.mostRecent, at('2026-01-01T10:01:00Z'));
    assert.equal(r.missed, 'none');
  });

  it('reports a few missed activations and returns the latest', () => {
    const r = mostRecentScheduleTime(
      cronJob('2026-01-01T09:00:00Z', '2026-01-01T10:00:00Z'),
      at('2026-01-01T10:05:30Z'),
      everyMinute,
      true,
    );
    assert.deepEqual([r.mostRecent, r.missed], [at('2026-01-01T10:05:00Z'), 'few']);
  });

  it('reports many (> 100) missed activations', () => {
    const r = mostRecentScheduleTime(
      cronJob('2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
      at('2026-01-01T03:20:10Z'),
      everyMinute,
      true,
    );
    assert.deepEqual([r.mostRecent, r.missed], [at('2026-01-01T03:20:00Z'), 'many']);
  });

  it('ignores activations older than startingDeadlineSeconds', () => {
    const cj = cronJob('2026-01-01T09:00:00Z', '2026-01-01T10:00:00Z', 20);
    assert.equal(
      mostRecentScheduleTime(cj, at('2026-01-01T10:05:30Z'), everyMinute, true).mostRecent,
      undefined,
    );
    assert.equal(
      mostRecentScheduleTime(cj, at('2026-01-01T10:05:10Z'), everyMinute, true).mostRecent,
      at('2026-01-01T10:05:00Z'),
    );
  });

  it('rejects schedules that never fire', () => {
    assert.throws(
      () =>
        mostRecentScheduleTime(
          cronJob('2026-01-01T00:00:00Z'),
          at('2026-06-01T00:00:00Z'),
          parseCronSchedule('0 0 30 2 *', 'UTC'),
          true,
        ),
      InvalidScheduleError,
    );
  });

  it('requeues at the next activation plus 100 ms', () => {
    assert.equal(
      nextScheduleTimeDuration(
        cronJob('2026-01-01T09:00:00Z', '2026-01-01T10:00:00Z'),
        at('2026-01-01T10:00:30Z'),
        everyMinute,
      ),
      30_100,
    );
    // Missed activations: the next slot from now.
    assert.equal(
      nextScheduleTimeDuration(
        cronJob('2026-01-01T09:00:00Z', '2026-01-01T10:00:00Z'),
        at('2026-01-01T10:05:30Z'),
        everyMinute,
      ),
      30_100,
    );
  });
});

describe('jobs of a CronJob', () => {
  it('are named by the scheduled minute and stamped with the scheduled time', () => {
    const scheduled = at('2026-01-01T00:00:00Z');
    assert.equal(jobNameFor(cronJob('2026-01-01T00:00:00Z'), scheduled), `tick-${scheduled / 60_000}`);
    const job = jobFromTemplate(
      { ...cronJob('2026-01-01T00:00:00Z'), spec: { ...cronJob('x').spec!, timeZone: 'Asia/Tokyo' } },
      scheduled,
    );
    assert.deepEqual(job.metadata?.labels, { a: 'b' });
    assert.deepEqual(job.metadata?.annotations, {
      x: 'y',
      'batch.kubernetes.io/cronjob-scheduled-timestamp': '2026-01-01T09:00:00+09:00',
    });
    assert.equal(job.metadata?.ownerReferences?.[0]?.kind, 'CronJob');
    assert.equal(
      jobFromTemplate(cronJob('x'), scheduled).metadata?.annotations?.[
        'batch.kubernetes.io/cronjob-scheduled-timestamp'
      ],
      '2026-01-01T00:00:00Z',
    );
  });
});

// The CronJob controller against a real apiserver on a fake clock: Jobs start on schedule with
// deterministic names and the scheduled-time annotation, finished Jobs leave the active list,
// concurrency policies, history limits, missed schedules, startingDeadlineSeconds and timeZone.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CronJob, Job } from 'kubernetes-types/batch/v1.js';
import { FakeClock } from '../../base/clock.js';
import { formatRfc3339 } from '../../base/rfc3339.js';
import { cronJobsResource, jobsResource } from '../shared/workload-resources.js';
import { WorkloadTestCluster } from '../shared/workload-test-cluster.js';
import { cronJobControllerDescriptor } from './index.js';

function cronJob(name: string, spec: Partial<CronJob['spec']> = {}): CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name },
    spec: {
      schedule: '*/1 * * * *',
      jobTemplate: {
        metadata: { labels: { cron: name } },
        spec: {
          template: { spec: { restartPolicy: 'Never', containers: [{ name: 'tick', image: 'busybox' }] } },
        },
      },
      ...spec,
    } as CronJob['spec'],
  };
}

describe('cronjob controller', () => {
  let cluster: WorkloadTestCluster;
  const cronJobs = () => cluster.resource<CronJob>(cronJobsResource);
  const jobs = () => cluster.resource<Job>(jobsResource);

  before(async () => {
    // The apiserver stamps creation times with real time: the fake clock starts there.
    cluster = await WorkloadTestCluster.start([cronJobControllerDescriptor], new FakeClock(Date.now()));
  });
  after(async () => {
    await cluster?.close();
  });

  const jobsOf = async (name: string) =>
    (await jobs().list({ labelSelector: `cron=${name}` })).items.sort((a, b) =>
      (a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1,
    );

  // Moves the fake clock to just after the next full minute (past the real time creation
  // timestamps are stamped with, too).
  async function nextMinute(): Promise<number> {
    const now = cluster.clock.now();
    const next = Math.floor(Math.max(now, Date.now()) / 60_000) * 60_000 + 60_000;
    await cluster.clock.advance(next - now + 200);
    return next;
  }

  async function finish(job: Job, type: 'Complete' | 'Failed'): Promise<void> {
    const at = formatRfc3339(cluster.clock.now());
    const conditions =
      type === 'Complete'
        ? [
            {
              type: 'SuccessCriteriaMet',
              status: 'True',
              reason: 'CompletionsReached',
              lastTransitionTime: at,
            },
            { type: 'Complete', status: 'True', reason: 'CompletionsReached', lastTransitionTime: at },
          ]
        : [
            { type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', lastTransitionTime: at },
            { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', lastTransitionTime: at },
          ];
    const r = await jobs().updateStatus({
      ...job,
      status: {
        startTime: at,
        ...(type === 'Complete' ? { completionTime: at, succeeded: 1 } : { failed: 1 }),
        conditions,
      },
    });
    assert.equal(r.status?.conditions?.length, 2);
  }

  it('starts a Job per scheduled time and records it as active, then as finished', async () => {
    await cronJobs().create(cronJob('tick'));
    const scheduled = await nextMinute();
    const [job] = await cluster.until(async () => {
      const j = await jobsOf('tick');
      assert.equal(j.length, 1);
      return j;
    });
    assert.equal(job!.metadata?.name, `tick-${scheduled / 60_000}`);
    assert.equal(
      job!.metadata?.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'],
      new Date(scheduled).toISOString().replace('.000Z', 'Z'),
    );
    assert.deepEqual(
      job!.metadata?.ownerReferences?.map((r) => `${r.kind}/${r.name}/${r.controller}`),
      ['CronJob/tick/true'],
    );
    const cj = await cluster.until(async () => {
      const c = await cronJobs().get('tick');
      assert.equal(c.status?.active?.length, 1);
      return c;
    });
    assert.equal(cj.status?.active?.[0]?.name, job!.metadata?.name);
    assert.equal(cj.status?.lastScheduleTime, formatRfc3339(scheduled));
    await finish(job!, 'Complete');
    const done = await cluster.until(async () => {
      const c = await cronJobs().get('tick');
      assert.equal(c.status?.active, undefined);
      return c;
    });
    assert.ok(done.status?.lastSuccessfulTime);
    const events = await cluster.events('tick');
    assert.ok(events.includes(`SuccessfulCreate: Created job ${job!.metadata?.name}`), events.join('\n'));
    assert.ok(
      events.includes(`SawCompletedJob: Saw completed job: ${job!.metadata?.name}, condition: Complete`),
      events.join('\n'),
    );
    await cronJobs().delete('tick');
  });

  it('Forbid skips a run while one is active; Replace deletes the active one', async () => {
    await cronJobs().create(cronJob('forbid', { concurrencyPolicy: 'Forbid' }));
    await cronJobs().create(cronJob('replace', { concurrencyPolicy: 'Replace' }));
    await nextMinute();
    // The active Replace job as the CronJob's status names it, read in the same check that sees it
    // exist. The fake clock runs ahead of the real creation time, so a catch-up run may start on
    // creation and be replaced at the next minute: a later read can fall between that delete and
    // the new job's create.
    let firstReplace = '';
    await cluster.until(async () => {
      assert.equal((await jobsOf('forbid')).length, 1);
      assert.equal((await jobsOf('replace')).length, 1);
      assert.equal((await cronJobs().get('forbid')).status?.active?.length, 1);
      const active = (await cronJobs().get('replace')).status?.active ?? [];
      assert.equal(active.length, 1);
      firstReplace = active[0]?.name ?? '';
      assert.ok((await jobsOf('replace')).some((j) => j.metadata?.name === firstReplace));
    });
    await nextMinute();
    await cluster.until(async () => {
      const events = await cluster.events('forbid');
      assert.ok(
        events.includes(
          'JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid',
        ),
        events.join('\n'),
      );
      const names = (await jobsOf('replace'))
        .filter((j) => !j.metadata?.deletionTimestamp)
        .map((j) => j.metadata?.name);
      assert.equal(names.length, 1);
      assert.notEqual(names[0], firstReplace);
    });
    assert.equal((await jobsOf('forbid')).length, 1);
    const events = await cluster.events('replace');
    assert.ok(events.includes(`SuccessfulDelete: Deleted job ${firstReplace}`), events.join('\n'));
    await cronJobs().delete('forbid');
    await cronJobs().delete('replace');
  });

  it('keeps only successfulJobsHistoryLimit finished Jobs', async () => {
    // Earlier tests moved the fake clock past the apiserver's creation time, so a catch-up run may
    // start at once: finish whatever runs, minute after minute.
    await cronJobs().create(cronJob('hist', { successfulJobsHistoryLimit: 1 }));
    const finishRunning = async () => {
      const running = (await jobsOf('hist')).filter(
        (j) => !j.status?.conditions?.length && !j.metadata?.deletionTimestamp,
      );
      for (const j of running) await finish(j, 'Complete');
      return running.length;
    };
    for (let i = 0; i < 3; i++) {
      await nextMinute();
      await cluster.until(async () => assert.ok((await finishRunning()) > 0));
    }
    const left = await cluster.until(async () => {
      await finishRunning();
      const jobsLeft = (await jobsOf('hist')).filter((j) => !j.metadata?.deletionTimestamp);
      assert.equal(jobsLeft.length, 1);
      assert.equal((await cronJobs().get('hist')).status?.active, undefined);
      return jobsLeft;
    });
    const events = await cluster.events('hist');
    assert.ok(
      events.some((e) => e.startsWith('SuccessfulDelete: Deleted job hist-')),
      events.join('\n'),
    );
    assert.ok(left[0]!.status?.conditions?.some((c) => c.type === 'Complete'));
    await cronJobs().delete('hist');
  });

  it('starts the most recent missed run on resume, unless it is past startingDeadlineSeconds', async () => {
    await cronJobs().create(cronJob('late', { suspend: true }));
    await cronJobs().create(cronJob('strict', { suspend: true, startingDeadlineSeconds: 10 }));
    await nextMinute();
    await nextMinute();
    const missed = await nextMinute();
    await cluster.clock.advance(20_000);
    await cronJobs().patch('late', 'merge', { spec: { suspend: false } });
    await cronJobs().patch('strict', 'merge', { spec: { suspend: false } });
    const [job] = await cluster.until(async () => {
      const j = await jobsOf('late');
      assert.equal(j.length, 1);
      return j;
    });
    assert.equal(job!.metadata?.name, `late-${missed / 60_000}`);
    await cluster.idle();
    assert.equal((await jobsOf('strict')).length, 0);
    const next = await nextMinute();
    await cluster.until(async () =>
      assert.deepEqual(
        (await jobsOf('strict')).map((j) => j.metadata?.name),
        [`strict-${next / 60_000}`],
      ),
    );
    await cronJobs().delete('late');
    await cronJobs().delete('strict');
  });

  it('reports too many missed start times', async () => {
    await cronJobs().create(cronJob('many', { suspend: true }));
    await cluster.clock.advance(150 * 60_000);
    await cronJobs().patch('many', 'merge', { spec: { suspend: false } });
    await cluster.until(async () => {
      const events = await cluster.events('many');
      assert.ok(
        events.includes(
          'TooManyMissedTimes: too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew',
        ),
        events.join('\n'),
      );
      assert.equal((await jobsOf('many')).length, 1);
    });
    await cronJobs().delete('many');
  });

  it('schedules in spec.timeZone and stamps the scheduled time in that zone', async () => {
    // A daily run ten minutes (on the fake clock) ahead, written as Tokyo's wall time. Earlier
    // tests moved the fake clock hours past the real time the CronJob's creation is stamped with,
    // so a fixed hour could fall in between and start at once as a missed run.
    const at = (Math.floor(cluster.clock.now() / 60_000) + 10) * 60_000;
    const tokyo = new Date(at + 9 * 3_600_000);
    const [hour, minute] = [tokyo.getUTCHours(), tokyo.getUTCMinutes()];
    const schedule = `${minute} ${hour} * * *`;
    await cronJobs().create(cronJob('tokyo', { schedule, timeZone: 'Asia/Tokyo' }));
    await cluster.until(async () => assert.ok((await cronJobs().get('tokyo')).metadata?.uid));
    await cluster.idle();
    await cluster.clock.advance(at - cluster.clock.now() - 60_000);
    await cluster.idle();
    assert.equal((await jobsOf('tokyo')).length, 0);
    await cluster.clock.advance(60_200);
    const [job] = await cluster.until(async () => {
      const j = await jobsOf('tokyo');
      assert.equal(j.length, 1);
      return j;
    });
    assert.equal(job!.metadata?.name, `tokyo-${at / 60_000}`);
    const stamp = job!.metadata?.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'] ?? '';
    const wall = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
    assert.match(stamp, new RegExp(`T${wall}:00\\+09:00$`));
    assert.equal(Date.parse(stamp), at);
  });
});

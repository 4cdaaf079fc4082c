// The Job controller against a real apiserver: completions and parallelism, the tracking
// finalizer, Indexed Jobs, backoffLimit with pod-recreation backoff on the fake clock,
// activeDeadlineSeconds, podFailurePolicy, suspend/resume, successPolicy and backoffLimitPerIndex.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Job, JobCondition } from 'kubernetes-types/batch/v1.js';
import { jobsResource } from '../shared/workload-resources.js';
import { WorkloadTestCluster } from '../shared/workload-test-cluster.js';
import { jobControllerDescriptor } from './index.js';

function job(name: string, spec: Partial<Job['spec']> = {}): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: {
      template: {
        spec: { restartPolicy: 'Never', containers: [{ name: 'work', image: 'busybox' }] },
      },
      ...spec,
    } as Job['spec'],
  };
}

function conditions(j: Job): string[] {
  return (j.status?.conditions ?? []).map((c: JobCondition) => `${c.type}=${c.status}:${c.reason ?? ''}`);
}

describe('job controller', () => {
  let cluster: WorkloadTestCluster;
  const jobs = () => cluster.resource<Job>(jobsResource);

  before(async () => {
    cluster = await WorkloadTestCluster.start([jobControllerDescriptor]);
  });
  after(async () => {
    await cluster?.close();
  });

  const podsOf = async (name: string) =>
    (await cluster.pods({ 'batch.kubernetes.io/job-name': name })).filter(
      (p) => !p.metadata?.deletionTimestamp,
    );

  async function waitForCondition(name: string, type: string, advanceMs = 1000): Promise<Job> {
    return cluster.until(
      async () => {
        const j = await jobs().get(name);
        assert.ok(
          j.status?.conditions?.some((c) => c.type === type && c.status === 'True'),
          conditions(j).join(','),
        );
        return j;
      },
      { advanceMs },
    );
  }

  it('runs completions with at most parallelism pods and completes', async () => {
    await jobs().create(job('five', { completions: 5, parallelism: 2 }));
    // Running, nothing finished: no conditions, succeeded or failed (Go's omitempty).
    const running = await cluster.until(async () => {
      const j = await jobs().get('five');
      assert.equal(j.status?.active, 2);
      return j;
    });
    for (const field of ['conditions', 'succeeded', 'failed', 'completedIndexes'])
      assert.equal(field in (running.status ?? {}), false, JSON.stringify(running.status));
    let seen = 0;
    const done = await cluster.until(
      async () => {
        const active = (await podsOf('five')).filter((p) => p.status?.phase !== 'Succeeded');
        assert.ok(active.length <= 2, `${active.length} active pods`);
        seen = Math.max(seen, (await podsOf('five')).length);
        for (const p of active) await cluster.setPodStatus(p, { phase: 'Succeeded' });
        const j = await jobs().get('five');
        assert.ok(
          j.status?.conditions?.some((c) => c.type === 'Complete'),
          conditions(j).join(','),
        );
        return j;
      },
      { advanceMs: 1000 },
    );
    assert.deepEqual(conditions(done), [
      'SuccessCriteriaMet=True:CompletionsReached',
      'Complete=True:CompletionsReached',
    ]);
    assert.equal('active' in (done.status ?? {}), false, JSON.stringify(done.status));
    assert.equal(done.status?.conditions?.[1]?.message, 'Reached expected number of succeeded pods');
    assert.equal(done.status?.succeeded, 5);
    assert.equal(done.status?.failed ?? 0, 0);
    assert.equal(done.status?.active ?? 0, 0);
    assert.ok(done.status?.startTime && done.status.completionTime);
    assert.deepEqual(done.status?.uncountedTerminatedPods ?? {}, {});
    const pods = await cluster.until(async () => {
      const all = await cluster.pods({ 'batch.kubernetes.io/job-name': 'five' });
      assert.ok(
        all.every((p) => !(p.metadata?.finalizers ?? []).includes('batch.kubernetes.io/job-tracking')),
      );
      return all;
    });
    assert.equal(pods.length, 5);
    const pod = pods[0]!;
    assert.match(pod.metadata?.name ?? '', /^five-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.equal(pod.metadata?.labels?.['job-name'], 'five');
    assert.equal(pod.metadata?.labels?.['batch.kubernetes.io/controller-uid'], done.metadata?.uid);
    assert.equal(pod.metadata?.labels?.['controller-uid'], done.metadata?.uid);
    const events = await cluster.events('five');
    assert.ok(events.includes('Completed: Job completed'), events.join('\n'));
    assert.equal(events.filter((e) => e.startsWith('SuccessfulCreate: Created pod: five-')).length, 5);
  });

  it('backs off before replacing failed pods and fails at backoffLimit', async () => {
    await jobs().create(job('flaky', { backoffLimit: 2 }));
    const first = await cluster.until(async () => {
      const p = await podsOf('flaky');
      assert.equal(p.length, 1);
      return p[0]!;
    });
    await cluster.setPodStatus(first, { phase: 'Failed' });
    // The replacement waits 10 s after the failure.
    await cluster.until(async () => assert.equal((await jobs().get('flaky')).status?.failed, 1), {
      advanceMs: 1000,
    });
    const failedAt = cluster.clock.now();
    const second = await cluster.until(
      async () => {
        const p = (await podsOf('flaky')).filter((x) => x.metadata?.uid !== first.metadata?.uid);
        assert.equal(p.length, 1);
        return p[0]!;
      },
      { advanceMs: 500 },
    );
    assert.ok(cluster.clock.now() - failedAt >= 8_000, `replaced after ${cluster.clock.now() - failedAt} ms`);
    await cluster.setPodStatus(second, { phase: 'Failed' });
    await cluster.until(async () => assert.equal((await jobs().get('flaky')).status?.failed, 2), {
      advanceMs: 1000,
    });
    await cluster.until(
      async () => {
        const p = (await podsOf('flaky')).filter((x) => x.status?.phase !== 'Failed');
        assert.equal(p.length, 1);
        await cluster.setPodStatus(p[0]!, { phase: 'Failed' });
      },
      { advanceMs: 2000 },
    );
    const failed = await waitForCondition('flaky', 'Failed');
    assert.deepEqual(conditions(failed), [
      'FailureTarget=True:BackoffLimitExceeded',
      'Failed=True:BackoffLimitExceeded',
    ]);
    assert.equal(failed.status?.conditions?.[1]?.message, 'Job has reached the specified backoff limit');
    assert.equal(failed.status?.failed, 3);
    const events = await cluster.events('flaky');
    assert.ok(
      events.includes('BackoffLimitExceeded: Job has reached the specified backoff limit'),
      events.join('\n'),
    );
  });

  it('runs Indexed pods with their index in annotation, label, hostname and environment', async () => {
    await jobs().create(job('idx', { completions: 3, parallelism: 3, completionMode: 'Indexed' }));
    const pods = await cluster.until(async () => {
      const p = await podsOf('idx');
      assert.equal(p.length, 3);
      return p;
    });
    const byIndex = Object.fromEntries(
      pods.map((p) => [p.metadata?.annotations?.['batch.kubernetes.io/job-completion-index'], p]),
    );
    assert.deepEqual(Object.keys(byIndex).sort(), ['0', '1', '2']);
    const p1 = byIndex['1']!;
    assert.equal(p1.metadata?.labels?.['batch.kubernetes.io/job-completion-index'], '1');
    assert.equal(p1.spec?.hostname, 'idx-1');
    assert.match(p1.metadata?.name ?? '', /^idx-1-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.deepEqual(p1.spec?.containers[0]?.env, [
      {
        name: 'JOB_COMPLETION_INDEX',
        valueFrom: {
          fieldRef: {
            apiVersion: 'v1',
            fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']",
          },
        },
      },
    ]);
    await cluster.setPodStatus(byIndex['0']!, { phase: 'Succeeded' });
    await cluster.setPodStatus(byIndex['2']!, { phase: 'Succeeded' });
    await cluster.until(async () => assert.equal((await jobs().get('idx')).status?.completedIndexes, '0,2'), {
      advanceMs: 1000,
    });
    await cluster.setPodStatus(byIndex['1']!, { phase: 'Succeeded' });
    const done = await waitForCondition('idx', 'Complete');
    assert.equal(done.status?.completedIndexes, '0-2');
    assert.equal(done.status?.succeeded, 3);
  });

  it('fails a Job that stays active past activeDeadlineSeconds', async () => {
    await jobs().create(job('slow', { activeDeadlineSeconds: 30, parallelism: 2, completions: 4 }));
    await cluster.until(async () => assert.equal((await podsOf('slow')).length, 2));
    await cluster.clock.advance(31_000);
    const failed = await waitForCondition('slow', 'Failed');
    assert.deepEqual(conditions(failed), [
      'FailureTarget=True:DeadlineExceeded',
      'Failed=True:DeadlineExceeded',
    ]);
    assert.equal(failed.status?.conditions?.[1]?.message, 'Job was active longer than specified deadline');
    assert.equal(failed.status?.active ?? 0, 0);
    await cluster.until(async () =>
      assert.equal((await cluster.pods({ 'batch.kubernetes.io/job-name': 'slow' })).length, 0),
    );
  });

  it('applies podFailurePolicy: FailJob on an exit code, Ignore on a condition', async () => {
    await jobs().create(
      job('policy', {
        backoffLimit: 0,
        podFailurePolicy: {
          rules: [
            { action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } },
            { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
          ],
        },
      }),
    );
    const first = await cluster.until(async () => {
      const p = await podsOf('policy');
      assert.equal(p.length, 1);
      return p[0]!;
    });
    await cluster.setPodStatus(first, {
      phase: 'Failed',
      conditions: [{ type: 'DisruptionTarget', status: 'True' }],
    });
    // Ignored: not counted against backoffLimit 0, and replaced.
    await cluster.until(
      async () => assert.ok((await podsOf('policy')).some((p) => p.metadata?.uid !== first.metadata?.uid)),
      { advanceMs: 1000 },
    );
    assert.equal((await jobs().get('policy')).status?.failed ?? 0, 0);
    const second = (await podsOf('policy')).find((p) => p.metadata?.uid !== first.metadata?.uid)!;
    await cluster.setPodStatus(second, { phase: 'Failed', exitCode: 42 });
    const failed = await waitForCondition('policy', 'Failed');
    assert.deepEqual(conditions(failed), [
      'FailureTarget=True:PodFailurePolicy',
      'Failed=True:PodFailurePolicy',
    ]);
    assert.equal(
      failed.status?.conditions?.[1]?.message,
      `Container work for pod default/${second.metadata?.name} failed with exit code 42 matching FailJob rule at index 0`,
    );
  });

  it('holds a suspended Job and starts it on resume', async () => {
    await jobs().create(job('later', { suspend: true }));
    const suspended = await waitForCondition('later', 'Suspended');
    assert.deepEqual(conditions(suspended), ['Suspended=True:JobSuspended']);
    assert.equal(suspended.status?.startTime, undefined);
    assert.equal((await podsOf('later')).length, 0);
    await jobs().patch('later', 'merge', { spec: { suspend: false } });
    await cluster.until(async () => assert.equal((await podsOf('later')).length, 1), { advanceMs: 1000 });
    const resumed = await cluster.until(async () => {
      const j = await jobs().get('later');
      assert.deepEqual(conditions(j), ['Suspended=False:JobResumed']);
      return j;
    });
    assert.ok(resumed.status?.startTime);
    const events = await cluster.events('later');
    assert.ok(
      events.includes('Suspended: Job suspended') && events.includes('Resumed: Job resumed'),
      events.join('\n'),
    );
  });

  it('completes early when the successPolicy is met, removing the other pods', async () => {
    await jobs().create(
      job('leader', {
        completions: 3,
        parallelism: 3,
        completionMode: 'Indexed',
        successPolicy: { rules: [{ succeededIndexes: '0' }] },
      }),
    );
    const pods = await cluster.until(async () => {
      const p = await podsOf('leader');
      assert.equal(p.length, 3);
      return p;
    });
    const leader = pods.find(
      (p) => p.metadata?.annotations?.['batch.kubernetes.io/job-completion-index'] === '0',
    )!;
    await cluster.setPodStatus(leader, { phase: 'Succeeded' });
    const done = await waitForCondition('leader', 'Complete');
    assert.deepEqual(conditions(done), [
      'SuccessCriteriaMet=True:SuccessPolicy',
      'Complete=True:SuccessPolicy',
    ]);
    assert.equal(done.status?.conditions?.[0]?.message, 'Matched rules at index 0');
    await cluster.until(async () =>
      assert.deepEqual(
        (await cluster.pods({ 'batch.kubernetes.io/job-name': 'leader' })).map((p) => p.status?.phase),
        ['Succeeded'],
      ),
    );
  });

  it('fails an index after backoffLimitPerIndex and reports failedIndexes', async () => {
    await jobs().create(
      job('perindex', { completions: 2, parallelism: 2, completionMode: 'Indexed', backoffLimitPerIndex: 0 }),
    );
    const pods = await cluster.until(async () => {
      const p = await podsOf('perindex');
      assert.equal(p.length, 2);
      return p;
    });
    const byIndex = (ix: string) =>
      pods.find((p) => p.metadata?.annotations?.['batch.kubernetes.io/job-completion-index'] === ix)!;
    assert.equal(byIndex('1').metadata?.annotations?.['batch.kubernetes.io/job-index-failure-count'], '0');
    await cluster.setPodStatus(byIndex('1'), { phase: 'Failed' });
    await cluster.until(async () => assert.equal((await jobs().get('perindex')).status?.failedIndexes, '1'), {
      advanceMs: 1000,
    });
    await cluster.setPodStatus(byIndex('0'), { phase: 'Succeeded' });
    const failed = await waitForCondition('perindex', 'Failed');
    assert.deepEqual(conditions(failed), ['FailureTarget=True:FailedIndexes', 'Failed=True:FailedIndexes']);
    assert.equal(failed.status?.completedIndexes, '0');
    assert.equal(failed.status?.failed, 1);
  });
});

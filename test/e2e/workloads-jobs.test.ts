/**
 * Jobs and CronJobs on `k8ts server` with three simulated nodes, driven with the real kubectl:
 * completions=5 / parallelism=2 completes (`kubectl wait --for=condition=complete`) with never
 * more than 2 pods at once; a failing Job stops at backoffLimit with BackoffLimitExceeded; an
 * Indexed Job's pods carry their completion index; `kubectl create job --from=cronjob/x` runs the
 * CronJob's template. (CronJob schedules run on a fake clock in src/controllers/cronjob's
 * integration test.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { startWorkloadCluster, watchedObjects, type WorkloadCluster } from '../support/workload-cluster.js';

let c: WorkloadCluster;

/** A Job whose simulated containers exit after 1 s with `exitCode`. */
function job(name: string, spec: Record<string, unknown>, exitCode = 0): object {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: {
      ...spec,
      template: {
        metadata: {
          annotations: { 'sim.k8ts.io/exit-after': '1s', 'sim.k8ts.io/exit-code': String(exitCode) },
        },
        spec: { restartPolicy: 'Never', containers: [{ name: 'work', image: 'registry.local/batch:1' }] },
      },
    },
  };
}

const podsOf = async (jobName: string): Promise<Pod[]> =>
  (await c.json<{ items: Pod[] }>(['pods', '-l', `batch.kubernetes.io/job-name=${jobName}`])).items;

before(async () => {
  c = await startWorkloadCluster();
  // Started first: its pod-recreation backoff (10 s) runs while the other tests do.
  await c.apply(job('failing', { backoffLimit: 1 }, 1));
});

after(async () => {
  await c?.stop();
});

describe('Jobs', () => {
  it('completions=5 parallelism=2 runs 5 pods, at most 2 at a time, and completes', async () => {
    const watch = c.background([
      'get',
      'pods',
      '-l',
      'batch.kubernetes.io/job-name=batch',
      '-w',
      '-o',
      'json',
    ]);
    try {
      await c.apply(job('batch', { completions: 5, parallelism: 2 }));
      const wait = await c.ok(['wait', '--for=condition=complete', 'job/batch', '--timeout=60s']);
      assert.equal(wait.stdout, 'job.batch/batch condition met\n');
    } finally {
      await watch.stop();
    }
    // Replay the pod stream: never more than 2 pods running (not finished) at once.
    const phase = new Map<string, string>();
    for (const p of watchedObjects<Pod>(watch)) {
      phase.set(p.metadata?.name ?? '', p.status?.phase ?? 'Pending');
      const active = [...phase.values()].filter((x) => x !== 'Succeeded' && x !== 'Failed').length;
      assert.ok(active <= 2, `${active} pods active at once`);
    }
    const [row] = (await c.table(['job', 'batch'])).records;
    assert.deepEqual([row?.['STATUS'], row?.['COMPLETIONS']], ['Complete', '5/5']);
    const pods = await c.table(['pods', '-l', 'batch.kubernetes.io/job-name=batch']);
    assert.equal(pods.records.length, 5);
    assert.ok(pods.records.every((r) => r['STATUS'] === 'Completed' && r['READY'] === '0/1'));
    const done = await c.json<Job>(['job', 'batch']);
    assert.equal(done.status?.succeeded, 5);
    assert.ok(done.status?.completionTime);
    assert.deepEqual(
      done.status?.conditions?.map((x) => [x.type, x.status, x.reason, x.message]),
      [
        ['SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
        ['Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
      ],
    );
    // Finished pods lose the tracking finalizer once counted.
    for (const p of await podsOf('batch'))
      assert.ok(!p.metadata?.finalizers?.includes('batch.kubernetes.io/job-tracking'));
  });

  it('an Indexed Job gives each pod its completion index', async () => {
    await c.apply(job('indexed', { completions: 3, parallelism: 3, completionMode: 'Indexed' }));
    await c.ok(['wait', '--for=condition=complete', 'job/indexed', '--timeout=60s']);
    const pods = (await podsOf('indexed')).sort((a, b) =>
      (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''),
    );
    assert.equal(pods.length, 3);
    pods.forEach((p, i) => {
      assert.match(p.metadata?.name ?? '', new RegExp(`^indexed-${i}-[a-z0-9]{5}$`));
      assert.equal(p.metadata?.annotations?.['batch.kubernetes.io/job-completion-index'], String(i));
      assert.equal(p.metadata?.labels?.['batch.kubernetes.io/job-completion-index'], String(i));
      assert.equal(p.spec?.hostname, `indexed-${i}`);
      assert.deepEqual(p.spec?.containers[0]?.env, [
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
    });
    assert.equal((await c.json<Job>(['job', 'indexed'])).status?.completedIndexes, '0-2');
  });

  it('a failing Job stops at backoffLimit with reason BackoffLimitExceeded', async () => {
    const wait = await c.ok(['wait', '--for=condition=failed', 'job/failing', '--timeout=60s']);
    assert.equal(wait.stdout, 'job.batch/failing condition met\n');
    const failed = await c.json<Job>(['job', 'failing']);
    assert.equal(failed.status?.failed, 2);
    assert.equal(failed.status?.succeeded, undefined);
    assert.deepEqual(
      failed.status?.conditions?.map((x) => [x.type, x.status, x.reason, x.message]),
      [
        ['FailureTarget', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
        ['Failed', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
      ],
    );
    const [row] = (await c.table(['job', 'failing'])).records;
    assert.deepEqual([row?.['STATUS'], row?.['COMPLETIONS']], ['Failed', '0/1']);
    // backoffLimit 1: the first pod and one retry, both failed.
    const pods = await c.table(['pods', '-l', 'batch.kubernetes.io/job-name=failing']);
    assert.deepEqual(
      pods.records.map((r) => r['STATUS']),
      ['Error', 'Error'],
    );
    const events = (await c.ok(['get', 'events', '--field-selector', 'involvedObject.name=failing'])).stdout;
    assert.match(
      events,
      /Warning\s+BackoffLimitExceeded\s+job\/failing\s+Job has reached the specified backoff limit/,
    );
  });
});

describe('CronJobs', () => {
  it('kubectl create job --from=cronjob runs the CronJob template once', async () => {
    await c.apply({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly' },
      spec: {
        schedule: '0 3 * * *',
        jobTemplate: {
          metadata: { labels: { app: 'nightly' } },
          spec: (job('nightly', {}) as { spec: object }).spec,
        },
      },
    });
    const created = await c.ok(['create', 'job', 'manual-run', '--from=cronjob/nightly']);
    assert.equal(created.stdout, 'job.batch/manual-run created\n');
    const manual = await c.json<Job>(['job', 'manual-run']);
    assert.equal(manual.metadata?.annotations?.['cronjob.kubernetes.io/instantiate'], 'manual');
    assert.deepEqual(
      manual.metadata?.ownerReferences?.map((o) => [o.kind, o.name, o.controller]),
      [['CronJob', 'nightly', true]],
    );
    assert.equal(manual.metadata?.labels?.['app'], 'nightly');
    const wait = await c.ok(['wait', '--for=condition=complete', 'job/manual-run', '--timeout=60s']);
    assert.equal(wait.stdout, 'job.batch/manual-run condition met\n');
    // A manual run is not one of the CronJob's scheduled runs.
    const [row] = (await c.table(['cronjob', 'nightly'])).records;
    assert.deepEqual(
      [row?.['SCHEDULE'], row?.['SUSPEND'], row?.['ACTIVE'], row?.['LAST SCHEDULE']],
      ['0 3 * * *', 'False', '0', '<none>'],
    );
  });
});

// The TTL-after-finished controller against a real apiserver on a fake clock: a finished Job is
// deleted (foreground, as upstream) once ttlSecondsAfterFinished has passed, and not before.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Job } from 'kubernetes-types/batch/v1.js';
import { FakeClock } from '../../base/clock.js';
import { formatRfc3339 } from '../../base/rfc3339.js';
import { isStatusError } from '../../machinery/errors/index.js';
import { jobsResource } from '../shared/workload-resources.js';
import { WorkloadTestCluster } from '../shared/workload-test-cluster.js';
import { ttlAfterFinishedControllerDescriptor } from './index.js';

function job(name: string, ttl?: number): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: {
      ...(ttl !== undefined ? { ttlSecondsAfterFinished: ttl } : {}),
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'work', image: 'busybox' }] } },
    },
  };
}

describe('ttl-after-finished controller', () => {
  let cluster: WorkloadTestCluster;
  const jobs = () => cluster.resource<Job>(jobsResource);

  before(async () => {
    cluster = await WorkloadTestCluster.start(
      [ttlAfterFinishedControllerDescriptor],
      new FakeClock(Date.now()),
    );
  });
  after(async () => {
    await cluster?.close();
  });

  async function complete(name: string): Promise<void> {
    const current = await jobs().get(name);
    const at = formatRfc3339(cluster.clock.now());
    await jobs().updateStatus({
      ...current,
      status: {
        startTime: at,
        completionTime: at,
        succeeded: 1,
        conditions: [
          {
            type: 'SuccessCriteriaMet',
            status: 'True',
            reason: 'CompletionsReached',
            lastTransitionTime: at,
          },
          { type: 'Complete', status: 'True', reason: 'CompletionsReached', lastTransitionTime: at },
        ],
      },
    });
  }

  const deleting = async (name: string): Promise<boolean> => {
    try {
      return !!(await jobs().get(name)).metadata?.deletionTimestamp;
    } catch (err) {
      if (isStatusError(err, 'NotFound')) return true;
      throw err;
    }
  };

  it('deletes a finished Job once its TTL has passed', async () => {
    await jobs().create(job('short', 60));
    await jobs().create(job('forever'));
    await complete('short');
    await complete('forever');
    await cluster.idle();
    await cluster.clock.advance(30_000);
    await cluster.idle();
    assert.equal(await deleting('short'), false);
    await cluster.clock.advance(31_000);
    await cluster.until(async () => assert.equal(await deleting('short'), true));
    const left = await jobs()
      .get('short')
      .catch(() => undefined);
    // Foreground deletion: the garbage collector removes the Job after its pods.
    if (left !== undefined) assert.ok(left.metadata?.finalizers?.includes('foregroundDeletion'));
    assert.equal(await deleting('forever'), false);
  });

  it('deletes at once a Job that finished longer ago than its TTL', async () => {
    await jobs().create(job('stale', 0));
    await complete('stale');
    await cluster.until(async () => assert.equal(await deleting('stale'), true));
  });
});

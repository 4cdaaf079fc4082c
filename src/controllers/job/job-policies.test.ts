import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { ensureJobCondition } from './job-conditions.js';
import {
  maxPodFailureBackoffMs,
  nextBackoffRecord,
  podFinishedTime,
  remainingBackoff,
} from './job-backoff.js';
import { generateJobSelector } from '../../api/workloads/job-selector.js';
import { isPodFailed } from './job-pods.js';
import { matchPodFailurePolicy } from './pod-failure-policy.js';

const t0 = Date.parse('2026-01-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

function failedPod(
  exitCodes: Record<string, number>,
  finishedAt = t0,
  conditions: { type: string; status: string }[] = [],
): Pod {
  return {
    metadata: { name: 'p', namespace: 'ns', creationTimestamp: iso(t0 - 60_000) },
    status: {
      phase: 'Failed',
      conditions,
      containerStatuses: Object.entries(exitCodes).map(([name, exitCode]) => ({
        name,
        image: '',
        imageID: '',
        ready: false,
        restartCount: 0,
        state: { terminated: { exitCode, finishedAt: iso(finishedAt) } },
      })),
    },
  };
}

describe('pod failure backoff', () => {
  it('waits 10 s after one failure, doubling per consecutive failure up to the cap', () => {
    assert.equal(remainingBackoff(t0, 1, t0), 10_000);
    assert.equal(remainingBackoff(t0 + 4_000, 1, t0), 6_000);
    assert.equal(remainingBackoff(t0 + 11_000, 1, t0), 0);
    assert.equal(remainingBackoff(t0, 2, t0), 20_000);
    assert.equal(remainingBackoff(t0, 4, t0), 80_000);
    assert.equal(remainingBackoff(t0, 30, t0), maxPodFailureBackoffMs);
    assert.equal(remainingBackoff(t0, 0, undefined), 0);
  });

  it('counts failures after the last success and times them by container finish', () => {
    const f1 = failedPod({ c: 1 }, t0);
    const f2 = failedPod({ c: 1 }, t0 + 5_000);
    assert.equal(podFinishedTime(f2), t0 + 5_000);
    let r = nextBackoffRecord(undefined, 'k', [], [f2, f1]);
    assert.deepEqual(r, { key: 'k', failuresAfterLastSuccess: 2, lastFailureTime: t0 + 5_000 });
    const success: Pod = {
      ...failedPod({ c: 0 }, t0 + 2_000),
      status: { ...failedPod({ c: 0 }, t0 + 2_000).status, phase: 'Succeeded' },
    };
    r = nextBackoffRecord(r, 'k', [success], [f1, f2]);
    assert.deepEqual(r, { key: 'k', failuresAfterLastSuccess: 1, lastFailureTime: t0 + 5_000 });
  });

  it('falls back to Ready=False, deletion, then creation for the finish time', () => {
    const noContainers: Pod = {
      metadata: { creationTimestamp: iso(t0 - 1000) },
      status: { conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: iso(t0) }] },
    };
    assert.equal(podFinishedTime(noContainers), t0);
    assert.equal(
      podFinishedTime({ metadata: { deletionTimestamp: iso(t0), deletionGracePeriodSeconds: 30 } }),
      t0 - 30_000,
    );
    assert.equal(podFinishedTime({ metadata: { creationTimestamp: iso(t0) } }), t0);
  });
});

describe('podFailurePolicy', () => {
  const policy = {
    rules: [
      { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
      { action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [42] } },
      { action: 'Count', onExitCodes: { operator: 'NotIn', values: [1, 2] } },
      { action: 'FailIndex', onExitCodes: { operator: 'In', values: [2] } },
    ],
  };
  it('applies the first matching rule', () => {
    assert.deepEqual(
      matchPodFailurePolicy(
        policy,
        failedPod({ main: 1 }, t0, [{ type: 'DisruptionTarget', status: 'True' }]),
      ),
      {
        countFailed: false,
        action: 'Ignore',
      },
    );
    assert.deepEqual(matchPodFailurePolicy(policy, failedPod({ main: 42 })), {
      failJobMessage: 'Container main for pod ns/p failed with exit code 42 matching FailJob rule at index 1',
      countFailed: true,
      action: 'FailJob',
    });
    assert.deepEqual(matchPodFailurePolicy(policy, failedPod({ side: 42 })), {
      countFailed: true,
      action: 'Count',
    });
    assert.deepEqual(matchPodFailurePolicy(policy, failedPod({ side: 2 })), {
      countFailed: true,
      action: 'FailIndex',
    });
    assert.deepEqual(matchPodFailurePolicy(policy, failedPod({ side: 1 })), { countFailed: true });
    assert.deepEqual(matchPodFailurePolicy(undefined, failedPod({ side: 1 })), { countFailed: true });
  });

  it('ignores exit code 0 and running containers', () => {
    assert.deepEqual(
      matchPodFailurePolicy(
        { rules: [{ action: 'FailJob', onExitCodes: { operator: 'NotIn', values: [1] } }] },
        failedPod({ a: 0 }),
      ),
      {
        countFailed: true,
      },
    );
  });

  it('counts deleted pods as failed unless only failed pods are replaced', () => {
    const deleting: Pod = { metadata: { deletionTimestamp: iso(t0) }, status: { phase: 'Running' } };
    const job = (spec: Partial<Job['spec']>): Job => ({ spec: { template: {}, ...spec } as Job['spec'] });
    assert.equal(isPodFailed(deleting, job({})), true);
    assert.equal(isPodFailed(deleting, job({ podReplacementPolicy: 'Failed' })), false);
  });
});

describe('Job selector generation', () => {
  it('adds the job-name and controller-uid labels and selects on the uid', () => {
    const job: Job = {
      metadata: { name: 'pi', uid: 'u1' },
      spec: {
        template: { metadata: { labels: { app: 'x', 'job-name': 'mine' } }, spec: { containers: [] } },
      },
    };
    const generated = generateJobSelector(job);
    assert.deepEqual(generated.spec?.selector, {
      matchLabels: { 'batch.kubernetes.io/controller-uid': 'u1' },
    });
    assert.deepEqual(generated.spec?.template.metadata?.labels, {
      app: 'x',
      'job-name': 'mine',
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': 'u1',
      'batch.kubernetes.io/controller-uid': 'u1',
    });
    assert.equal(job.spec?.selector, undefined);
    const manual = { ...job, spec: { ...job.spec!, manualSelector: true } };
    assert.equal(generateJobSelector(manual), manual);
  });
});

describe('Job conditions', () => {
  it('appends True conditions, never a new False one, and reports changes', () => {
    let r = ensureJobCondition([], 'Suspended', 'False', 'JobResumed', 'Job resumed', t0);
    assert.deepEqual(r, { conditions: [], changed: false });
    r = ensureJobCondition([], 'Suspended', 'True', 'JobSuspended', 'Job suspended', t0);
    assert.equal(r.changed, true);
    assert.equal(r.conditions[0]?.lastTransitionTime, '2026-01-01T00:00:00Z');
    const again = ensureJobCondition(
      r.conditions,
      'Suspended',
      'True',
      'JobSuspended',
      'Job suspended',
      t0 + 1,
    );
    assert.equal(again.changed, false);
    const resumed = ensureJobCondition(
      r.conditions,
      'Suspended',
      'False',
      'JobResumed',
      'Job resumed',
      t0 + 1000,
    );
    assert.deepEqual(
      [resumed.changed, resumed.conditions[0]?.status, resumed.conditions[0]?.reason],
      [true, 'False', 'JobResumed'],
    );
  });
});

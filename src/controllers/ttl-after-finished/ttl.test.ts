import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Job } from 'kubernetes-types/batch/v1.js';
import { needsCleanup, timeLeft } from './ttl.js';

const finished = (ttl: number | undefined, type = 'Complete', at = '2026-01-01T00:00:00Z'): Job => ({
  metadata: { name: 'j', namespace: 'ns' },
  spec: { template: {}, ...(ttl !== undefined ? { ttlSecondsAfterFinished: ttl } : {}) },
  status: { conditions: [{ type, status: 'True', lastTransitionTime: at }] },
});

describe('ttl after finished', () => {
  it('applies to finished Jobs with a TTL only', () => {
    assert.equal(needsCleanup(finished(60)), true);
    assert.equal(needsCleanup(finished(60, 'Failed')), true);
    assert.equal(needsCleanup(finished(undefined)), false);
    assert.equal(needsCleanup(finished(60, 'SuccessCriteriaMet')), false);
  });

  it('counts from the terminal condition', () => {
    const t = Date.parse('2026-01-01T00:00:00Z');
    assert.deepEqual(timeLeft(finished(60), t + 45_000), { remainingMs: 15_000, expireAt: t + 60_000 });
    assert.ok(timeLeft(finished(0), t + 1).remainingMs < 0);
    assert.throws(
      () => timeLeft(finished(60, 'Complete', ''), t),
      /unable to find the time when the Job ns\/j finished/,
    );
  });
});

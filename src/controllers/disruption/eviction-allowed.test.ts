import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { evictionAllowed } from './eviction-allowed.js';

const now = Date.parse('2026-01-01T00:00:00Z');

function pod(ready: boolean, phase = 'Running', extra: Partial<Pod['metadata']> = {}): Pod {
  return {
    metadata: { name: 'web-0', namespace: 'ns', resourceVersion: '42', labels: { app: 'web' }, ...extra },
    status: { phase, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}

function pdb(
  status: Partial<NonNullable<PodDisruptionBudget['status']>>,
  spec: Partial<PodDisruptionBudget['spec']> = {},
  name = 'budget',
): PodDisruptionBudget {
  return {
    metadata: { name, namespace: 'ns', generation: 1, resourceVersion: '7' },
    spec: { selector: { matchLabels: { app: 'web' } }, ...spec },
    status: {
      currentHealthy: 3,
      desiredHealthy: 2,
      expectedPods: 3,
      disruptionsAllowed: 1,
      observedGeneration: 1,
      ...status,
    },
  };
}

describe('evictionAllowed', () => {
  it('deletes pods no budget covers, and terminal or terminating pods without checking', () => {
    assert.deepEqual(evictionAllowed([], pod(true), { now }), { kind: 'delete' });
    assert.deepEqual(evictionAllowed([pdb({ disruptionsAllowed: 0 })], pod(true, 'Succeeded'), { now }), {
      kind: 'delete',
    });
    assert.deepEqual(
      evictionAllowed([pdb({ disruptionsAllowed: 0 })], pod(true, 'Running', { deletionTimestamp: 'x' }), {
        now,
      }),
      { kind: 'delete' },
    );
    // Pending pods are deleted too, guarded by their version.
    assert.deepEqual(evictionAllowed([pdb({ disruptionsAllowed: 0 })], pod(false, 'Pending'), { now }), {
      kind: 'delete',
      preconditionResourceVersion: '42',
    });
    // An empty selector covers nothing for evictions.
    assert.deepEqual(
      evictionAllowed([pdb({ disruptionsAllowed: 0 }, { selector: {} })], pod(true), { now }),
      { kind: 'delete' },
    );
  });

  it('decrements the budget and records the pod as disrupted', () => {
    const d = evictionAllowed([pdb({ disruptionsAllowed: 1 })], pod(true), { now });
    assert.equal(d.kind, 'decrement');
    if (d.kind !== 'decrement') return;
    assert.equal(d.budget.metadata?.resourceVersion, '7');
    assert.equal(d.budget.status?.disruptionsAllowed, 0);
    assert.deepEqual(d.budget.status?.disruptedPods, { 'web-0': '2026-01-01T00:00:00Z' });
    assert.equal(d.budget.status?.conditions?.[0]?.reason, 'InsufficientPods');
    assert.deepEqual(evictionAllowed([pdb({ disruptionsAllowed: 1 })], pod(true), { now, dryRun: true }), {
      kind: 'delete',
    });
  });

  it('refuses with 429 and a DisruptionBudget cause when no disruption is allowed', () => {
    const d = evictionAllowed([pdb({ disruptionsAllowed: 0 })], pod(true), { now });
    assert.equal(d.kind, 'reject');
    if (d.kind !== 'reject') return;
    assert.deepEqual(d.error.status, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      reason: 'TooManyRequests',
      details: {
        causes: [
          {
            reason: 'DisruptionBudget',
            message: 'The disruption budget budget needs 2 healthy pods and has 3 currently',
          },
        ],
      },
      code: 429,
    });
  });

  it('refuses while the controller has not processed the budget, or when it is broken', () => {
    const stale = evictionAllowed([pdb({ observedGeneration: 0 })], pod(true), { now });
    assert.equal(stale.kind === 'reject' && stale.error.status.details?.retryAfterSeconds, 10);
    assert.equal(
      stale.kind === 'reject' && stale.error.status.details?.causes?.[0]?.message,
      'The disruption budget budget is still being processed by the server.',
    );
    const negative = evictionAllowed([pdb({ disruptionsAllowed: -1 })], pod(true), { now });
    assert.equal(
      negative.kind === 'reject' && negative.error.status.message,
      'poddisruptionbudget.policy "budget" is forbidden: pdb disruptions allowed is negative',
    );
    const two = evictionAllowed([pdb({}), pdb({}, {}, 'other')], pod(true), { now });
    assert.equal(two.kind === 'reject' && two.error.status.code, 500);
  });

  it('lets unready pods go without using the budget when the budget is healthy or the policy says so', () => {
    assert.deepEqual(
      evictionAllowed([pdb({ disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2 })], pod(false), {
        now,
      }).kind,
      'delete',
    );
    const guarded = evictionAllowed(
      [pdb({ disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2 })],
      pod(false),
      { now },
    );
    assert.equal(guarded.kind === 'delete' && guarded.preconditionResourceVersion, '42');
    assert.equal(guarded.kind === 'delete' && guarded.conflictError?.status.code, 429);
    assert.equal(
      evictionAllowed([pdb({ disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 2 })], pod(false), {
        now,
      }).kind,
      'reject',
    );
    assert.equal(
      evictionAllowed(
        [pdb({ disruptionsAllowed: 0, currentHealthy: 1 }, { unhealthyPodEvictionPolicy: 'AlwaysAllow' })],
        pod(false),
        { now },
      ).kind,
      'delete',
    );
  });
});

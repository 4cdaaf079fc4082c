import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { StatusError } from '../errors/index.js';
import {
  canIgnoreBudget,
  shouldEnforceResourceVersion,
  takeDisruption,
  unhealthyPodBypassesBudget,
} from './eviction-rules.js';

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
): PodDisruptionBudget {
  return {
    metadata: { name: 'budget', namespace: 'ns', generation: 1, resourceVersion: '7' },
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

function refusal(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (err) {
    if (err instanceof StatusError) return err;
    throw err;
  }
  assert.fail('expected a StatusError');
}

describe('canIgnoreBudget and shouldEnforceResourceVersion', () => {
  it('finished, pending and terminating pods skip the budget; only pending ones keep a version guard', () => {
    assert.equal(canIgnoreBudget(pod(true)), false);
    assert.equal(canIgnoreBudget(pod(false)), false);
    for (const p of [
      pod(false, 'Succeeded'),
      pod(false, 'Failed'),
      pod(false, 'Pending'),
      pod(true, 'Running', { deletionTimestamp: '2026-01-01T00:00:00Z' }),
    ])
      assert.equal(canIgnoreBudget(p), true);
    assert.equal(shouldEnforceResourceVersion(pod(false, 'Pending')), true);
    assert.equal(shouldEnforceResourceVersion(pod(false, 'Succeeded')), false);
    assert.equal(shouldEnforceResourceVersion(pod(false, 'Failed')), false);
    assert.equal(
      shouldEnforceResourceVersion(pod(true, 'Running', { deletionTimestamp: '2026-01-01T00:00:00Z' })),
      false,
    );
  });
});

describe('unhealthyPodBypassesBudget', () => {
  it('never for a ready pod', () => {
    assert.equal(
      unhealthyPodBypassesBudget(pod(true), pdb({}, { unhealthyPodEvictionPolicy: 'AlwaysAllow' })),
      false,
    );
  });

  it('IfHealthyBudget (default): only while the budget is healthy without the pod', () => {
    assert.equal(unhealthyPodBypassesBudget(pod(false), pdb({ currentHealthy: 2, desiredHealthy: 2 })), true);
    assert.equal(
      unhealthyPodBypassesBudget(pod(false), pdb({ currentHealthy: 1, desiredHealthy: 2 })),
      false,
    );
    assert.equal(
      unhealthyPodBypassesBudget(pod(false), pdb({ currentHealthy: 0, desiredHealthy: 0 })),
      false,
    );
  });

  it('AlwaysAllow: always', () => {
    const budget = pdb(
      { currentHealthy: 0, desiredHealthy: 2 },
      { unhealthyPodEvictionPolicy: 'AlwaysAllow' },
    );
    assert.equal(unhealthyPodBypassesBudget(pod(false), budget), true);
  });
});

describe('takeDisruption', () => {
  it('decrements disruptionsAllowed and records the pod in disruptedPods', () => {
    const next = takeDisruption(pdb({ disruptionsAllowed: 2 }), 'web-0', now, false);
    assert.equal(next.status?.disruptionsAllowed, 1);
    assert.deepEqual(next.status?.disruptedPods, { 'web-0': '2026-01-01T00:00:00Z' });
    assert.equal(next.metadata?.resourceVersion, '7');
    assert.equal(next.status?.conditions, undefined);
  });

  it('turns DisruptionAllowed False when the last disruption is taken', () => {
    const budget = pdb({
      conditions: [
        {
          type: 'DisruptionAllowed',
          status: 'True',
          reason: 'SufficientPods',
          message: '',
          observedGeneration: 1,
          lastTransitionTime: '2025-01-01T00:00:00Z',
        },
      ],
    });
    const next = takeDisruption(budget, 'web-0', now, false);
    assert.equal(next.status?.disruptionsAllowed, 0);
    assert.deepEqual(next.status?.conditions, [
      {
        type: 'DisruptionAllowed',
        status: 'False',
        reason: 'InsufficientPods',
        message: '',
        observedGeneration: 1,
        lastTransitionTime: '2026-01-01T00:00:00Z',
      },
    ]);
  });

  it('dry-run takes the disruption but records no pod', () => {
    const next = takeDisruption(pdb({}), 'web-0', now, true);
    assert.equal(next.status?.disruptionsAllowed, 0);
    assert.equal(next.status?.disruptedPods, undefined);
  });

  it('refuses with 429 and the DisruptionBudget cause when nothing may be disrupted', () => {
    const err = refusal(() =>
      takeDisruption(
        pdb({ disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2 }),
        'web-0',
        now,
        false,
      ),
    );
    assert.deepEqual(err.status, {
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
            message: 'The disruption budget budget needs 2 healthy pods and has 2 currently',
          },
        ],
      },
      code: 429,
    });
  });

  it('refuses with 429 (retry after 10 s) while the controller has not observed the budget', () => {
    const err = refusal(() => takeDisruption(pdb({ observedGeneration: 0 }), 'web-0', now, false));
    assert.equal(err.code, 429);
    assert.deepEqual(err.status.details, {
      causes: [
        {
          reason: 'DisruptionBudget',
          message: 'The disruption budget budget is still being processed by the server.',
        },
      ],
      retryAfterSeconds: 10,
    });
  });

  it('forbids a negative allowance and an overfull disruptedPods map', () => {
    assert.equal(
      refusal(() => takeDisruption(pdb({ disruptionsAllowed: -1 }), 'web-0', now, false)).message,
      'poddisruptionbudget.policy "budget" is forbidden: pdb disruptions allowed is negative',
    );
    const many = Object.fromEntries(
      Array.from({ length: 2001 }, (_, i) => [`p${i}`, '2026-01-01T00:00:00Z']),
    );
    const err = refusal(() => takeDisruption(pdb({ disruptedPods: many }), 'web-0', now, false));
    assert.equal(err.code, 403);
    assert.match(
      err.message,
      /DisruptedPods map too big - too many evictions not confirmed by PDB controller$/,
    );
  });
});

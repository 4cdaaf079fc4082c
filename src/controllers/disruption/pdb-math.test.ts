import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { expectedPodCount, type ScaleFinder } from './expected-count.js';
import { countHealthyPods, disruptedPodMap, failSafeStatus, nextPdbStatus, scaledValue } from './pdb-math.js';

const now = Date.parse('2026-01-01T00:10:00Z');

function pod(name: string, ready: boolean, owner?: string, extra: Partial<Pod['metadata']> = {}): Pod {
  return {
    metadata: {
      name,
      ...(owner
        ? {
            ownerReferences: [
              { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner, uid: owner, controller: true },
            ],
          }
        : {}),
      ...extra,
    },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}

const finder: ScaleFinder = async (ref) =>
  ref.uid === 'rs-a' ? { uid: 'rs-a', scale: 5 } : ref.uid === 'rs-b' ? { uid: 'rs-b', scale: 3 } : undefined;
const budget = (
  spec: PodDisruptionBudget['spec'],
  status?: PodDisruptionBudget['status'],
): PodDisruptionBudget => ({
  metadata: { name: 'b', generation: 2 },
  spec,
  ...(status ? { status } : {}),
});

describe('expected pods and desired healthy', () => {
  it('scales integers and percentages as upstream', async () => {
    assert.equal(scaledValue(3, 10, true), 3);
    assert.equal(scaledValue('25%', 10, true), 3);
    assert.equal(scaledValue('25%', 10, false), 2);
    assert.throws(
      () => scaledValue('5', 10, true),
      /invalid value for IntOrString: invalid type: string is not a percentage/,
    );
    const pods = [pod('a', true, 'rs-a'), pod('b', true, 'rs-a'), pod('c', true, 'rs-b')];
    assert.deepEqual(await expectedPodCount(budget({ minAvailable: 2 }), pods, [finder]), {
      expectedCount: 3,
      desiredHealthy: 2,
      unmanagedPods: [],
    });
    assert.deepEqual(await expectedPodCount(budget({ minAvailable: '50%' }), pods, [finder]), {
      expectedCount: 8,
      desiredHealthy: 4,
      unmanagedPods: [],
    });
    assert.deepEqual(await expectedPodCount(budget({ maxUnavailable: '30%' }), pods, [finder]), {
      expectedCount: 8,
      desiredHealthy: 5,
      unmanagedPods: [],
    });
    assert.deepEqual(await expectedPodCount(budget({ maxUnavailable: 10 }), pods, [finder]), {
      expectedCount: 8,
      desiredHealthy: 0,
      unmanagedPods: [],
    });
    assert.deepEqual(await expectedPodCount(budget({ maxUnavailable: 1 }), [pod('x', true)], [finder]), {
      expectedCount: 0,
      desiredHealthy: 0,
      unmanagedPods: ['x'],
    });
    await assert.rejects(
      expectedPodCount(budget({ maxUnavailable: 1 }), [pod('x', true, 'rs-z')], [finder]),
      /found no controllers for pod "x"/,
    );
  });
});

describe('status', () => {
  it('counts ready pods that are neither deleted nor being evicted', () => {
    const recent = '2026-01-01T00:09:00Z';
    const stale = '2026-01-01T00:05:00Z';
    const pods = [
      pod('a', true),
      pod('b', true),
      pod('c', false),
      pod('d', true, undefined, { deletionTimestamp: recent }),
      pod('e', true),
    ];
    const { disrupted, recheckAt, overdue } = disruptedPodMap(
      pods,
      budget(
        {},
        {
          disruptedPods: { b: recent, e: stale, gone: recent },
          currentHealthy: 0,
          desiredHealthy: 0,
          expectedPods: 0,
          disruptionsAllowed: 0,
        },
      ),
      now,
    );
    assert.deepEqual(disrupted, { b: recent });
    assert.equal(recheckAt, Date.parse(recent) + 120_000);
    assert.deepEqual(
      overdue.map((p) => p.metadata?.name),
      ['e'],
    );
    assert.equal(countHealthyPods(pods, disrupted, now), 2);
  });

  it('allows currentHealthy - desiredHealthy disruptions, none without expected pods, with the condition', () => {
    const s = nextPdbStatus(
      budget({}),
      { currentHealthy: 4, desiredHealthy: 2, expectedPods: 4, disruptedPods: {} },
      now,
    );
    assert.equal(s?.disruptionsAllowed, 2);
    assert.equal(s?.observedGeneration, 2);
    assert.deepEqual(s?.conditions, [
      {
        type: 'DisruptionAllowed',
        status: 'True',
        reason: 'SufficientPods',
        message: '',
        observedGeneration: 2,
        lastTransitionTime: '2026-01-01T00:10:00Z',
      },
    ]);
    assert.equal(
      nextPdbStatus(
        budget({}, s),
        { currentHealthy: 4, desiredHealthy: 2, expectedPods: 4, disruptedPods: {} },
        now + 1000,
      ),
      undefined,
    );
    const none = nextPdbStatus(
      budget({}, s),
      { currentHealthy: 4, desiredHealthy: 2, expectedPods: 0, disruptedPods: {} },
      now + 5000,
    );
    assert.equal(none?.disruptionsAllowed, 0);
    assert.equal(none?.conditions?.[0]?.reason, 'InsufficientPods');
    assert.equal(none?.conditions?.[0]?.lastTransitionTime, '2026-01-01T00:10:05Z');
  });

  it('fails safe with SyncFailed', () => {
    const s = failSafeStatus(
      budget(
        {},
        {
          currentHealthy: 3,
          desiredHealthy: 1,
          expectedPods: 3,
          disruptionsAllowed: 2,
          observedGeneration: 2,
        },
      ),
      'boom',
      now,
    );
    assert.equal(s.disruptionsAllowed, 0);
    assert.deepEqual(
      [s.conditions?.[0]?.reason, s.conditions?.[0]?.message, s.conditions?.[0]?.status],
      ['SyncFailed', 'boom', 'False'],
    );
  });
});

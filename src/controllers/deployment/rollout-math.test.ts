import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  maxSurgeOf,
  maxUnavailableOf,
  newReplicaSetReplicas,
  proportion,
  resolveFenceposts,
  scaledValue,
} from './rollout-math.js';

const rolling = (replicas: number, maxSurge: number | string, maxUnavailable: number | string) => ({
  replicas,
  strategyType: 'RollingUpdate',
  maxSurge,
  maxUnavailable,
});

describe('rollout math', () => {
  it('rounds surge up and unavailable down', () => {
    assert.equal(scaledValue('25%', 10, true), 3);
    assert.equal(scaledValue('25%', 10, false), 2);
    assert.equal(scaledValue(4, 10, true), 4);
    assert.throws(() => scaledValue('25', 10, true), /string is not a percentage/);
  });

  it('resolves fenceposts as upstream, both zero meaning one unavailable', () => {
    for (const [surge, unavail, desired, want] of [
      ['0%', '1%', 2, { surge: 0, unavailable: 1 }],
      ['1%', '25%', 2, { surge: 1, unavailable: 0 }],
      ['1%', '0%', 1, { surge: 1, unavailable: 0 }],
      [0, 0, 10, { surge: 0, unavailable: 1 }],
      ['25%', '25%', 10, { surge: 3, unavailable: 2 }],
      ['25%', '25%', 1, { surge: 1, unavailable: 0 }],
    ] as const) {
      assert.deepEqual(resolveFenceposts(surge, unavail, desired), want, `${surge}/${unavail}/${desired}`);
    }
  });

  it('caps maxUnavailable at the replica count and gives Recreate neither', () => {
    assert.equal(maxUnavailableOf(rolling(2, 0, 5)), 2);
    assert.equal(maxUnavailableOf(rolling(0, 0, 5)), 0);
    assert.equal(maxSurgeOf({ replicas: 3, strategyType: 'Recreate' }), 0);
  });

  it('grows the new ReplicaSet within the surge and never beyond the desired count', () => {
    const d = rolling(10, 1, 0);
    assert.equal(newReplicaSetReplicas(d, 10, 0), 1);
    assert.equal(newReplicaSetReplicas(d, 11, 1), 1);
    assert.equal(newReplicaSetReplicas(rolling(10, '100%', 0), 10, 0), 10);
    assert.equal(newReplicaSetReplicas({ replicas: 4, strategyType: 'Recreate' }, 0, 0), 4);
  });

  it('shares added replicas in proportion to the size each ReplicaSet was sized against', () => {
    // 10 → 15 replicas with surge 3: a ReplicaSet of 8 sized against 13 grows to round(8*18/13)=11.
    const d = rolling(15, 3, 2);
    assert.equal(proportion(d, 8, 13, 5, 0), 3);
    assert.equal(proportion(d, 5, 13, 5, 3), 2);
    assert.equal(proportion(rolling(5, 1, 1), 8, 13, -7, 0), -4);
  });
});

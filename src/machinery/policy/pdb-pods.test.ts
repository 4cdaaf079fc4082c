import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { budgetsSelectingPod, isPodHealthy } from './pdb-pods.js';

const pod: Pod = { metadata: { name: 'p', namespace: 'ns', labels: { app: 'web' } } };

function pdb(name: string, selector: LabelSelector | undefined, namespace = 'ns'): PodDisruptionBudget {
  return { metadata: { name, namespace }, spec: selector === undefined ? {} : { selector } };
}

const names = (list: PodDisruptionBudget[]) => list.map((p) => p.metadata?.name);

describe('budgetsSelectingPod', () => {
  const budgets = [
    pdb('match', { matchLabels: { app: 'web' } }),
    pdb('other-label', { matchLabels: { app: 'db' } }),
    pdb('other-namespace', { matchLabels: { app: 'web' } }, 'elsewhere'),
    pdb('empty', {}),
    pdb('absent', undefined),
    pdb('invalid', { matchExpressions: [{ key: 'app', operator: 'Bogus' }] }),
  ];

  it('for evictions an empty selector matches nothing', () => {
    assert.deepEqual(names(budgetsSelectingPod(budgets, pod, 'no-pod')), ['match']);
  });

  it('for the controller an empty selector matches every pod', () => {
    assert.deepEqual(names(budgetsSelectingPod(budgets, pod, 'every-pod')), ['match', 'empty']);
  });
});

describe('isPodHealthy', () => {
  it('is the Ready condition', () => {
    assert.equal(isPodHealthy({ status: { conditions: [{ type: 'Ready', status: 'True' }] } }), true);
    assert.equal(isPodHealthy({ status: { conditions: [{ type: 'Ready', status: 'False' }] } }), false);
    assert.equal(isPodHealthy({ status: { phase: 'Running' } }), false);
  });
});

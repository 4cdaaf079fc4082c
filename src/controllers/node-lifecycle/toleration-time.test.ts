import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Taint, Toleration } from 'kubernetes-types/core/v1.js';
import {
  evictionTime,
  matchingTolerations,
  minTolerationTimeMs,
  noExecuteTaints,
} from './toleration-time.js';

const unreachable: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };
const notReady: Taint = { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' };
const tol = (key: string, seconds?: number): Toleration => ({
  key,
  operator: 'Exists',
  effect: 'NoExecute',
  ...(seconds !== undefined ? { tolerationSeconds: seconds } : {}),
});

it('evicts at once without a matching toleration, never with an unlimited one, else after the shortest', () => {
  assert.deepEqual(evictionTime([unreachable], [], 1000), { at: 1000 });
  assert.equal(evictionTime([unreachable], [tol(unreachable.key)], 1000), undefined);
  assert.deepEqual(evictionTime([unreachable], [tol(unreachable.key, 300)], 1000), { at: 301_000 });
  assert.deepEqual(
    evictionTime([unreachable, notReady], [tol(unreachable.key, 300), tol(notReady.key, 60)], 0),
    { at: 60_000 },
  );
  assert.deepEqual(evictionTime([unreachable, notReady], [tol(unreachable.key, 300)], 0), { at: 0 });
  // An operator-less toleration with an empty key matches only an equal empty value.
  assert.equal(matchingTolerations([unreachable], [{ operator: 'Exists' }]).allTolerated, true);
  assert.equal(minTolerationTimeMs([tol('x', 0)]), 0);
  assert.equal(minTolerationTimeMs([tol('x', -5), tol('y', 10)]), 0);
  assert.deepEqual(noExecuteTaints([unreachable, { key: 'k', effect: 'NoSchedule' }]), [unreachable]);
});

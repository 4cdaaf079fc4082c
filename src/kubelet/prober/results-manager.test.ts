import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ResultsManager, type ProbeResultUpdate } from './results-manager.js';

test('results notify on the first value and on changes only; removal is silent', () => {
  const m = new ResultsManager('readiness');
  const seen: ProbeResultUpdate[] = [];
  const cancel = m.subscribe((u) => seen.push(u));
  m.set('c1', 'failure', 'p1');
  m.set('c1', 'failure', 'p1');
  m.set('c1', 'success', 'p1');
  m.remove('c1');
  assert.equal(m.get('c1'), undefined);
  m.set('c1', 'success', 'p1');
  cancel();
  m.set('c1', 'failure', 'p1');
  assert.deepEqual(
    seen.map((u) => `${u.kind}/${u.podUid}/${u.containerId}=${u.result}`),
    ['readiness/p1/c1=failure', 'readiness/p1/c1=success', 'readiness/p1/c1=success'],
  );
});

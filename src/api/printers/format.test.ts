import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  accessModes,
  boolPtr,
  containerCells,
  formatLabels,
  formatLabelSelector,
  joinHostPort,
  listWithMore,
  loadBalancerAddresses,
  selectorString,
} from './format.js';

test('formatLabels sorts the joined pairs, as Go does, and shows <none> when empty', () => {
  assert.equal(formatLabels(undefined), '<none>');
  assert.equal(formatLabels({}), '<none>');
  assert.equal(formatLabels({ b: '2', a: '1' }), 'a=1,b=2');
  // "a.b=…" sorts before "a=…" because '.' < '='.
  assert.equal(formatLabels({ a: '1', 'a.b': '2' }), 'a.b=2,a=1');
});

test('selectorString renders every operator, sorted by key, values sorted', () => {
  assert.equal(selectorString(undefined), '');
  assert.equal(selectorString({}), '');
  assert.equal(
    selectorString({
      matchLabels: { tier: 'web' },
      matchExpressions: [
        { key: 'env', operator: 'NotIn', values: ['test', 'dev'] },
        { key: 'app', operator: 'In', values: ['b', 'a'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'zone', operator: 'Exists' },
      ],
    }),
    'app in (a,b),!canary,env notin (dev,test),tier=web,zone',
  );
  assert.equal(
    selectorString({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }),
    undefined,
  );
  assert.equal(selectorString({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }), undefined);
  assert.equal(
    selectorString({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }),
    undefined,
  );
});

test('formatLabelSelector maps empty to <none> and invalid to <error>', () => {
  assert.equal(formatLabelSelector(undefined), '<none>');
  assert.equal(formatLabelSelector({ matchLabels: {} }), '<none>');
  assert.equal(formatLabelSelector({ matchLabels: { app: 'web' } }), 'app=web');
  assert.equal(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bogus' }] }), '<error>');
});

test('small cell formatters', () => {
  assert.deepEqual(containerCells(undefined), ['', '']);
  assert.deepEqual(containerCells([{ name: 'a', image: 'x' }, { name: 'b' }]), ['a,b', 'x,']);
  assert.equal(accessModes(['ReadOnlyMany', 'ReadWriteOncePod', 'ReadWriteOnce', 'Bogus']), 'RWO,ROX,RWOP');
  assert.equal(accessModes(undefined), '');
  assert.equal(listWithMore(['a', 'b', 'c', 'd'], 7, 3), 'a,b,c + 4 more...');
  assert.equal(listWithMore(['a'], 1, 3), 'a');
  assert.equal(joinHostPort('10.0.0.1', 80), '10.0.0.1:80');
  assert.equal(joinHostPort('fd00::1', 80), '[fd00::1]:80');
  assert.equal(
    loadBalancerAddresses([
      { hostname: 'b.example' },
      { ip: '10.0.0.2', hostname: 'x' },
      { ip: '10.0.0.2' },
      {},
    ]),
    '10.0.0.2,b.example',
  );
  assert.equal(boolPtr(undefined), '<unset>');
  assert.equal(boolPtr(true), 'True');
  assert.equal(boolPtr(false), 'False');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultResourceList, normalizeQuantity } from './quantity.js';

test('normalizeQuantity writes quantities back in canonical form', () => {
  const cases: Array<[unknown, string]> = [
    ['1.5', '1500m'],
    [0.5, '500m'],
    [2, '2'],
    ['1000m', '1'],
    ['1000', '1k'],
    ['12000', '12k'],
    ['1500', '1500'],
    ['0.1', '100m'],
    ['1.5k', '1500'],
    ['1.5Gi', '1536Mi'],
    ['2048Mi', '2Gi'],
    ['1024Mi', '1Gi'],
    ['0.5Gi', '512Mi'],
    ['0.5Ki', '512'],
    ['1.1Ki', '1126400m'],
    ['0', '0'],
    ['0Gi', '0'],
    ['-0', '0'],
    ['0.0', '0'],
    ['-1.5', '-1500m'],
    ['0.5n', '1n'],
    ['1e-10', '1e-9'],
    ['10Ei', '9223372036854775807'],
    ['  2Gi ', '2Gi'],
  ];
  for (const [input, expected] of cases)
    assert.equal(normalizeQuantity(input), expected, `input ${String(input)}`);
});

test('normalizeQuantity keeps text that upstream parses as already canonical', () => {
  for (const text of ['100m', '1Gi', '100Ki', '1e3', '5k', '1M', '+5', '7Ki'])
    assert.equal(normalizeQuantity(text), text);
});

test('normalizeQuantity leaves values that do not parse for validation to reject', () => {
  for (const value of ['', 'abc', '1KB', '1.2.3', '1e', true, null, { a: 1 }]) {
    assert.deepEqual(normalizeQuantity(value), value);
  }
});

test('normalizeQuantity rounds resource-list values up to milli-units on request', () => {
  assert.equal(normalizeQuantity('0.0001', { roundUpToMilli: true }), '1m');
  assert.equal(normalizeQuantity('1.0001', { roundUpToMilli: true }), '1001m');
  assert.equal(normalizeQuantity('1500u', { roundUpToMilli: true }), '2m');
  assert.equal(normalizeQuantity('-1500u', { roundUpToMilli: true }), '-2m');
  assert.equal(normalizeQuantity('0.0001'), '100u');
  assert.equal(normalizeQuantity('250m', { roundUpToMilli: true }), '250m');
});

test('defaultResourceList normalizes a map in place and ignores anything else', () => {
  const list: Record<string, unknown> = { cpu: 0.25, memory: '131072Ki', 'nvidia.com/gpu': 1 };
  defaultResourceList(list);
  assert.deepEqual(list, { cpu: '250m', memory: '128Mi', 'nvidia.com/gpu': '1' });
  assert.doesNotThrow(() => defaultResourceList(['1']));
  assert.doesNotThrow(() => defaultResourceList(undefined));
});

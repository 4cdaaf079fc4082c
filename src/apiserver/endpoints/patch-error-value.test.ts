import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goPrintedValue, sortedJson } from './patch-error-value.js';

describe('values shown in a rejected patch', () => {
  it('prints a decoded patch as Go prints map[string]interface{}', () => {
    assert.equal(
      goPrintedValue({ spec: { replicas: 3, b: null, a: [1, 'x', true], f: 0.5 }, $patch: 'replace' }),
      'map[$patch:replace spec:map[a:[1 x true] b:<nil> f:0.5 replicas:3]]',
    );
    assert.equal(goPrintedValue({ f: 1234567.5, g: 0.00001 }), 'map[f:1.2345675e+06 g:1e-05]');
  });

  it('prints a patched object as compact JSON with sorted keys', () => {
    assert.equal(
      sortedJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 'x' } }),
      '{"a":{"c":"x","d":[{"y":2,"z":1}]},"b":1}',
    );
  });
});

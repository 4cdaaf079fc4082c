import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { controllerRevisionName, hashControllerRevision, templatePatch } from './controller-revision.js';
import { fnv1aOf32, fnv1of32, goJson, safeEncodeString } from './revision-hash.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('revision hashing', () => {
  it('computes FNV-1 and FNV-1a as Go does', () => {
    assert.equal(fnv1of32(bytes('')), 0x811c9dc5);
    assert.equal(fnv1of32(bytes('a')), 0x050c5d7e);
    assert.equal(fnv1of32(bytes('foobar')), 0x31f0b262);
    assert.equal(fnv1aOf32(bytes('a')), 0xe40c292c);
    assert.equal(fnv1aOf32(bytes('foobar')), 0xbf9cf968);
  });

  it('safe-encodes into the vowel-free alphabet', () => {
    // Digits map to 4-9 and b, c, d, f: hashes never spell words.
    assert.equal(safeEncodeString('0123456789'), '456789bcdf');
  });

  it('writes JSON the way Go marshals a decoded map: sorted keys, HTML escaped', () => {
    assert.equal(
      goJson({ b: 1, a: { d: [1, 'x'], c: null }, e: '<&>' }),
      '{"a":{"c":null,"d":[1,"x"]},"b":1,"e":"\\u003c\\u0026\\u003e"}',
    );
  });

  it('names revisions by data and collision count', () => {
    const data = templatePatch({
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'c', image: 'i' }] },
    });
    assert.deepEqual(Object.keys((data['spec'] as { template: object }).template), [
      'metadata',
      'spec',
      '$patch',
    ]);
    const h0 = hashControllerRevision(data, 0);
    assert.match(h0, /^[456789bcdf]+$/);
    assert.equal(hashControllerRevision(structuredClone(data), 0), h0);
    assert.notEqual(hashControllerRevision(data, 1), h0);
    assert.notEqual(hashControllerRevision(data, undefined), h0);
    assert.equal(controllerRevisionName('web', h0), `web-${h0}`);
    assert.equal(controllerRevisionName('x'.repeat(300), 'h').length, 225);
  });
});

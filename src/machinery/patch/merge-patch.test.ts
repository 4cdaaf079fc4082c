import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonValue } from '../../api/object.js';
import { applyMergePatch, checkMergePatchBody } from './merge-patch.js';
import { PatchError, patchErrorToStatus } from './patch-error.js';

describe('applyMergePatch: RFC 7386 appendix A', () => {
  const cases: [JsonValue, JsonValue, JsonValue][] = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  for (const [target, patch, result] of cases) {
    it(`${JSON.stringify(target)} + ${JSON.stringify(patch)}`, () => {
      assert.deepEqual(applyMergePatch(target, patch), result);
    });
  }
});

describe('applyMergePatch: apiserver behaviour', () => {
  it('kubectl label/annotate/scale patches', () => {
    const deploy = { metadata: { name: 'web', labels: { app: 'web' } }, spec: { replicas: 1 } };
    assert.deepEqual(applyMergePatch(deploy, { metadata: { labels: { tier: 'fe', app: null } } }), {
      metadata: { name: 'web', labels: { tier: 'fe' } },
      spec: { replicas: 1 },
    });
    assert.deepEqual(applyMergePatch(deploy, { spec: { replicas: 3 } }), {
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: { replicas: 3 },
    });
  });

  it('prunes nulls from new values, also inside arrays', () => {
    assert.deepEqual(applyMergePatch({}, { a: [{ x: null, y: 1 }, null] }), { a: [{ y: 1 }, null] });
    assert.deepEqual(applyMergePatch({ a: 5 }, { a: [{ x: null }] }), { a: [{}] });
    assert.deepEqual(applyMergePatch({ a: null }, { a: { x: null, y: 2 } }), { a: { y: 2 } });
    assert.deepEqual(applyMergePatch({}, [{ x: null }]), [{}]);
  });

  it('keeps nulls when an existing object is replaced by a non-object (upstream quirk)', () => {
    assert.deepEqual(applyMergePatch({ a: { k: 1 } }, { a: [{ x: null }] }), { a: [{ x: null }] });
  });

  it('never mutates its inputs', () => {
    const target = { a: { b: 1 }, list: [1] };
    const patch = { a: { c: { d: 1 } }, n: { m: 1 } };
    const before = structuredClone(target);
    const patchBefore = structuredClone(patch);
    const out = applyMergePatch(target, patch) as { a: { c: { d: number } }; n: { m: number } };
    assert.deepEqual(target, before);
    assert.deepEqual(patch, patchBefore);
    out.a.c.d = 2;
    out.n.m = 2;
    assert.deepEqual(patch, patchBefore);
  });

  it('rejects null and scalar patches with a 400 "Invalid JSON Patch"', () => {
    for (const patch of [null, 5, 'x', true] as JsonValue[]) {
      assert.throws(
        () => applyMergePatch({}, patch),
        (err: unknown) => {
          assert.ok(err instanceof PatchError);
          assert.equal(err.kind, 'bad-merge-patch');
          const status = patchErrorToStatus(err);
          assert.equal(status.code, 400);
          assert.equal(status.message, 'Invalid JSON Patch');
          return true;
        },
      );
    }
  });
});

describe('checkMergePatchBody', () => {
  it('accepts objects and null, rejects the rest under Strict/Warn', () => {
    checkMergePatchBody({ a: 1 });
    checkMergePatchBody(null, 'Strict');
    checkMergePatchBody([1], 'Ignore');
    assert.throws(() => checkMergePatchBody([1]), {
      message:
        'error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}',
    });
    assert.throws(() => checkMergePatchBody('x', 'Strict'), {
      message:
        'error decoding patch: json: cannot unmarshal string into Go value of type map[string]interface {}',
    });
    assert.throws(() => checkMergePatchBody(false), /cannot unmarshal bool into/);
  });
});

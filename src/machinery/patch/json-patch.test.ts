import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonValue } from '../../api/object.js';
import {
  applyJsonPatch,
  decodeJsonPatch,
  MAX_JSON_PATCH_OPERATIONS,
  type JsonPatchOperation,
  type JsonPatchOperationInput,
} from './json-patch.js';
import { decodePointerToken, encodePointerToken, formatJsonPointer, splitPatchPath } from './json-pointer.js';
import { PatchError, patchErrorToStatus } from './patch-error.js';

type Op = JsonPatchOperation | JsonPatchOperationInput;

describe('applyJsonPatch: RFC 6902 appendix A', () => {
  const cases: [string, JsonValue, Op[], JsonValue][] = [
    [
      'A.1 add object member',
      { foo: 'bar' },
      [{ op: 'add', path: '/baz', value: 'qux' }],
      { foo: 'bar', baz: 'qux' },
    ],
    [
      'A.2 add array element',
      { foo: ['bar', 'baz'] },
      [{ op: 'add', path: '/foo/1', value: 'qux' }],
      { foo: ['bar', 'qux', 'baz'] },
    ],
    [
      'A.3 remove object member',
      { baz: 'qux', foo: 'bar' },
      [{ op: 'remove', path: '/baz' }],
      { foo: 'bar' },
    ],
    [
      'A.4 remove array element',
      { foo: ['bar', 'qux', 'baz'] },
      [{ op: 'remove', path: '/foo/1' }],
      { foo: ['bar', 'baz'] },
    ],
    [
      'A.5 replace',
      { baz: 'qux', foo: 'bar' },
      [{ op: 'replace', path: '/baz', value: 'boo' }],
      { baz: 'boo', foo: 'bar' },
    ],
    [
      'A.6 move value',
      { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
      [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
      { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
    ],
    [
      'A.7 move array element',
      { foo: ['all', 'grass', 'cows', 'eat'] },
      [{ op: 'move', from: '/foo/1', path: '/foo/3' }],
      { foo: ['all', 'cows', 'eat', 'grass'] },
    ],
    [
      'A.8 test success',
      { baz: 'qux', foo: ['a', 2, 'c'] },
      [
        { op: 'test', path: '/baz', value: 'qux' },
        { op: 'test', path: '/foo/1', value: 2 },
      ],
      { baz: 'qux', foo: ['a', 2, 'c'] },
    ],
    [
      'A.10 add nested member',
      { foo: 'bar' },
      [{ op: 'add', path: '/child', value: { grandchild: {} } }],
      { foo: 'bar', child: { grandchild: {} } },
    ],
    [
      'A.11 ignore unknown members',
      { foo: 'bar' },
      [{ op: 'add', path: '/baz', value: 'qux', xyz: 123 }],
      { foo: 'bar', baz: 'qux' },
    ],
    ['A.14 ~ escapes', { '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: 10 }], { '/': 9, '~1': 10 }],
    [
      'A.16 add array value',
      { foo: ['bar'] },
      [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }],
      { foo: ['bar', ['abc', 'def']] },
    ],
  ];
  for (const [name, doc, ops, result] of cases) {
    it(name, () => assert.deepEqual(applyJsonPatch(doc, ops), result));
  }
});

describe('applyJsonPatch: what kubectl and clients send', () => {
  it('rollout undo replaces the template and annotations', () => {
    const deploy = {
      metadata: { annotations: { a: '1' } },
      spec: { template: { spec: { containers: [{ name: 'c', image: 'v2' }] } } },
    };
    const out = applyJsonPatch(deploy, [
      {
        op: 'replace',
        path: '/spec/template',
        value: { spec: { containers: [{ name: 'c', image: 'v1' }] } },
      },
      { op: 'replace', path: '/metadata/annotations', value: { a: '2' } },
    ]);
    assert.deepEqual(out, {
      metadata: { annotations: { a: '2' } },
      spec: { template: { spec: { containers: [{ name: 'c', image: 'v1' }] } } },
    });
  });

  it('escapes / in label keys', () => {
    const out = applyJsonPatch({ metadata: { labels: {} } }, [
      { op: 'add', path: '/metadata/labels/app.kubernetes.io~1name', value: 'web' },
    ]);
    assert.deepEqual(out, { metadata: { labels: { 'app.kubernetes.io/name': 'web' } } });
  });

  it('copy duplicates the value deeply', () => {
    const out = applyJsonPatch({ a: { b: [1] } }, [
      { op: 'copy', from: '/a', path: '/c' },
      { op: 'add', path: '/c/b/-', value: 2 },
    ]);
    assert.deepEqual(out, { a: { b: [1] }, c: { b: [1, 2] } });
  });

  it('never mutates its inputs', () => {
    const doc = { a: { b: 1 }, list: [1, 2] };
    const value = { deep: { x: 1 } };
    const ops: Op[] = [
      { op: 'add', path: '/v', value },
      { op: 'add', path: '/v/deep/y', value: 2 },
      { op: 'remove', path: '/list/0' },
      { op: 'replace', path: '/a/b', value: 5 },
    ];
    const out = applyJsonPatch(doc, ops);
    assert.deepEqual(doc, { a: { b: 1 }, list: [1, 2] });
    assert.deepEqual(value, { deep: { x: 1 } });
    assert.deepEqual(out, { a: { b: 5 }, list: [2], v: { deep: { x: 1, y: 2 } } });
  });

  it('patches a top-level array', () => {
    assert.deepEqual(applyJsonPatch([1, 2], [{ op: 'add', path: '/0', value: 0 }]), [0, 1, 2]);
  });
});

describe('applyJsonPatch: evanphx/json-patch v4 behaviour', () => {
  const cases: [string, JsonValue, Op[], JsonValue][] = [
    [
      'negative index on add counts from the end',
      { a: [1, 2] },
      [{ op: 'add', path: '/a/-1', value: 9 }],
      { a: [1, 2, 9] },
    ],
    ['negative index on remove', { a: [1, 2, 3] }, [{ op: 'remove', path: '/a/-1' }], { a: [1, 2] }],
    [
      'negative index on replace',
      { a: [1, 2, 3] },
      [{ op: 'replace', path: '/a/-3', value: 0 }],
      { a: [0, 2, 3] },
    ],
    ['index with leading zero and plus', { a: [1, 2, 3] }, [{ op: 'remove', path: '/a/+01' }], { a: [1, 3] }],
    [
      'replace of a missing member adds it',
      { a: {} },
      [{ op: 'replace', path: '/a/b', value: 1 }],
      { a: { b: 1 } },
    ],
    ['replace of the whole document', { a: 1 }, [{ op: 'replace', path: '', value: { b: 2 } }], { b: 2 }],
    [
      'replace of the whole document by a scalar does nothing',
      { a: 1 },
      [{ op: 'replace', path: '', value: 5 }],
      { a: 1 },
    ],
    ['test null matches a missing member', { a: 1 }, [{ op: 'test', path: '/b', value: null }], { a: 1 }],
    ['test null matches a null member', { a: null }, [{ op: 'test', path: '/a', value: null }], { a: null }],
    ['test of the whole document', { a: [1] }, [{ op: 'test', path: '', value: { a: [1] } }], { a: [1] }],
    [
      'copy from a missing member copies null',
      { a: 1 },
      [{ op: 'copy', from: '/x', path: '/y' }],
      { a: 1, y: null },
    ],
    ['add without value adds null', { a: 1 }, [{ op: 'add', path: '/b' }], { a: 1, b: null }],
    [
      'text before the first slash is ignored',
      { a: 1 },
      [{ op: 'add', path: 'zzz/b', value: 2 }],
      { a: 1, b: 2 },
    ],
    ['the empty token is a key', { a: 1 }, [{ op: 'add', path: '/', value: 2 }], { a: 1, '': 2 }],
    ['move onto the same place', { a: [1, 2] }, [{ op: 'move', from: '/a/0', path: '/a/0' }], { a: [1, 2] }],
    ['empty patch', { a: 1 }, [], { a: 1 }],
  ];
  for (const [name, doc, ops, result] of cases) {
    it(name, () => assert.deepEqual(applyJsonPatch(doc, ops), result));
  }

  const failures: [string, JsonValue, Op[], string][] = [
    [
      'test failure',
      { a: 1 },
      [{ op: 'test', path: '/a', value: 2 }],
      'testing value /a failed: test failed',
    ],
    [
      'test of a missing member against a value',
      { a: 1 },
      [{ op: 'test', path: '/b', value: 1 }],
      'testing value /b failed: test failed',
    ],
    [
      'test on a missing parent',
      { a: 1 },
      [{ op: 'test', path: '/x/y', value: 1 }],
      'test operation does not apply: is missing path: /x/y: missing value',
    ],
    [
      'test whole document mismatch',
      { a: 1 },
      [{ op: 'test', path: '', value: {} }],
      'testing value  failed: test failed',
    ],
    [
      'add under a missing parent',
      { a: 1 },
      [{ op: 'add', path: '/x/y', value: 1 }],
      'add operation does not apply: doc is missing path: "/x/y": missing value',
    ],
    [
      'add at the root',
      { a: 1 },
      [{ op: 'add', path: '', value: {} }],
      'add operation does not apply: doc is missing path: "": missing value',
    ],
    [
      'add under a scalar',
      { a: 1 },
      [{ op: 'add', path: '/a/b', value: 1 }],
      'add operation does not apply: doc is missing path: "/a/b": missing value',
    ],
    [
      'add past the end of an array',
      { a: [1] },
      [{ op: 'add', path: '/a/2', value: 1 }],
      "error in add for path: '/a/2': Unable to access invalid index: 2: invalid index referenced",
    ],
    [
      'add with a non-numeric index',
      { a: [1] },
      [{ op: 'add', path: '/a/x', value: 1 }],
      `error in add for path: '/a/x': value was not a proper array index: 'x': strconv.Atoi: parsing "x": invalid syntax`,
    ],
    [
      'remove a missing member',
      { a: 1 },
      [{ op: 'remove', path: '/b' }],
      "error in remove for path: '/b': Unable to remove nonexistent key: b: missing value",
    ],
    [
      'remove past the end',
      { a: [1] },
      [{ op: 'remove', path: '/a/1' }],
      "error in remove for path: '/a/1': Unable to access invalid index: 1: invalid index referenced",
    ],
    [
      'remove with "-"',
      { a: [1] },
      [{ op: 'remove', path: '/a/-' }],
      `error in remove for path: '/a/-': strconv.Atoi: parsing "-": invalid syntax`,
    ],
    [
      'replace past the end',
      { a: [1] },
      [{ op: 'replace', path: '/a/5', value: 1 }],
      'replace operation does not apply: doc is missing key: /a/5: missing value',
    ],
    [
      'replace under a missing parent',
      { a: 1 },
      [{ op: 'replace', path: '/x/y', value: 1 }],
      'replace operation does not apply: doc is missing path: /x/y: missing value',
    ],
    [
      'move from a missing member',
      { a: 1 },
      [{ op: 'move', from: '/b', path: '/c' }],
      "error in move for path: 'b': Unable to remove nonexistent key: b: missing value",
    ],
    [
      'move into its own child',
      { a: { b: 1 } },
      [{ op: 'move', from: '/a', path: '/a/c' }],
      'move operation does not apply: doc is missing destination path: /a/c: missing value',
    ],
    [
      'copy to a missing parent',
      { a: 1 },
      [{ op: 'copy', from: '/a', path: '/x/y' }],
      'copy operation does not apply: doc is missing destination path: /x/y: missing value',
    ],
    [
      'copy from past the end',
      { a: [1] },
      [{ op: 'copy', from: '/a/3', path: '/b' }],
      "error in copy for from: '/a/3': Unable to access invalid index: 3: invalid index referenced",
    ],
    ['unknown op', { a: 1 }, [{ op: 'merge', path: '/a', value: 1 }], 'Unexpected kind: merge'],
    ['op missing', { a: 1 }, [{ path: '/a' }], 'Unexpected kind: unknown'],
    ['null operation', { a: 1 }, [null], 'Unexpected kind: unknown'],
    [
      'path missing',
      { a: 1 },
      [{ op: 'add', value: 1 }],
      'add operation failed to decode path: missing value',
    ],
    [
      'from missing',
      { a: 1 },
      [{ op: 'copy', path: '/b' }],
      'copy operation failed to decode from: operation, missing from field: missing value',
    ],
    ['scalar document', 5, [], 'json: cannot unmarshal number into Go value of type jsonpatch.partialDoc'],
  ];
  for (const [name, doc, ops, message] of failures) {
    it(`fails: ${name}`, () => {
      assert.throws(
        () => applyJsonPatch(doc, ops),
        (err: unknown) => {
          assert.ok(err instanceof PatchError);
          assert.equal(err.kind, 'apply');
          assert.equal(err.message, message);
          return true;
        },
      );
    });
  }

  it('stops at the first failing operation without touching the input', () => {
    const doc = { a: 1 };
    assert.throws(() =>
      applyJsonPatch(doc, [
        { op: 'add', path: '/b', value: 2 },
        { op: 'test', path: '/a', value: 9 },
      ]),
    );
    assert.deepEqual(doc, { a: 1 });
  });

  it('limits the bytes copy operations add', () => {
    const doc = { a: 'x'.repeat(100) };
    const ops: Op[] = [
      { op: 'copy', from: '/a', path: '/b' },
      { op: 'copy', from: '/a', path: '/c' },
    ];
    assert.deepEqual(Object.keys(applyJsonPatch(doc, ops, { maxCopyBytes: 204 }) as object), ['a', 'b', 'c']);
    assert.throws(() => applyJsonPatch(doc, ops, { maxCopyBytes: 203 }), {
      message:
        'Unable to complete the copy, the accumulated size increase of copy is 204, exceeding the limit 203',
    });
    assert.doesNotThrow(() => applyJsonPatch(doc, ops, { maxCopyBytes: 0 }));
  });

  it("maps an apply failure to the apiserver's generic 422", () => {
    try {
      applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }]);
      assert.fail('expected a failure');
    } catch (err) {
      assert.ok(err instanceof PatchError);
      assert.equal(
        JSON.stringify(patchErrorToStatus(err).status),
        '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server rejected our request due to an error in our request","reason":"Invalid","details":{},"code":422}',
      );
    }
  });
});

describe('decodeJsonPatch', () => {
  it('accepts an array of operations, and null as no operations', () => {
    const ops = [{ op: 'add', path: '/a', value: 1 }];
    assert.deepEqual(decodeJsonPatch(ops), { operations: ops, strictErrors: [] });
    assert.deepEqual(decodeJsonPatch(null), { operations: [], strictErrors: [] });
    assert.deepEqual(decodeJsonPatch([null]).operations, [null]);
  });

  it('reports unknown members as strict errors', () => {
    assert.deepEqual(decodeJsonPatch([{ op: 'add', path: '/a', value: 1, Op: 'x' }], 'Strict').strictErrors, [
      'json patch unknown field "[0].Op"',
    ]);
    assert.deepEqual(decodeJsonPatch([{ op: 'add', path: '/a', xyz: 1 }], 'Ignore').strictErrors, []);
  });

  const errors: [unknown, 'Strict' | 'Warn' | 'Ignore', string][] = [
    [
      { op: 'add' },
      'Warn',
      'error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp',
    ],
    [
      'x',
      'Strict',
      'error decoding patch: json: cannot unmarshal string into Go value of type []handlers.jsonPatchOp',
    ],
    [
      [5],
      'Warn',
      'error decoding patch: json: cannot unmarshal number into Go value of type handlers.jsonPatchOp',
    ],
    [
      [{ op: 5, path: '/a' }],
      'Warn',
      'error decoding patch: json: cannot unmarshal number into Go struct field jsonPatchOp.op of type string',
    ],
    [
      [{ op: 'add', path: true }],
      'Strict',
      'error decoding patch: json: cannot unmarshal bool into Go struct field jsonPatchOp.path of type string',
    ],
    [{ op: 'add' }, 'Ignore', 'json: cannot unmarshal object into Go value of type jsonpatch.Patch'],
    [[[1]], 'Ignore', 'json: cannot unmarshal array into Go value of type jsonpatch.Operation'],
  ];
  for (const [body, validation, message] of errors) {
    it(`rejects ${JSON.stringify(body)} (${validation}) with a 400`, () => {
      assert.throws(
        () => decodeJsonPatch(body, validation),
        (err: unknown) => {
          assert.ok(err instanceof PatchError);
          assert.equal(err.kind, 'decode');
          assert.equal(err.message, message);
          assert.equal(patchErrorToStatus(err).code, 400);
          return true;
        },
      );
    });
  }

  it('allows a non-string op under Ignore (it fails when applied)', () => {
    assert.equal(decodeJsonPatch([{ op: 5 }], 'Ignore').operations.length, 1);
  });

  it('rejects more than 10000 operations with a 413', () => {
    const ops = Array.from({ length: MAX_JSON_PATCH_OPERATIONS + 1 }, () => ({
      op: 'test',
      path: '/a',
      value: 1,
    }));
    assert.equal(decodeJsonPatch(ops.slice(1)).operations.length, MAX_JSON_PATCH_OPERATIONS);
    assert.throws(
      () => decodeJsonPatch(ops),
      (err: unknown) => {
        assert.ok(err instanceof PatchError);
        const status = patchErrorToStatus(err);
        assert.equal(status.code, 413);
        assert.equal(
          status.message,
          'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001',
        );
        return true;
      },
    );
  });
});

describe('JSON pointer tokens', () => {
  it('decodes and encodes', () => {
    assert.equal(decodePointerToken('a~1b'), 'a/b');
    assert.equal(decodePointerToken('~01'), '~1');
    assert.equal(decodePointerToken('~0~1'), '~/');
    assert.equal(encodePointerToken('~/'), '~0~1');
    assert.equal(
      formatJsonPointer(['metadata', 'labels', 'app.kubernetes.io/name']),
      '/metadata/labels/app.kubernetes.io~1name',
    );
    assert.equal(formatJsonPointer([]), '');
    assert.equal(formatJsonPointer(['spec', 'containers', 0]), '/spec/containers/0');
  });

  it('splits paths like the apiserver library', () => {
    assert.deepEqual(splitPatchPath('/a/b~1c/d'), { parents: ['a', 'b/c'], key: 'd' });
    assert.deepEqual(splitPatchPath('/'), { parents: [], key: '' });
    assert.deepEqual(splitPatchPath('x/y'), { parents: [], key: 'y' });
    assert.equal(splitPatchPath(''), undefined);
    assert.equal(splitPatchPath('abc'), undefined);
  });
});

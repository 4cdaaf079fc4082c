import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SchemaNode, findTypeMismatch, pruneUnknownFields } from '../../api/openapi/index.js';
import { decodeWalk } from './decode-walk.js';

const pod = SchemaNode.forKind({ group: '', version: 'v1', kind: 'Pod' })!;

describe('the decode walk', () => {
  it('lists and prunes what pruneUnknownFields does, in the same order', () => {
    const body = () => ({
      metadata: { name: 'p', bogus: 1, labels: { constructor: 'x' }, ownerReferences: null },
      spec: {
        containers: [
          { name: 'a', image: 'i', imagePullPolicyy: 'x', ports: [null, { containerPort: 1, zz: 2 }] },
        ],
        nodeName: null,
        '': 3,
      },
      zz: true,
    });
    const expected = body();
    const unknown = pruneUnknownFields(expected, pod);
    const object = body();
    const walk = decodeWalk(object, pod, true);
    assert.deepEqual(walk.unknown, unknown);
    assert.deepEqual(walk.unknown, [
      'metadata.bogus',
      'spec.containers[0].imagePullPolicyy',
      'spec.containers[0].ports[1].zz',
      'spec.',
      'zz',
    ]);
    assert.deepEqual(object, expected);
    assert.equal(walk.mismatch, false);
  });

  it('leaves the object alone without pruning', () => {
    const object = { metadata: { bogus: 1, labels: null } };
    assert.deepEqual(decodeWalk(object, pod, false).unknown, ['metadata.bogus']);
    assert.deepEqual(object, { metadata: { bogus: 1, labels: null } });
  });

  it('stops at the first value of the wrong type, where findTypeMismatch finds it', () => {
    const object = { metadata: { bogus: 1 }, spec: { containers: [{ name: 'a', image: 7 }] } };
    const walk = decodeWalk(object, pod, true);
    assert.equal(walk.mismatch, true);
    assert.deepEqual(findTypeMismatch(object, pod, 'Pod'), {
      found: 'number 7',
      field: 'Container.spec.containers.image',
      expected: 'string',
    });
  });

  it('reports the first malformed quantity, after any type mismatch decides', () => {
    const quantities = (limits: unknown) => ({
      spec: { containers: [{ name: 'a', resources: { requests: { cpu: '1GG' }, limits } }] },
    });
    assert.equal(
      decodeWalk(quantities({ memory: 'x' }), pod, true).badQuantity,
      "unable to parse quantity's suffix",
    );
    const both = decodeWalk(quantities('not a map'), pod, true);
    assert.equal(both.mismatch, true);
    assert.equal(
      decodeWalk(quantities({ memory: '1Gi' }), pod, true).badQuantity,
      "unable to parse quantity's suffix",
    );
    assert.equal(
      decodeWalk(quantities({ memory: null }), pod, true).badQuantity,
      "unable to parse quantity's suffix",
    );
    assert.equal(decodeWalk({ spec: { overhead: { cpu: 0.5 } } }, pod, true).badQuantity, undefined);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromFieldsV1, toFieldsV1, FieldsV1Error } from './fields-v1.js';
import { keyElement } from './path-element.js';
import { PathSet } from './path-set.js';

const f = (name: string) => ({ field: name });

describe('FieldsV1', () => {
  it('encodes members as {} and a member with children with "." after them', () => {
    const set = PathSet.of(
      [f('metadata'), f('labels')],
      [f('metadata'), f('labels'), f('app')],
      [f('spec'), f('replicas')],
      [f('spec'), f('containers'), keyElement([{ name: 'name', value: 'web' }])],
      [f('spec'), f('containers'), keyElement([{ name: 'name', value: 'web' }]), f('image')],
      [f('metadata'), f('finalizers'), { value: 'b' }],
      [f('metadata'), f('finalizers'), { value: 'a' }],
    );
    const encoded = toFieldsV1(set);
    assert.equal(
      JSON.stringify(encoded),
      '{"f:metadata":{"f:finalizers":{"v:\\"a\\"":{},"v:\\"b\\"":{}},"f:labels":{"f:app":{},".":{}}},' +
        '"f:spec":{"f:containers":{"k:{\\"name\\":\\"web\\"}":{"f:image":{},".":{}}},"f:replicas":{}}}',
    );
    assert.ok(fromFieldsV1(encoded).equals(set));
  });

  it('reads this server’s own FieldsV1 back as the set it was made from; a client value afresh', () => {
    const set = PathSet.of([f('spec'), f('replicas')], [f('metadata'), f('labels'), f('app')]);
    const encoded = toFieldsV1(set);
    // The next write to the object reads its stored managers without decoding them again.
    assert.equal(fromFieldsV1(encoded, true), set);
    const stored = JSON.parse(JSON.stringify(encoded)) as typeof encoded;
    const read = fromFieldsV1(stored, true);
    assert.notEqual(read, set);
    assert.ok(read.equals(set));
    assert.equal(fromFieldsV1(stored, true), read);
    // A client's value is never taken for a known set: it may be in another order, or change.
    assert.notEqual(fromFieldsV1(encoded), set);
    assert.ok(fromFieldsV1(encoded).equals(set));
  });

  it('writes a stored value back as it is while its set is unchanged; a client value is re-encoded', () => {
    const stored = { 'f:metadata': { 'f:labels': { 'f:app': {} } }, 'f:spec': { 'f:replicas': {} } };
    const set = fromFieldsV1(stored, true);
    // Removing what the set does not hold leaves it (and its encoding) as it was.
    const same = set.difference(PathSet.of([f('status'), f('phase')]));
    assert.equal(same, set);
    assert.equal(toFieldsV1(same), stored);
    // Removing a member makes a new set, encoded afresh.
    const smaller = set.difference(PathSet.of([f('spec'), f('replicas')]));
    assert.notEqual(smaller, set);
    assert.deepEqual(toFieldsV1(smaller), { 'f:metadata': { 'f:labels': { 'f:app': {} } } });
    // Taking fields the set already holds (a lease's renewTime again) leaves it as it was, too.
    const retaken = PathSet.of([f('spec'), f('replicas')]).union(set);
    assert.equal(retaken, set);
    assert.equal(set.union(PathSet.of([f('metadata'), f('labels'), f('app')])), set);
    const grown = set.union(PathSet.of([f('spec'), f('paused')]));
    assert.notEqual(grown, set);
    assert.deepEqual(toFieldsV1(grown), {
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': { 'f:paused': {}, 'f:replicas': {} },
    });
    // A client's keys in another order come back in upstream's order.
    const sent = { 'f:spec': { 'f:replicas': {} }, 'f:metadata': { 'f:labels': { 'f:app': {} } } };
    const fromClient = fromFieldsV1(sent);
    assert.equal(JSON.stringify(toFieldsV1(fromClient)), JSON.stringify(stored));
  });

  it('decodes "." first or last, {} as a member, and drops unknown kinds', () => {
    const set = fromFieldsV1({
      'f:a': { '.': {}, 'f:b': {} },
      'f:c': {},
      'x:future': {},
      'f:d': { 'x:new': {} },
    });
    assert.deepEqual(
      set.paths().map((p) => p.map((pe) => ('field' in pe ? pe.field : '?')).join('.')),
      ['a', 'c', 'd', 'a.b'],
    );
    assert.ok(fromFieldsV1(undefined).isEmpty());
    assert.throws(() => fromFieldsV1({ 'f:a': 1 }), FieldsV1Error);
    assert.throws(() => fromFieldsV1({ zz: {} }), FieldsV1Error);
  });
});

describe('PathSet', () => {
  const a = PathSet.of([f('spec'), f('replicas')], [f('spec'), f('paused')], [f('status')]);
  const b = PathSet.of([f('spec'), f('replicas')], [f('status'), f('phase')]);

  it('unions, intersects and subtracts exact paths', () => {
    assert.equal(a.union(b).paths().length, 4);
    assert.deepEqual(a.intersection(b).paths(), [[f('spec'), f('replicas')]]);
    assert.deepEqual(a.difference(b).paths(), [[f('status')], [f('spec'), f('paused')]]);
  });

  it('subtracts recursively below members', () => {
    const reset = PathSet.of([f('status')]);
    assert.deepEqual(b.recursiveDifference(reset).paths(), [[f('spec'), f('replicas')]]);
    assert.deepEqual(b.difference(reset).paths(), b.paths());
  });

  it('answers membership', () => {
    assert.ok(a.has([f('spec'), f('paused')]));
    assert.ok(!a.has([f('spec')]));
    assert.ok(!a.has([]));
    assert.ok(new PathSet().isEmpty());
  });
});

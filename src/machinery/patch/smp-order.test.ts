import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from '../../api/object.js';
import { SchemaNode } from '../../api/openapi/index.js';
import { patchSchemaOf } from './smp-schema.js';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';

const podNode = SchemaNode.forKind({ group: '', version: 'v1', kind: 'Pod' });
assert.ok(podNode);
const schema = patchSchemaOf(podNode);

const named = (name: string): JsonObject => ({ name });
const deleted = (name: string): JsonObject => ({ name, $patch: 'delete' });

// The env var names of container "c" after patching a pod whose env vars are `live`.
function envAfter(live: string[], containerPatch: JsonObject): string {
  const pod = { spec: { containers: [{ name: 'c', env: live.map(named) }] } };
  const out = applyStrategicMergePatch(
    pod,
    { spec: { containers: [{ name: 'c', ...containerPatch }] } },
    schema,
  );
  const container = ((out['spec'] as JsonObject)['containers'] as JsonObject[])[0] as JsonObject;
  return (container['env'] as JsonObject[]).map((e) => e['name']).join(',');
}

function finalizersAfter(live: string[], metadataPatch: JsonObject): string {
  const out = applyStrategicMergePatch(
    { metadata: { finalizers: live } },
    { metadata: metadataPatch },
    schema,
  );
  return ((out['metadata'] as JsonObject)['finalizers'] as string[]).join(',');
}

describe('strategic merge patch list order: merge lists with a key', () => {
  const cases: [string, string[], JsonObject, string][] = [
    [
      '$setElementOrder alone reorders',
      ['A', 'B', 'C'],
      { '$setElementOrder/env': ['C', 'A', 'B'].map(named) },
      'C,A,B',
    ],
    [
      'a new element lands where $setElementOrder puts it',
      ['A', 'B'],
      { '$setElementOrder/env': ['A', 'N', 'B'].map(named), env: [named('N')] },
      'A,N,B',
    ],
    [
      'a server-only element keeps its live position relative to the ordered ones',
      ['A', 'S', 'B'],
      { '$setElementOrder/env': ['B', 'A'].map(named) },
      'S,B,A',
    ],
    [
      'a server-only element before a new one stays before it',
      ['S', 'A'],
      { '$setElementOrder/env': ['A', 'N'].map(named), env: [named('N')] },
      'S,A,N',
    ],
    [
      // Upstream deletes B in place and appends C into the freed slot of the live list it then
      // orders S against (Go slice aliasing), so S lands before C, not after it.
      'a rename next to a server-only element (delete + add)',
      ['A', 'B', 'S'],
      { '$setElementOrder/env': ['A', 'C'].map(named), env: [named('C'), deleted('B')] },
      'A,S,C',
    ],
    ['without $setElementOrder a new element goes first', ['A', 'B'], { env: [named('N')] }, 'N,A,B'],
    [
      'without $setElementOrder patched elements follow the patch order, server-only ones interleave',
      ['A', 'B', 'C'],
      { env: ['C', 'A'].map(named) },
      'B,C,A',
    ],
    [
      '$setElementOrder naming an element that is in neither list is ignored',
      ['A', 'C'],
      { '$setElementOrder/env': ['C', 'B', 'A'].map(named), env: ['C', 'A'].map(named) },
      'C,A',
    ],
  ];
  for (const [name, live, patch, expected] of cases) {
    it(name, () => assert.equal(envAfter(live, patch), expected));
  }

  it('orders lists longer than one insertion-sort block (20) the way Go does', () => {
    const many = Array.from({ length: 25 }, (_, i) => `e${i}`);
    assert.equal(
      envAfter(many, { '$setElementOrder/env': [...many].reverse().map(named) }),
      [...many].reverse().join(','),
    );
    const partial = envAfter(many, { '$setElementOrder/env': ['e24', 'e3'].map(named) });
    assert.equal(partial, [...many.filter((e) => e !== 'e3' && e !== 'e24'), 'e24', 'e3'].join(','));
  });
});

describe('strategic merge patch list order: primitive merge lists', () => {
  const cases: [string, string[], JsonObject, string][] = [
    [
      'union: patch values first, in patch order, then live-only ones',
      ['a', 'b'],
      { finalizers: ['c', 'a'] },
      'c,a,b',
    ],
    [
      '$setElementOrder reorders',
      ['a', 'b', 'c'],
      { '$setElementOrder/finalizers': ['c', 'b', 'a'] },
      'c,b,a',
    ],
    [
      'a live-only value keeps its relative position',
      ['a', 's', 'b'],
      { '$setElementOrder/finalizers': ['b', 'a'] },
      's,b,a',
    ],
    [
      'a new value lands where $setElementOrder puts it',
      ['a', 'b'],
      { '$setElementOrder/finalizers': ['a', 'n', 'b'], finalizers: ['n'] },
      'a,n,b',
    ],
    [
      'kubectl apply removing a value: order first, then the deletion list',
      ['example.com/a', 'example.com/b'],
      {
        '$deleteFromPrimitiveList/finalizers': ['example.com/b'],
        '$setElementOrder/finalizers': ['example.com/a'],
      },
      'example.com/a',
    ],
    ['duplicates collapse', ['a', 'a', 'b'], { finalizers: ['b'] }, 'a,b'],
  ];
  for (const [name, live, patch, expected] of cases) {
    it(name, () => assert.equal(finalizersAfter(live, patch), expected));
  }
});

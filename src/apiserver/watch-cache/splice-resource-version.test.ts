import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import { decodeCached, encodeForStorage } from '../registry/object-codec.js';
import { CachedObject } from './cached-object.js';
import { spliceResourceVersion } from './splice-resource-version.js';

const tricky: KubeObject[] = [
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'a', labels: { x: 'y"}{' }, annotations: { q: '\\"', 'x/resourceVersion': '1' } },
    spec: { containers: [{ name: 'c', args: ['{', '}', '[', ']', '"metadata":{'] }] },
  },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} },
  // A nested "metadata" before the top-level one, scalars of every kind, nested arrays.
  {
    kind: 'Deployment',
    spec: { template: { metadata: { name: 'inner' } } },
    metadata: { name: 'outer' },
    n: -1.5e-7,
    b: true,
    z: null,
    arr: [1, [2, {}], 'x'],
  } as unknown as KubeObject,
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: '日本', annotations: { e: 'ü\u2028\ud800' } } },
];

test('the stored bytes with the resourceVersion spliced in are the JSON of the decoded object', () => {
  for (const object of tricky) {
    const stored = encodeForStorage(object);
    const decoded = decodeCached({ key: '/k', value: stored, modRevision: 42, createRevision: 1 });
    assert.equal(
      decoded.bytes().toString(),
      JSON.stringify({ ...object, metadata: { ...object.metadata, resourceVersion: '42' } }),
    );
    assert.equal(decoded.bytes().toString(), JSON.stringify(decoded.object));
  }
});

test('bytes it cannot splice are left to the serializer', () => {
  const cases = [
    '{"kind":"NoMetadata"}',
    '{"metadata":"not an object"}',
    '{ "metadata": {} }',
    '{"metadata":{"name":"x","resourceVersion":"3"}}',
    '{"metadata":{"name":"unterminated}',
    '[1,2]',
  ];
  for (const text of cases) assert.equal(spliceResourceVersion(Buffer.from(text), 7), undefined, text);
  // A cached object made from such bytes still serves the object itself.
  const object = { kind: 'X', metadata: { name: 'x', resourceVersion: '7' } } as KubeObject;
  const cached = new CachedObject(
    '/x',
    object,
    7,
    Buffer.from('{"kind":"X","metadata":{"name":"x","resourceVersion":"3"}}'),
  );
  assert.equal(cached.bytes().toString(), JSON.stringify(object));
});

test('where the encoder saw the metadata close, the splice agrees with a scan of the same bytes', () => {
  const objects: KubeObject[] = [
    ...tricky,
    // No metadata at all: the stored form appends an empty one.
    { apiVersion: 'v1', kind: 'Namespace' } as KubeObject,
    // Metadata first, and a field JSON leaves out.
    { metadata: { name: 'm', resourceVersion: '9' }, kind: 'X', gone: undefined } as unknown as KubeObject,
  ];
  for (const object of objects) {
    const stored = encodeForStorage(object);
    const { resourceVersion: _rv, ...meta } = object.metadata ?? {};
    assert.equal(Buffer.from(stored).toString(), JSON.stringify({ ...object, metadata: meta }));
    const fast = spliceResourceVersion(stored, 5);
    const scanned = spliceResourceVersion(Buffer.from(stored), 5);
    assert.ok(fast !== undefined);
    assert.equal(fast.toString(), scanned?.toString());
  }
});

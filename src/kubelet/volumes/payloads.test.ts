import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConfigMap, Pod, Secret } from 'kubernetes-types/core/v1.js';
import { downwardApiPayload } from './downward-api-payload.js';
import { configMapPayload, secretPayload } from './key-projection.js';
import { aggregateMessage } from './aggregate-error.js';
import type { FileProjection } from './atomic-writer.js';

const text = (files: Map<string, FileProjection>) =>
  Object.fromEntries(
    [...files].map(([k, f]) => [k, [Buffer.from(f.data).toString('utf8'), f.mode.toString(8)]]),
  );

const cm: ConfigMap = {
  metadata: { name: 'cfg', namespace: 'ns' },
  data: { 'app.conf': 'a=1', other: 'o' },
  binaryData: { 'logo.bin': Buffer.from([0, 1, 2]).toString('base64') },
};
const secret: Secret = {
  metadata: { name: 's', namespace: 'ns' },
  data: { user: Buffer.from('admin').toString('base64') },
};

test('configMap: every key with defaultMode, binaryData decoded', () => {
  const files = configMapPayload(cm, undefined, 0o644, false);
  assert.deepEqual(text(files)['app.conf'], ['a=1', '644']);
  assert.deepEqual([...files.get('logo.bin')!.data], [0, 1, 2]);
  assert.equal(files.size, 3);
});

test('configMap items: paths and per-item modes; a missing key fails unless optional', () => {
  const files = configMapPayload(
    cm,
    [
      { key: 'app.conf', path: 'conf/app.conf', mode: 0o400 },
      { key: 'other', path: 'o' },
    ],
    0o640,
    false,
  );
  assert.deepEqual(text(files), { 'conf/app.conf': ['a=1', '400'], o: ['o', '640'] });
  assert.throws(
    () => configMapPayload(cm, [{ key: 'missing', path: 'm' }], 0o644, false),
    /^Error: configmap references non-existent config key: missing$/,
  );
  assert.deepEqual(
    text(
      configMapPayload(
        cm,
        [
          { key: 'missing', path: 'm' },
          { key: 'other', path: 'o' },
        ],
        0o644,
        true,
      ),
    ),
    {
      o: ['o', '644'],
    },
  );
  assert.equal(
    configMapPayload({}, undefined, 0o644, true).size,
    0,
    'a missing optional map projects nothing',
  );
});

test('secret: decoded bytes, items and the missing-key message', () => {
  assert.deepEqual(text(secretPayload(secret, undefined, 0o400, false)), { user: ['admin', '400'] });
  assert.deepEqual(text(secretPayload(secret, [{ key: 'user', path: 'u', mode: 0o444 }], 0o400, false)), {
    u: ['admin', '444'],
  });
  assert.throws(
    () => secretPayload(secret, [{ key: 'pw', path: 'pw' }], 0o644, false),
    /^Error: references non-existent secret key: pw$/,
  );
  assert.equal(secretPayload(secret, [{ key: 'pw', path: 'pw' }], 0o644, true).size, 0);
});

test('downwardAPI: metadata fields in upstream format and resource fields; every bad item reported', () => {
  const pod: Pod = {
    metadata: { name: 'p', namespace: 'ns', uid: 'u-1', labels: { b: '2', a: '1' }, annotations: { x: 'y' } },
    spec: { containers: [{ name: 'c', resources: { limits: { memory: '64Mi' } } }] },
  };
  const files = downwardApiPayload(
    [
      { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
      { path: 'meta/name', fieldRef: { fieldPath: 'metadata.name' }, mode: 0o600 },
      { path: 'ns', fieldRef: { fieldPath: 'metadata.namespace' } },
      { path: 'uid', fieldRef: { fieldPath: 'metadata.uid' } },
      { path: 'annotations', fieldRef: { fieldPath: 'metadata.annotations' } },
      { path: 'label-a', fieldRef: { fieldPath: "metadata.labels['a']" } },
      { path: 'mem', resourceFieldRef: { containerName: 'c', resource: 'limits.memory', divisor: '1Mi' } },
      { path: 'cpu', resourceFieldRef: { containerName: 'c', resource: 'limits.cpu', divisor: '1m' } },
    ],
    pod,
    { cpu: '2', memory: '4Gi' },
    0o644,
  );
  assert.deepEqual(text(files), {
    labels: ['a="1"\nb="2"', '644'],
    'meta/name': ['p', '600'],
    ns: ['ns', '644'],
    uid: ['u-1', '644'],
    annotations: ['x="y"', '644'],
    'label-a': ['1', '644'],
    mem: ['64', '644'],
    cpu: ['2000', '644'],
  });
  assert.throws(
    () =>
      downwardApiPayload(
        [
          { path: 'a', fieldRef: { fieldPath: 'spec.nodeName' } },
          { path: 'b', resourceFieldRef: { containerName: 'nope', resource: 'limits.cpu' } },
        ],
        pod,
        {},
        0o644,
      ),
    /^Error: \[unsupported fieldPath: spec.nodeName, container nope not found\]$/,
  );
});

test('aggregate messages: one alone, several bracketed and deduplicated', () => {
  assert.equal(aggregateMessage(['a']), 'a');
  assert.equal(aggregateMessage(['a', 'b']), '[a, b]');
  assert.equal(aggregateMessage(['a', 'a']), 'a');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JsonPathError, parseJsonPath } from './jsonpath.js';

const doc = {
  metadata: { name: 'db', labels: { 'app.kubernetes.io/name': 'pg' } },
  spec: { replicas: 3, version: '16.2', paused: false, nothing: null },
  status: {
    conditions: [
      { type: 'Ready', status: 'True', reason: 'Up' },
      { type: 'Degraded', status: 'False' },
    ],
    nodes: ['a', 'b', 'c', 'd'],
    weights: [1, 2, 3],
    ratios: [0.5, 2.5],
  },
};

const find = (path: string, data: unknown = doc) => parseJsonPath(path).find(data);

test('field paths, with or without braces and a leading $', () => {
  assert.deepEqual(find('.spec.replicas'), [3]);
  assert.deepEqual(find('{.spec.version}'), ['16.2']);
  assert.deepEqual(find('$.metadata.name'), ['db']);
  assert.deepEqual(find('.spec.nothing'), [null]);
  assert.deepEqual(find('.spec.missing.deeper'), []);
  assert.deepEqual(find('.status.nodes.name'), []);
});

test('escaped dots and quoted keys reach labels with dots in their names', () => {
  assert.deepEqual(find('.metadata.labels.app\\.kubernetes\\.io/name'), ['pg']);
  assert.deepEqual(find(".metadata.labels['app.kubernetes.io/name']"), ['pg']);
});

test('indexes and slices, negative ones counted from the end', () => {
  assert.deepEqual(find('.status.nodes[0]'), ['a']);
  assert.deepEqual(find('.status.nodes[-1]'), ['d']);
  assert.deepEqual(find('.status.nodes[1:3]'), ['b', 'c']);
  assert.deepEqual(find('.status.nodes[::2]'), ['a', 'c']);
  assert.deepEqual(find('.status.nodes[*]'), ['a', 'b', 'c', 'd']);
  assert.deepEqual(find('.status.conditions[0].type'), ['Ready']);
  assert.throws(() => find('.status.nodes[9]'), JsonPathError);
  assert.throws(() => find('.spec.replicas[0]'), JsonPathError);
});

test('wildcards and recursive descent', () => {
  assert.deepEqual(find('.status.conditions[*].type'), ['Ready', 'Degraded']);
  assert.deepEqual(find('.metadata.*'), ['db', { 'app.kubernetes.io/name': 'pg' }]);
  assert.deepEqual(find('..reason'), ['Up']);
  assert.deepEqual(find('..type'), ['Ready', 'Degraded']);
});

test('filters compare like Go templates: same kinds only, ints never equal floats', () => {
  assert.deepEqual(find('.status.conditions[?(@.type=="Ready")].status'), ['True']);
  assert.deepEqual(find(".status.conditions[?(@.type == 'Degraded')].status"), ['False']);
  assert.deepEqual(find('.status.conditions[?(@.type!="Ready")].type'), ['Degraded']);
  assert.deepEqual(find('.status.conditions[?(@.reason)].type'), ['Ready']);
  assert.deepEqual(find('.status.weights[?(@ > 1)]'), [2, 3]);
  assert.deepEqual(find('.status.ratios[?(@ >= 2.5)]'), [2.5]);
  assert.throws(() => find('.status.weights[?(@ > 1.5)]'), JsonPathError);
  assert.throws(() => find('.status.conditions[?(@.type == 1)]'), JsonPathError);
  assert.throws(() => find('.spec[?(@.x=="y")]'), JsonPathError);
});

test('syntax errors are reported at parse time', () => {
  assert.throws(() => parseJsonPath('.status.nodes[0'), JsonPathError);
  assert.throws(() => parseJsonPath('.a[x]'), JsonPathError);
  assert.throws(() => parseJsonPath('.a[0,1]'), JsonPathError);
  assert.throws(() => parseJsonPath('.a[?(@.b=="c"'), JsonPathError);
  assert.throws(() => parseJsonPath('spec'), JsonPathError);
});

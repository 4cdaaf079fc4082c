import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../object.js';
import { configMapPrinter, resourceQuotaPrinter, secretPrinter, serviceAccountPrinter } from './config.js';

const now = new Date('2025-01-01T12:00:00Z');
const meta = (name: string) => ({ name, namespace: 'default', creationTimestamp: '2024-11-01T12:00:00Z' });

test('config maps count data and binaryData keys', () => {
  const cm: KubeObject = { metadata: meta('cfg'), data: { a: '1', b: '2' }, binaryData: { c: 'AAE=' } };
  assert.deepEqual(configMapPrinter.row(cm, now).cells, ['cfg', 3, '61d']);
  assert.deepEqual(configMapPrinter.row({ metadata: meta('empty') }, now).cells, ['empty', 0, '61d']);
});

test('secrets print their type and key count', () => {
  const s: KubeObject = {
    metadata: meta('tls'),
    type: 'kubernetes.io/tls',
    data: { 'tls.crt': 'eA==', 'tls.key': 'eQ==' },
  };
  assert.deepEqual(
    secretPrinter.columns.map((c) => c.name),
    ['Name', 'Type', 'Data', 'Age'],
  );
  assert.deepEqual(secretPrinter.row(s, now).cells, ['tls', 'kubernetes.io/tls', 2, '61d']);
  const withStringData: KubeObject = {
    metadata: meta('x'),
    type: 'Opaque',
    data: { a: 'eA==' },
    stringData: { a: 'x', b: 'y' },
  };
  assert.equal(secretPrinter.row(withStringData, now).cells[2], 2);
});

test('service accounts count their secrets', () => {
  assert.deepEqual(serviceAccountPrinter.row({ metadata: meta('default') }, now).cells, [
    'default',
    0,
    '61d',
  ]);
  assert.deepEqual(
    serviceAccountPrinter.row({ metadata: meta('ci'), secrets: [{ name: 'ci-token' }] }, now).cells,
    ['ci', 1, '61d'],
  );
});

test('resource quotas (1.32 column order: Age before Request and Limit) show used/hard sorted by resource', () => {
  const quota: KubeObject = {
    metadata: meta('compute'),
    spec: {},
    status: {
      hard: {
        'requests.cpu': '1',
        pods: '10',
        'limits.memory': '2Gi',
        'requests.memory': '1Gi',
        'limits.cpu': '2',
      },
      used: { 'requests.cpu': '500m', pods: '3', 'limits.cpu': '1', 'requests.memory': '256Mi' },
    },
  };
  assert.deepEqual(
    resourceQuotaPrinter.columns.map((c) => c.name),
    ['Name', 'Age', 'Request', 'Limit'],
  );
  assert.deepEqual(resourceQuotaPrinter.row(quota, now).cells, [
    'compute',
    '61d',
    'pods: 3/10, requests.cpu: 500m/1, requests.memory: 256Mi/1Gi',
    'limits.cpu: 1/2, limits.memory: 0/2Gi',
  ]);
  assert.deepEqual(resourceQuotaPrinter.row({ metadata: meta('empty') }, now).cells, [
    'empty',
    '61d',
    '',
    '',
  ]);
});

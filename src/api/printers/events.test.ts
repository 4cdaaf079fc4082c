import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../object.js';
import { eventPrinter } from './events.js';

const now = new Date('2025-01-01T12:00:00Z');

test('event columns: Last Seen, Type, Reason, Object, Message; the rest wide, Name last', () => {
  assert.deepEqual(
    eventPrinter.columns.map((c) => `${c.name}:${c.format}:${c.priority}`),
    [
      'Last Seen::0',
      'Type::0',
      'Reason::0',
      'Object::0',
      'Subobject::1',
      'Source::1',
      'Message::0',
      'First Seen::1',
      'Count::1',
      'Name:name:1',
    ],
  );
});

test('a core/v1 event from the kubelet', () => {
  const ev: KubeObject = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'nginx.17a1', namespace: 'default', creationTimestamp: '2025-01-01T11:50:00Z' },
    involvedObject: { kind: 'Pod', name: 'nginx', namespace: 'default', fieldPath: 'spec.containers{nginx}' },
    reason: 'BackOff',
    message: 'Back-off restarting failed container nginx\n',
    type: 'Warning',
    source: { component: 'kubelet', host: 'node-a' },
    firstTimestamp: '2025-01-01T11:50:00Z',
    lastTimestamp: '2025-01-01T11:58:00Z',
    count: 7,
  };
  assert.deepEqual(eventPrinter.row(ev, now).cells, [
    '2m',
    'Warning',
    'BackOff',
    'pod/nginx',
    'spec.containers{nginx}',
    'kubelet, node-a',
    'Back-off restarting failed container nginx',
    '10m',
    7,
    'nginx.17a1',
  ]);
});

test('new-style events: eventTime, series, reporting controller; a singleton counts 1', () => {
  const series: KubeObject = {
    apiVersion: 'v1',
    metadata: { name: 'e1', creationTimestamp: '2025-01-01T11:00:00Z' },
    involvedObject: { kind: 'Node', name: 'node-a' },
    reason: 'Starting',
    type: 'Normal',
    eventTime: '2025-01-01T11:00:00.000000Z',
    series: { count: 4, lastObservedTime: '2025-01-01T11:59:30.500000Z' },
    reportingComponent: 'kube-proxy',
    reportingInstance: 'kube-proxy-node-a',
  };
  assert.deepEqual(eventPrinter.row(series, now).cells, [
    '29s',
    'Normal',
    'Starting',
    'node/node-a',
    '',
    'kube-proxy, kube-proxy-node-a',
    '',
    '60m',
    4,
    'e1',
  ]);
  const singleton: KubeObject = {
    metadata: { name: 'e2' },
    involvedObject: { kind: 'Namespace' },
    eventTime: '2025-01-01T11:57:00.000000Z',
    reportingComponent: 'ctrl',
  };
  assert.deepEqual(eventPrinter.row(singleton, now).cells, [
    '3m',
    '',
    '',
    'namespace',
    '',
    'ctrl',
    '',
    '3m',
    1,
    'e2',
  ]);
});

test('an events.k8s.io/v1 event prints like its core twin', () => {
  const ev: KubeObject = {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: { name: 'web.1', namespace: 'default', creationTimestamp: '2025-01-01T11:00:00Z' },
    eventTime: '2025-01-01T11:55:00.000000Z',
    regarding: { kind: 'Deployment', name: 'web', namespace: 'default' },
    note: 'Scaled up replica set web-5d7f to 3',
    reason: 'ScalingReplicaSet',
    type: 'Normal',
    reportingController: 'deployment-controller',
    reportingInstance: '',
    deprecatedCount: 2,
    deprecatedFirstTimestamp: '2025-01-01T11:40:00Z',
    deprecatedLastTimestamp: '2025-01-01T11:58:00Z',
  };
  assert.deepEqual(eventPrinter.row(ev, now).cells, [
    '2m',
    'Normal',
    'ScalingReplicaSet',
    'deployment/web',
    '',
    'deployment-controller',
    'Scaled up replica set web-5d7f to 3',
    '20m',
    2,
    'web.1',
  ]);
});

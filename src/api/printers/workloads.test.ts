import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import type { KubeObject } from '../object.js';
import {
  controllerRevisionPrinter,
  daemonSetPrinter,
  deploymentPrinter,
  replicaSetPrinter,
  replicationControllerPrinter,
  statefulSetPrinter,
} from './workloads.js';

const now = new Date('2025-01-01T12:00:00Z');
const meta = { name: 'web', namespace: 'default', creationTimestamp: '2025-01-01T11:50:00Z' };
const template = {
  metadata: { labels: { app: 'web' } },
  spec: {
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    containers: [
      { name: 'nginx', image: 'nginx:1.27' },
      { name: 'sidecar', image: 'busybox' },
    ],
  },
};

test('deployments print ready/desired and the raw selector', () => {
  const d: KubeObject = {
    metadata: meta,
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template },
    status: { replicas: 3, readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
  };
  assert.deepEqual(
    deploymentPrinter.columns.map((c) => `${c.name}:${c.type}:${c.priority}`),
    [
      'Name:string:0',
      'Ready:string:0',
      'Up-to-date:string:0',
      'Available:string:0',
      'Age:string:0',
      'Containers:string:1',
      'Images:string:1',
      'Selector:string:1',
    ],
  );
  assert.deepEqual(deploymentPrinter.row(d, now).cells, [
    'web',
    '2/3',
    3,
    2,
    '10m',
    'nginx,sidecar',
    'nginx:1.27,busybox',
    'app=web',
  ]);
  const fresh: KubeObject = { metadata: meta, spec: { replicas: 0, template } };
  assert.deepEqual(deploymentPrinter.row(fresh, now).cells.slice(1, 4), ['0/0', 0, 0]);
  const invalid: KubeObject = {
    metadata: meta,
    spec: { selector: { matchExpressions: [{ key: 'a', operator: 'Near' }] } },
  };
  assert.deepEqual(deploymentPrinter.row(invalid, now).cells.slice(5), ['', '', '<invalid>']);
  assert.equal(deploymentPrinter.row({ metadata: meta, spec: { selector: {} } }, now).cells[7], '');
});

test('replica sets and replication controllers print desired, current, ready', () => {
  const rs: KubeObject = {
    metadata: meta,
    spec: { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': '5d7f' } }, template },
    status: { replicas: 3, readyReplicas: 1 },
  };
  assert.deepEqual(replicaSetPrinter.row(rs, now).cells, [
    'web',
    3,
    3,
    1,
    '10m',
    'nginx,sidecar',
    'nginx:1.27,busybox',
    'app=web,pod-template-hash=5d7f',
  ]);
  assert.equal(replicaSetPrinter.row({ metadata: meta, spec: {} }, now).cells[7], '<none>');
  const rc: KubeObject = {
    metadata: meta,
    spec: { replicas: 2, selector: { app: 'web' }, template },
    status: { replicas: 2 },
  };
  assert.deepEqual(replicationControllerPrinter.row(rc, now).cells, [
    'web',
    2,
    2,
    0,
    '10m',
    'nginx,sidecar',
    'nginx:1.27,busybox',
    'app=web',
  ]);
});

test('stateful sets print ready/desired and containers, without a selector column', () => {
  const sts: KubeObject = { metadata: meta, spec: { replicas: 3, template }, status: { readyReplicas: 3 } };
  assert.deepEqual(
    statefulSetPrinter.columns.map((c) => c.name),
    ['Name', 'Ready', 'Age', 'Containers', 'Images'],
  );
  assert.deepEqual(statefulSetPrinter.row(sts, now).cells, [
    'web',
    '3/3',
    '10m',
    'nginx,sidecar',
    'nginx:1.27,busybox',
  ]);
});

test('daemon sets print scheduling counts and the node selector', () => {
  const ds: KubeObject = {
    metadata: meta,
    spec: {
      selector: {
        matchExpressions: [
          { key: 'app', operator: 'Exists' },
          { key: 'legacy', operator: 'DoesNotExist' },
        ],
      },
      template,
    },
    status: {
      desiredNumberScheduled: 4,
      currentNumberScheduled: 4,
      numberReady: 3,
      updatedNumberScheduled: 2,
      numberAvailable: 3,
    },
  };
  assert.deepEqual(daemonSetPrinter.row(ds, now).cells, [
    'web',
    4,
    4,
    3,
    2,
    3,
    'kubernetes.io/os=linux',
    '10m',
    'nginx,sidecar',
    'nginx:1.27,busybox',
    'app,!legacy',
  ]);
});

test('controller revisions name their controller as kind.group/name', () => {
  const cr = (owners: OwnerReference[]): KubeObject => ({
    metadata: { ...meta, name: 'web-6d4f', ownerReferences: owners },
    revision: 4,
    data: {},
  });
  const owner = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u', controller: true };
  assert.deepEqual(controllerRevisionPrinter.row(cr([owner]), now).cells, [
    'web-6d4f',
    'statefulset.apps/web',
    4,
    '10m',
  ]);
  assert.equal(controllerRevisionPrinter.row(cr([{ ...owner, controller: false }]), now).cells[1], '<none>');
  assert.equal(
    controllerRevisionPrinter.row(cr([{ ...owner, apiVersion: 'v1', kind: 'Pod' }]), now).cells[1],
    'pod/web',
  );
});

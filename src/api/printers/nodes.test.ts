import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../object.js';
import { namespacePrinter, nodePrinter } from './nodes.js';

const now = new Date('2025-01-01T12:00:00Z');

function node(overrides: {
  labels?: Record<string, string>;
  unschedulable?: boolean;
  ready?: string | null;
}): KubeObject {
  const conditions = [
    { type: 'MemoryPressure', status: 'False' },
    ...(overrides.ready === null ? [] : [{ type: 'Ready', status: overrides.ready ?? 'True' }]),
  ];
  return {
    metadata: { name: 'node-a', creationTimestamp: '2024-12-20T12:00:00Z', labels: overrides.labels ?? {} },
    spec: overrides.unschedulable ? { unschedulable: true } : {},
    status: {
      conditions,
      addresses: [
        { type: 'Hostname', address: 'node-a' },
        { type: 'InternalIP', address: '192.168.1.10' },
      ],
      nodeInfo: {
        kubeletVersion: 'v1.32.4',
        osImage: 'Ubuntu 24.04.1 LTS',
        kernelVersion: '6.8.0-45-generic',
        containerRuntimeVersion: 'containerd://1.7.22',
        architecture: 'amd64',
        bootID: '',
        kubeProxyVersion: '',
        machineID: '',
        operatingSystem: 'linux',
        systemUUID: '',
      },
    },
  };
}

test('node columns match upstream, wide ones at priority 1', () => {
  assert.deepEqual(
    nodePrinter.columns.map((c) => `${c.name}:${c.priority}`),
    [
      'Name:0',
      'Status:0',
      'Roles:0',
      'Age:0',
      'Version:0',
      'Internal-IP:1',
      'External-IP:1',
      'OS-Image:1',
      'Kernel-Version:1',
      'Container-Runtime:1',
    ],
  );
});

test('a ready control-plane node', () => {
  const n = node({ labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/os': 'linux' } });
  assert.deepEqual(nodePrinter.row(n, now).cells, [
    'node-a',
    'Ready',
    'control-plane',
    '12d',
    'v1.32.4',
    '192.168.1.10',
    '<none>',
    'Ubuntu 24.04.1 LTS',
    '6.8.0-45-generic',
    'containerd://1.7.22',
  ]);
});

test('cordoned, not-ready and unknown status; roles from both label styles, sorted', () => {
  const cordoned = node({
    unschedulable: true,
    labels: {
      'node-role.kubernetes.io/worker': 'true',
      'kubernetes.io/role': 'edge',
      'node-role.kubernetes.io/': '',
    },
  });
  assert.deepEqual(nodePrinter.row(cordoned, now).cells.slice(1, 3), [
    'Ready,SchedulingDisabled',
    'edge,worker',
  ]);
  assert.equal(nodePrinter.row(node({ ready: 'False' }), now).cells[1], 'NotReady');
  assert.equal(nodePrinter.row(node({ ready: 'Unknown' }), now).cells[1], 'NotReady');
  assert.equal(
    nodePrinter.row(node({ ready: null, unschedulable: true }), now).cells[1],
    'Unknown,SchedulingDisabled',
  );
  assert.equal(nodePrinter.row(node({}), now).cells[2], '<none>');
});

test('a node without system info prints unknowns in the wide columns', () => {
  const bare: KubeObject = { metadata: { name: 'bare', creationTimestamp: '2025-01-01T11:00:00Z' } };
  assert.deepEqual(nodePrinter.row(bare, now).cells, [
    'bare',
    'Unknown',
    '<none>',
    '60m',
    '',
    '<none>',
    '<none>',
    '<unknown>',
    '<unknown>',
    '<unknown>',
  ]);
});

test('namespaces print their phase', () => {
  const ns: KubeObject = {
    metadata: { name: 'dev', creationTimestamp: '2025-01-01T09:00:00Z' },
    status: { phase: 'Active' },
  };
  assert.deepEqual(namespacePrinter.row(ns, now).cells, ['dev', 'Active', '3h']);
  const gone: KubeObject = {
    metadata: { name: 'old', creationTimestamp: '2025-01-01T09:00:00Z' },
    status: { phase: 'Terminating' },
  };
  assert.equal(namespacePrinter.row(gone, now).cells[1], 'Terminating');
});

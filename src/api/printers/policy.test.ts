import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../object.js';
import {
  leasePrinter,
  podDisruptionBudgetPrinter,
  priorityClassPrinter,
  runtimeClassPrinter,
} from './policy.js';
import { clusterRoleBindingPrinter, roleBindingPrinter } from './rbac.js';

const now = new Date('2025-01-01T12:00:00Z');
const meta = (name: string) => ({ name, creationTimestamp: '2025-01-01T11:59:15Z' });

test('pod disruption budgets: min available or max unavailable, N/A for the other', () => {
  const pdb = (spec: object): KubeObject => ({
    metadata: meta('web'),
    spec,
    status: { disruptionsAllowed: 1 },
  });
  assert.deepEqual(
    podDisruptionBudgetPrinter.columns.map((c) => `${c.name}:${c.type}`),
    [
      'Name:string',
      'Min Available:string',
      'Max Unavailable:string',
      'Allowed Disruptions:integer',
      'Age:string',
    ],
  );
  assert.deepEqual(podDisruptionBudgetPrinter.row(pdb({ minAvailable: 2 }), now).cells, [
    'web',
    '2',
    'N/A',
    1,
    '45s',
  ]);
  assert.deepEqual(podDisruptionBudgetPrinter.row(pdb({ maxUnavailable: '25%' }), now).cells.slice(1, 3), [
    'N/A',
    '25%',
  ]);
  assert.deepEqual(podDisruptionBudgetPrinter.row(pdb({ maxUnavailable: 0 }), now).cells.slice(1, 3), [
    'N/A',
    '0',
  ]);
});

test('priority classes print value, global default and preemption policy', () => {
  const pc: KubeObject = {
    metadata: meta('high'),
    value: 1000000,
    globalDefault: false,
    preemptionPolicy: 'Never',
  };
  assert.deepEqual(
    priorityClassPrinter.columns.map((c) => `${c.name}:${c.priority}`),
    ['Name:0', 'Value:0', 'Global-Default:0', 'Age:0', 'PreemptionPolicy:0'],
  );
  assert.deepEqual(priorityClassPrinter.row(pc, now).cells, ['high', 1000000, false, '45s', 'Never']);
});

test('runtime classes and leases', () => {
  assert.deepEqual(runtimeClassPrinter.row({ metadata: meta('gvisor'), handler: 'runsc' }, now).cells, [
    'gvisor',
    'runsc',
    '45s',
  ]);
  assert.equal(runtimeClassPrinter.columns[1]?.description, '');
  const lease: KubeObject = {
    metadata: meta('kube-scheduler'),
    spec: { holderIdentity: 'node-a_1234', leaseDurationSeconds: 15 },
  };
  assert.deepEqual(leasePrinter.row(lease, now).cells, ['kube-scheduler', 'node-a_1234', '45s']);
  assert.deepEqual(leasePrinter.row({ metadata: meta('free'), spec: {} }, now).cells, ['free', '', '45s']);
});

test('role bindings print the role and, wide, their subjects by kind', () => {
  const rb: KubeObject = {
    metadata: meta('dev'),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
    subjects: [
      { kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'User', name: 'bob', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'Group', name: 'devs', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'ServiceAccount', name: 'ci', namespace: 'build' },
    ],
  };
  assert.deepEqual(
    roleBindingPrinter.columns.map((c) => `${c.name}:${c.priority}`),
    ['Name:0', 'Role:0', 'Age:0', 'Users:1', 'Groups:1', 'ServiceAccounts:1'],
  );
  assert.deepEqual(roleBindingPrinter.row(rb, now).cells, [
    'dev',
    'ClusterRole/edit',
    '45s',
    'alice, bob',
    'devs',
    'build/ci',
  ]);
  assert.equal(clusterRoleBindingPrinter.columns[3]?.description, 'Users in the clusterRoleBinding');
  assert.deepEqual(
    clusterRoleBindingPrinter.row(
      { metadata: meta('admin'), roleRef: { kind: 'ClusterRole', name: 'cluster-admin' } },
      now,
    ).cells,
    ['admin', 'ClusterRole/cluster-admin', '45s', '', '', ''],
  );
});

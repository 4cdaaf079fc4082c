import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../object.js';
import {
  csiDriverPrinter,
  csiNodePrinter,
  persistentVolumeClaimPrinter,
  persistentVolumePrinter,
  storageClassPrinter,
  volumeAttachmentPrinter,
} from './storage.js';

const now = new Date('2025-01-01T12:00:00Z');
const meta = (name: string, extra: object = {}) => ({
  name,
  creationTimestamp: '2025-01-01T06:00:00Z',
  ...extra,
});

test('a bound persistent volume', () => {
  const pv: KubeObject = {
    metadata: meta('pv-1'),
    spec: {
      capacity: { storage: '10Gi' },
      accessModes: ['ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOnce'],
      persistentVolumeReclaimPolicy: 'Retain',
      storageClassName: 'fast',
      claimRef: { namespace: 'default', name: 'data' },
      volumeMode: 'Filesystem',
    },
    status: { phase: 'Bound' },
  };
  assert.deepEqual(
    persistentVolumePrinter.columns.map((c) => `${c.name}:${c.priority}`),
    [
      'Name:0',
      'Capacity:0',
      'Access Modes:0',
      'Reclaim Policy:0',
      'Status:0',
      'Claim:0',
      'StorageClass:0',
      'VolumeAttributesClass:0',
      'Reason:0',
      'Age:0',
      'VolumeMode:1',
    ],
  );
  assert.deepEqual(persistentVolumePrinter.row(pv, now).cells, [
    'pv-1',
    '10Gi',
    'RWO,RWX',
    'Retain',
    'Bound',
    'default/data',
    'fast',
    '<unset>',
    '',
    '6h',
    'Filesystem',
  ]);
});

test('a terminating, failed volume: beta class annotation wins, reason shows', () => {
  const pv: KubeObject = {
    metadata: meta('pv-2', {
      deletionTimestamp: '2025-01-01T11:00:00Z',
      annotations: { 'volume.beta.kubernetes.io/storage-class': 'legacy' },
    }),
    spec: { storageClassName: 'fast', accessModes: ['ReadWriteOncePod'], volumeAttributesClassName: 'gold' },
    status: { phase: 'Failed', reason: 'RecyclerFailed' },
  };
  assert.deepEqual(persistentVolumePrinter.row(pv, now).cells, [
    'pv-2',
    '0',
    'RWOP',
    '',
    'Terminating',
    '',
    'legacy',
    'gold',
    'RecyclerFailed',
    '6h',
    '<unset>',
  ]);
});

test('claims show capacity and modes only once bound', () => {
  const pending: KubeObject = {
    metadata: meta('data'),
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1Gi' } },
      storageClassName: 'fast',
    },
    status: { phase: 'Pending' },
  };
  assert.deepEqual(persistentVolumeClaimPrinter.row(pending, now).cells, [
    'data',
    'Pending',
    '',
    '',
    '',
    'fast',
    '<unset>',
    '6h',
    '<unset>',
  ]);
  const bound: KubeObject = {
    ...pending,
    spec: { ...(pending['spec'] as object), volumeName: 'pv-1', volumeMode: 'Block' },
    status: { phase: 'Bound', capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'] },
  };
  assert.deepEqual(persistentVolumeClaimPrinter.row(bound, now).cells, [
    'data',
    'Bound',
    'pv-1',
    '10Gi',
    'RWO',
    'fast',
    '<unset>',
    '6h',
    'Block',
  ]);
  assert.equal(persistentVolumeClaimPrinter.row({ metadata: meta('x'), spec: {} }, now).cells[5], '');
});

test('storage classes mark the default and fill in policy defaults', () => {
  const sc: KubeObject = {
    metadata: meta('standard', { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }),
    provisioner: 'rancher.io/local-path',
    volumeBindingMode: 'WaitForFirstConsumer',
  };
  assert.deepEqual(storageClassPrinter.row(sc, now).cells, [
    'standard (default)',
    'rancher.io/local-path',
    'Delete',
    'WaitForFirstConsumer',
    false,
    '6h',
  ]);
  const beta: KubeObject = {
    metadata: meta('old', { annotations: { 'storageclass.beta.kubernetes.io/is-default-class': 'true' } }),
    provisioner: 'x',
    reclaimPolicy: 'Retain',
    allowVolumeExpansion: true,
  };
  assert.deepEqual(storageClassPrinter.row(beta, now).cells.slice(0, 5), [
    'old (default)',
    'x',
    'Retain',
    'Immediate',
    true,
  ]);
});

test('volume attachments, CSI drivers and CSI nodes', () => {
  const va: KubeObject = {
    metadata: meta('csi-123'),
    spec: { attacher: 'ebs.csi.aws.com', nodeName: 'node-a', source: { persistentVolumeName: 'pv-1' } },
    status: { attached: true },
  };
  assert.equal(volumeAttachmentPrinter.columns[1]?.format, 'name');
  assert.deepEqual(volumeAttachmentPrinter.row(va, now).cells, [
    'csi-123',
    'ebs.csi.aws.com',
    'pv-1',
    'node-a',
    true,
    '6h',
  ]);

  const driver: KubeObject = {
    metadata: meta('ebs.csi.aws.com'),
    spec: {
      attachRequired: false,
      tokenRequests: [{ audience: 'sts.amazonaws.com' }, { audience: 'vault' }],
      volumeLifecycleModes: ['Persistent', 'Ephemeral'],
    },
  };
  assert.deepEqual(csiDriverPrinter.row(driver, now).cells, [
    'ebs.csi.aws.com',
    false,
    false,
    false,
    'sts.amazonaws.com,vault',
    false,
    'Persistent,Ephemeral',
    '6h',
  ]);
  assert.deepEqual(csiDriverPrinter.row({ metadata: meta('d'), spec: {} }, now).cells.slice(1, 7), [
    true,
    false,
    false,
    '<unset>',
    false,
    '<none>',
  ]);
  const csiNode: KubeObject = {
    metadata: meta('node-a'),
    spec: { drivers: [{ name: 'ebs.csi.aws.com', nodeID: 'i-1' }] },
  };
  assert.deepEqual(csiNodePrinter.row(csiNode, now).cells, ['node-a', 1, '6h']);
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import { claimOwnerRefsForPolicy, isClaimOwnerUpToDate } from './claim-retention.js';
import {
  identityMatches,
  newStatefulSetPod,
  newVersionedStatefulSetPod,
  parentAndOrdinal,
  podRevision,
  storageMatches,
} from './stateful-pod-identity.js';

function set(
  spec: Partial<StatefulSet['spec']> = {},
  status: StatefulSet['status'] = { replicas: 0 },
): StatefulSet {
  return {
    metadata: { name: 'web', namespace: 'ns', uid: 'set-uid' },
    spec: {
      replicas: 3,
      serviceName: 'svc',
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
      volumeClaimTemplates: [{ metadata: { name: 'data', labels: { tier: 'db' } }, spec: {} }],
      ...spec,
    },
    status,
  };
}

describe('stateful pod identity', () => {
  it('parses parent and ordinal from pod names', () => {
    assert.deepEqual(parentAndOrdinal('web-0'), { parent: 'web', ordinal: 0 });
    assert.deepEqual(parentAndOrdinal('my-web-12'), { parent: 'my-web', ordinal: 12 });
    assert.deepEqual(parentAndOrdinal('web'), { parent: '', ordinal: -1 });
    assert.deepEqual(parentAndOrdinal('web-99999999999'), { parent: 'web', ordinal: -1 });
  });

  it('builds a pod with name, hostname, subdomain, labels and claims', () => {
    const pod = newStatefulSetPod(set(), 2);
    assert.equal(pod.metadata?.name, 'web-2');
    assert.equal(pod.metadata?.namespace, 'ns');
    assert.equal(pod.spec?.hostname, 'web-2');
    assert.equal(pod.spec?.subdomain, 'svc');
    assert.deepEqual(pod.metadata?.labels, {
      app: 'web',
      'statefulset.kubernetes.io/pod-name': 'web-2',
      'apps.kubernetes.io/pod-index': '2',
    });
    assert.deepEqual(pod.spec?.volumes, [
      { name: 'data', persistentVolumeClaim: { claimName: 'data-web-2' } },
    ]);
    assert.ok(identityMatches(set(), pod) && storageMatches(set(), pod));
    assert.deepEqual(pod.metadata?.ownerReferences?.[0], {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      name: 'web',
      uid: 'set-uid',
      controller: true,
      blockOwnerDeletion: true,
    });
  });

  it('creates pods below the partition at the current revision', () => {
    const s = set({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } });
    assert.equal(podRevision(newVersionedStatefulSetPod(s, s, 'cur', 'upd', 1)), 'cur');
    assert.equal(podRevision(newVersionedStatefulSetPod(s, s, 'cur', 'upd', 2)), 'upd');
    const onDelete = set({ updateStrategy: { type: 'OnDelete' } });
    assert.equal(podRevision(newVersionedStatefulSetPod(onDelete, onDelete, 'cur', 'upd', 0)), 'upd');
    // RollingUpdate without a rollingUpdate block: below the current replica count.
    const bare = set({ updateStrategy: { type: 'RollingUpdate' } }, { replicas: 3, currentReplicas: 2 });
    assert.equal(podRevision(newVersionedStatefulSetPod(bare, bare, 'cur', 'upd', 1)), 'cur');
    assert.equal(podRevision(newVersionedStatefulSetPod(bare, bare, 'cur', 'upd', 2)), 'upd');
  });
});

describe('claim retention', () => {
  const pod = (name: string): Pod => ({ metadata: { name, namespace: 'ns', uid: `${name}-uid` } });
  const claim = (owners: string[]): PersistentVolumeClaim => ({
    metadata: {
      name: 'data-web-1',
      ownerReferences: owners.map((o) =>
        o === 'set'
          ? { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'set-uid', controller: true }
          : { apiVersion: 'v1', kind: 'Pod', name: o, uid: `${o}-uid`, controller: true },
      ),
    },
  });
  const owners = (c: PersistentVolumeClaim, s: StatefulSet, p: Pod) =>
    claimOwnerRefsForPolicy(c, s, p).map((r) => r.kind);

  const cases: [string, string, number, string[]][] = [
    // whenDeleted, whenScaled, replicas (pod web-1 is in range when 2), expected owners
    ['Retain', 'Retain', 2, []],
    ['Delete', 'Retain', 2, ['StatefulSet']],
    ['Retain', 'Delete', 2, []],
    ['Retain', 'Delete', 1, ['Pod']],
    ['Delete', 'Delete', 2, ['StatefulSet']],
    ['Delete', 'Delete', 1, ['Pod']],
  ];
  for (const [whenDeleted, whenScaled, replicas, expected] of cases) {
    it(`whenDeleted=${whenDeleted} whenScaled=${whenScaled} replicas=${replicas} → ${expected.join(',') || 'no owner'}`, () => {
      const s = set({ replicas, persistentVolumeClaimRetentionPolicy: { whenDeleted, whenScaled } });
      const p = pod('web-1');
      const bare = claim([]);
      assert.deepEqual(owners(bare, s, p), expected);
      const fixed: PersistentVolumeClaim = {
        metadata: { ...bare.metadata, ownerReferences: claimOwnerRefsForPolicy(bare, s, p) },
      };
      assert.equal(isClaimOwnerUpToDate(fixed, s, p), true);
      assert.equal(isClaimOwnerUpToDate(bare, s, p), expected.length === 0);
    });
  }

  it('leaves claims of a previous pod incarnation alone', () => {
    const s = set({ persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Delete' } });
    const stale: PersistentVolumeClaim = {
      metadata: {
        ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'web-1', uid: 'old-uid', controller: true }],
      },
    };
    assert.equal(isClaimOwnerUpToDate(stale, s, pod('web-1')), true);
  });
});

// The ReplicaSet and ReplicationController controllers against a real server: pods are created to
// the replica count, replaced when deleted, scaled down, and status follows simulated readiness.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Event, Pod, ReplicationController } from 'kubernetes-types/core/v1.js';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import { eventually } from '../../client/testing/eventually.js';
import { formatRfc3339 } from '../../base/rfc3339.js';
import { startControllerTestEnv, type ControllerTestEnv } from '../shared/testing/controller-test-env.js';
import { replicaSetControllerDescriptor, replicationControllerDescriptor } from './index.js';
import { podsResource, replicaSetKind, replicationControllerKind } from './replica-kind.js';

const template = (app: string) => ({
  metadata: { labels: { app } },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
});

describe('replicaset controller', () => {
  let env: ControllerTestEnv;
  before(async () => {
    env = await startControllerTestEnv({
      controllers: [replicaSetControllerDescriptor, replicationControllerDescriptor],
    });
  });
  after(async () => env?.stop());

  const pods = () => env.client.resource<Pod>(podsResource).namespace('default');
  const rsClient = () => env.client.resource<ReplicaSet>(replicaSetKind.resource).namespace('default');
  const podsOf = async (app: string) =>
    (await pods().list({ labelSelector: `app=${app}` })).items.filter((p) => !p.metadata?.deletionTimestamp);

  it('creates N pods named <rs>-xxxxx, controlled by the ReplicaSet, and replaces a deleted one', async () => {
    const rs = await rsClient().create({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web' },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: template('web') },
    });
    const first = await eventually(async () => {
      const list = await podsOf('web');
      assert.equal(list.length, 3);
      return list;
    });
    for (const p of first) {
      assert.match(p.metadata?.name ?? '', /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      assert.deepEqual(p.metadata?.ownerReferences, [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'web',
          uid: rs.metadata?.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
    }
    await pods().delete(first[0]!.metadata!.name!);
    await eventually(async () => {
      const list = await podsOf('web');
      assert.equal(list.length, 3);
      assert.ok(!list.some((p) => p.metadata?.name === first[0]!.metadata?.name));
    });
    await eventually(async () => {
      const st = (await rsClient().get('web')).status;
      // No pod is ready: readyReplicas and availableReplicas are omitted, as Go's omitempty does.
      assert.deepEqual(st, { replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
    });
    const events = await env.client
      .resource<Event>({ group: '', version: 'v1', resource: 'events', namespaced: true, kind: 'Event' })
      .namespace('default')
      .list();
    const created = events.items.filter(
      (e) => e.reason === 'SuccessfulCreate' && e.involvedObject.name === 'web',
    );
    assert.ok(created.length >= 3);
    assert.match(created[0]!.message ?? '', /^Created pod: web-/);
    assert.equal(created[0]!.source?.component, 'replicaset-controller');
  });

  it('counts ready and available pods, and scales down preferring not-ready pods', async () => {
    await rsClient().create({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'api' },
      spec: { replicas: 3, selector: { matchLabels: { app: 'api' } }, template: template('api') },
    });
    const list = await eventually(async () => {
      const l = await podsOf('api');
      assert.equal(l.length, 3);
      return l;
    });
    const now = formatRfc3339(Date.now());
    const readyNames = list.slice(0, 2).map((p) => p.metadata!.name!);
    for (const name of readyNames) {
      await pods().patch(
        name,
        'merge',
        {
          status: {
            phase: 'Running',
            conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }],
          },
        },
        { subresource: 'status' },
      );
    }
    await eventually(async () => {
      const st = (await rsClient().get('api')).status;
      assert.equal(st?.readyReplicas, 2);
      assert.equal(st?.availableReplicas, 2);
    });
    await rsClient().patch('api', 'merge', { spec: { replicas: 2 } });
    await eventually(async () => {
      const l = await podsOf('api');
      assert.deepEqual(l.map((p) => p.metadata?.name).sort(), [...readyNames].sort());
    });
  });

  it('adopts a matching orphan pod and releases a pod whose labels stop matching', async () => {
    await pods().create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'orphan', labels: { app: 'adopt' } },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    });
    const rs = await rsClient().create({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'adopt' },
      spec: { replicas: 1, selector: { matchLabels: { app: 'adopt' } }, template: template('adopt') },
    });
    await eventually(async () => {
      const p = await pods().get('orphan');
      assert.equal(p.metadata?.ownerReferences?.[0]?.uid, rs.metadata?.uid);
      assert.equal((await podsOf('adopt')).length, 1);
    });
    await pods().patch('orphan', 'merge', { metadata: { labels: { app: 'other' } } });
    await eventually(async () => {
      const p = await pods().get('orphan');
      assert.equal((p.metadata?.ownerReferences ?? []).length, 0);
      assert.equal((await podsOf('adopt')).length, 1);
    });
  });

  it('runs ReplicationControllers the same way', async () => {
    await env.client
      .resource<ReplicationController>(replicationControllerKind.resource)
      .namespace('default')
      .create({
        apiVersion: 'v1',
        kind: 'ReplicationController',
        metadata: { name: 'legacy' },
        spec: { replicas: 2, selector: { app: 'legacy' }, template: template('legacy') },
      });
    await eventually(async () => {
      const l = await podsOf('legacy');
      assert.equal(l.length, 2);
      assert.equal(l[0]!.metadata?.ownerReferences?.[0]?.kind, 'ReplicationController');
    });
  });
});

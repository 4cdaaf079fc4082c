// The garbage collector against a real server: background, foreground and orphan propagation,
// dangling owners and the cross-namespace rule.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConfigMap, Event } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { eventually } from '../../client/testing/eventually.js';
import { isStatusError } from '../../machinery/errors/index.js';
import { startControllerTestEnv, type ControllerTestEnv } from '../shared/testing/controller-test-env.js';
import { garbageCollectorDescriptor } from './index.js';

const configMaps = { group: '', version: 'v1', resource: 'configmaps', namespaced: true, kind: 'ConfigMap' };
const clusterRoles = {
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  resource: 'clusterroles',
  namespaced: false,
  kind: 'ClusterRole',
};

describe('garbage collector', () => {
  let env: ControllerTestEnv;
  before(async () => {
    env = await startControllerTestEnv({ controllers: [garbageCollectorDescriptor] });
  });
  after(async () => env?.stop());
  const cms = (ns = 'default') => env.client.resource<ConfigMap>(configMaps).namespace(ns);
  const gone = async (name: string, ns = 'default') => {
    try {
      await cms(ns).get(name);
      return false;
    } catch (err) {
      if (isStatusError(err, 'NotFound')) return true;
      throw err;
    }
  };
  const ref = (owner: ConfigMap, block = true): OwnerReference => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    name: owner.metadata!.name!,
    uid: owner.metadata!.uid!,
    blockOwnerDeletion: block,
  });
  const family = async (prefix: string, children = 2) => {
    const owner = await cms().create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `${prefix}-owner` },
    });
    for (let i = 0; i < children; i++)
      await cms().create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `${prefix}-child-${i}`, ownerReferences: [ref(owner)] },
      });
    return owner;
  };

  it('background: dependents of a deleted owner are deleted', async () => {
    await family('bg');
    await cms().delete('bg-owner', { propagationPolicy: 'Background' });
    await eventually(async () => {
      assert.ok(await gone('bg-child-0'));
      assert.ok(await gone('bg-child-1'));
    });
  });

  it('foreground: the owner stays until its blocking dependents are gone', async () => {
    await family('fg');
    await cms().delete('fg-owner', { propagationPolicy: 'Foreground' });
    const held = await cms().get('fg-owner');
    assert.ok(held.metadata?.deletionTimestamp);
    assert.deepEqual(held.metadata?.finalizers, ['foregroundDeletion']);
    await eventually(async () => {
      assert.ok(await gone('fg-child-0'));
      assert.ok(await gone('fg-child-1'));
      assert.ok(await gone('fg-owner'));
    });
  });

  it('orphan: dependents lose the owner reference and stay', async () => {
    await family('orph');
    await cms().delete('orph-owner', { propagationPolicy: 'Orphan' });
    await eventually(async () => {
      assert.ok(await gone('orph-owner'));
      const child = await cms().get('orph-child-0');
      assert.deepEqual(child.metadata?.ownerReferences ?? [], []);
    });
    assert.ok(!(await gone('orph-child-1')));
  });

  it('deletes a dependent whose owner never existed, keeps one with a live owner among dangling ones', async () => {
    const live = await cms().create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'live-owner' },
    });
    const ghost: OwnerReference = { apiVersion: 'v1', kind: 'ConfigMap', name: 'ghost', uid: 'no-such-uid' };
    await cms().create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'dangling', ownerReferences: [ghost] },
    });
    await cms().create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'half', ownerReferences: [ghost, ref(live, false)] },
    });
    await eventually(async () => {
      assert.ok(await gone('dangling'));
      const half = await cms().get('half');
      assert.deepEqual(
        half.metadata?.ownerReferences?.map((r) => r.uid),
        [live.metadata?.uid],
      );
    });
  });

  it('namespaced dependents of a cluster-scoped owner are collected; cross-namespace owners count as absent', async () => {
    const role = await env.client.resource(clusterRoles).create({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'gc-owner' },
    });
    const roleRef: OwnerReference = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      name: 'gc-owner',
      uid: role.metadata!.uid!,
    };
    await cms().create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'of-cluster', ownerReferences: [roleRef] },
    });
    const owner = await cms().create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'other-ns-owner' },
    });
    await env.client
      .resource({ group: '', version: 'v1', resource: 'namespaces', namespaced: false, kind: 'Namespace' })
      .create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'elsewhere' } });
    await cms('elsewhere').create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cross', ownerReferences: [ref(owner, false)] },
    });
    await eventually(async () => assert.ok(await gone('cross', 'elsewhere')));
    assert.ok(!(await gone('of-cluster')));
    await env.client.resource(clusterRoles).delete('gc-owner');
    await eventually(async () => assert.ok(await gone('of-cluster')));
  });

  it('reports OwnerRefInvalidNamespace for a cluster-scoped dependent of a namespaced owner', async () => {
    const owner = await cms().create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ns-owner' } });
    await env.client.resource(clusterRoles).create({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'bad-child', ownerReferences: [ref(owner, false)] },
    });
    const events = env.client
      .resource<Event>({ group: '', version: 'v1', resource: 'events', namespaced: true, kind: 'Event' })
      .namespace('default');
    await eventually(async () => {
      const list = await events.list();
      const e = list.items.find(
        (x) => x.reason === 'OwnerRefInvalidNamespace' && x.involvedObject.name === 'bad-child',
      );
      assert.ok(e);
      assert.equal(e.type, 'Warning');
      assert.equal(
        e.message,
        `ownerRef [v1/ConfigMap, namespace: , name: ns-owner, uid: ${owner.metadata?.uid}] does not exist in namespace ""`,
      );
    });
    // The reference is unresolvable, so the dependent is never collected.
    await env.client.resource(clusterRoles).get('bad-child');
  });
});

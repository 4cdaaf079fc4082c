// The namespace controller against a real server: a deleted namespace is emptied of every kind,
// reports its conditions, waits for finalizers, and then goes away.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConfigMap, Namespace, Pod } from 'kubernetes-types/core/v1.js';
import { eventually } from '../../client/testing/eventually.js';
import { isStatusError } from '../../machinery/errors/index.js';
import { startControllerTestEnv, type ControllerTestEnv } from '../shared/testing/controller-test-env.js';
import { namespaceControllerDescriptor } from './index.js';

const namespaces = { group: '', version: 'v1', resource: 'namespaces', namespaced: false, kind: 'Namespace' };
const configMaps = { group: '', version: 'v1', resource: 'configmaps', namespaced: true, kind: 'ConfigMap' };
const pods = { group: '', version: 'v1', resource: 'pods', namespaced: true, kind: 'Pod' };
const deployments = {
  group: 'apps',
  version: 'v1',
  resource: 'deployments',
  namespaced: true,
  kind: 'Deployment',
};

describe('namespace controller', () => {
  let env: ControllerTestEnv;
  before(async () => {
    env = await startControllerTestEnv({ controllers: [namespaceControllerDescriptor] });
  });
  after(async () => env?.stop());
  const nsClient = () => env.client.resource<Namespace>(namespaces);
  const isGone = async (name: string) => {
    try {
      await nsClient().get(name);
      return false;
    } catch (err) {
      if (isStatusError(err, 'NotFound')) return true;
      throw err;
    }
  };

  it('empties a deleted namespace of every kind and removes it', async () => {
    await nsClient().create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
    await env.client
      .resource<ConfigMap>(configMaps)
      .namespace('doomed')
      .create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'cm' },
      });
    await env.client
      .resource<Pod>(pods)
      .namespace('doomed')
      .create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        spec: { containers: [{ name: 'c', image: 'busybox' }] },
      });
    await env.client
      .resource(deployments)
      .namespace('doomed')
      .create({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'd' },
        spec: {
          selector: { matchLabels: { app: 'd' } },
          template: {
            metadata: { labels: { app: 'd' } },
            spec: { containers: [{ name: 'c', image: 'busybox' }] },
          },
        },
      });
    await nsClient().delete('doomed');
    await eventually(async () => assert.ok(await isGone('doomed')), 20_000);
  });

  it('waits for content finalizers, reporting them in conditions, then finishes', async () => {
    await nsClient().create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'held' } });
    const cms = env.client.resource<ConfigMap>(configMaps).namespace('held');
    await cms.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'sticky', finalizers: ['example.com/hold'] },
    });
    await nsClient().delete('held');
    await eventually(async () => {
      const ns = await nsClient().get('held');
      assert.equal(ns.status?.phase, 'Terminating');
      const byType = new Map((ns.status?.conditions ?? []).map((c) => [c.type, c]));
      assert.equal(byType.get('NamespaceContentRemaining')?.status, 'True');
      assert.equal(byType.get('NamespaceContentRemaining')?.reason, 'SomeResourcesRemain');
      assert.equal(
        byType.get('NamespaceContentRemaining')?.message,
        'Some resources are remaining: configmaps. has 1 resource instances',
      );
      assert.equal(
        byType.get('NamespaceFinalizersRemaining')?.message,
        'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances',
      );
      assert.equal(byType.get('NamespaceDeletionDiscoveryFailure')?.reason, 'ResourcesDiscovered');
      assert.equal(
        byType.get('NamespaceDeletionContentFailure')?.message,
        'All content successfully deleted, may be waiting on finalization',
      );
    }, 20_000);
    await cms.patch('sticky', 'merge', { metadata: { finalizers: null } });
    await eventually(async () => assert.ok(await isGone('held')), 20_000);
  });
});

// The client against the real server (bin/k8ts, memory datastore): CRUD, errors, patches, lists,
// watches and watch-list as the apiserver serves them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ConfigMap, Namespace, Pod } from 'kubernetes-types/core/v1.js';
import { createLogger } from '../base/logger.js';
import { isStatusError } from '../machinery/errors/index.js';
import { KubeClient } from './kube-client.js';
import { loadRestConfig } from './rest-config.js';
import { isStatus } from './status-response.js';
import { startTestServer, type TestServer } from './testing/test-server.js';
import { isInitialEventsEnd, type WatchEvent } from './watch-event.js';

const configmapsType = { group: '', version: 'v1', resource: 'configmaps' };
const namespacesType = { group: '', version: 'v1', resource: 'namespaces' };
const podsType = { group: '', version: 'v1', resource: 'pods' };
const quiet = createLogger('test', { write: () => {} });

let server: TestServer;
let client: KubeClient;

before(async () => {
  server = await startTestServer();
  client = await KubeClient.fromKubeconfig({
    path: server.kubeconfig,
    component: 'k8ts-client-test',
    qps: Infinity,
    logger: quiet,
  });
});

after(async () => {
  client?.close();
  await server?.stop();
});

async function namespace(name: string): Promise<void> {
  await client.resource<Namespace>(namespacesType).create({ metadata: { name } });
}

test('create, get, update, patch and delete a ConfigMap', async () => {
  await namespace('crud');
  const cms = client.resource<ConfigMap>(configmapsType).namespace('crud');
  const created = await cms.create({ metadata: { name: 'cm', labels: { app: 'web' } }, data: { a: '1' } });
  assert.ok(created.metadata?.uid);
  assert.equal(created.metadata?.managedFields?.[0]?.manager, 'k8ts-client-test');
  const got = await cms.get('cm');
  assert.deepEqual(got.data, { a: '1' });

  const updated = await cms.update({ ...got, data: { a: '2' } });
  assert.notEqual(updated.metadata?.resourceVersion, got.metadata?.resourceVersion);
  await assert.rejects(cms.update({ ...got, data: { a: 'stale' } }), (err: unknown) =>
    isStatusError(err, 'Conflict'),
  );

  const merged = await cms.patch('cm', 'merge', { data: { b: 'm' } });
  assert.deepEqual(merged.data, { a: '2', b: 'm' });
  const jsonPatched = await cms.patch('cm', 'json', [{ op: 'replace', path: '/data/a', value: 'j' }]);
  assert.equal(jsonPatched.data?.['a'], 'j');
  const strategic = await cms.patch('cm', 'strategic', { metadata: { labels: { tier: 'front' } } });
  assert.deepEqual(strategic.metadata?.labels, { app: 'web', tier: 'front' });
  const applied = await cms.patch(
    'cm',
    'apply',
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { c: 'applied' } },
    { fieldManager: 'applier', force: true },
  );
  assert.equal(applied.data?.['c'], 'applied');

  const deleted = await cms.delete('cm');
  assert.ok(isStatus(deleted) ? deleted.status === 'Success' : deleted.metadata?.name === 'cm');
  await assert.rejects(cms.get('cm'), (err: unknown) => isStatusError(err, 'NotFound') && err.code === 404);
});

test('errors come back as typed StatusErrors', async () => {
  const cms = client.resource<ConfigMap>(configmapsType).namespace('default');
  await cms.create({ metadata: { name: 'dup' } });
  await assert.rejects(cms.create({ metadata: { name: 'dup' } }), (err: unknown) => {
    assert.ok(isStatusError(err, 'AlreadyExists'));
    assert.equal(err.code, 409);
    assert.equal(err.message, 'configmaps "dup" already exists');
    return true;
  });
  await assert.rejects(cms.create({ metadata: { name: 'Not_Valid' } }), (err: unknown) =>
    isStatusError(err, 'Invalid'),
  );
  await cms.delete('dup');
});

test('a client without credentials is system:anonymous, which may not list namespaces', async () => {
  const config = await loadRestConfig({ path: server.kubeconfig });
  const anonymous = KubeClient.fromRestConfig(
    { server: config.server, namespace: 'default', ...(config.caData ? { caData: config.caData } : {}) },
    { logger: quiet, qps: Infinity },
  );
  try {
    await assert.rejects(anonymous.resource(namespacesType).list(), (err: unknown) => {
      assert.ok(isStatusError(err, 'Forbidden'));
      assert.match((err as Error).message, /User "system:anonymous" cannot list resource "namespaces"/);
      return true;
    });
  } finally {
    anonymous.close();
  }
});

test('list pages with limit and continue share one resourceVersion', async () => {
  await namespace('paging');
  const cms = client.resource<ConfigMap>(configmapsType).namespace('paging');
  for (let i = 0; i < 5; i++) await cms.create({ metadata: { name: `cm-${i}` } });
  const names: string[] = [];
  const versions = new Set<string>();
  let page = await cms.list({ limit: 2 });
  for (;;) {
    names.push(...page.items.map((i) => i.metadata?.name ?? ''));
    versions.add(page.resourceVersion);
    if (page.continue === undefined) break;
    page = await cms.list({ limit: 2, continue: page.continue });
  }
  assert.deepEqual(names, ['cm-0', 'cm-1', 'cm-2', 'cm-3', 'cm-4']);
  assert.equal(versions.size, 1);
  assert.ok(page.items.every((i) => i.kind === 'ConfigMap' && i.apiVersion === 'v1'));
});

test('deleteCollection removes the objects matching a label selector', async () => {
  await namespace('sweep');
  const cms = client.resource<ConfigMap>(configmapsType).namespace('sweep');
  await cms.create({ metadata: { name: 'keep' } });
  await cms.create({ metadata: { name: 'x1', labels: { sweep: 'yes' } } });
  await cms.create({ metadata: { name: 'x2', labels: { sweep: 'yes' } } });
  await cms.deleteCollection({ labelSelector: 'sweep=yes' });
  const left = await cms.list();
  assert.deepEqual(
    left.items.map((i) => i.metadata?.name),
    ['keep'],
  );
});

test('deleteAll deletes without reading back; listMetadata lists metadata only', async () => {
  await namespace('sweep-all');
  const cms = client.resource<ConfigMap>(configmapsType).namespace('sweep-all');
  await cms.create({ metadata: { name: 'keep', finalizers: ['example.com/hold'] }, data: { big: 'x' } });
  await cms.create({ metadata: { name: 'x1', labels: { sweep: 'yes' } }, data: { big: 'x' } });
  await cms.deleteAll({ labelSelector: 'sweep=yes' });
  const left = await cms.listMetadata();
  assert.deepEqual(
    left.items.map((i) => [i.kind, i.apiVersion, i.metadata?.name, i.metadata?.finalizers]),
    [['PartialObjectMetadata', 'meta.k8s.io/v1', 'keep', ['example.com/hold']]],
  );
  assert.equal((left.items[0] as { data?: unknown }).data, undefined);
  assert.ok(Number(left.resourceVersion) > 0);
  await cms.patch('keep', 'merge', { metadata: { finalizers: null } });
});

test('updateStatus writes through the status subresource only', async () => {
  await namespace('status');
  const pods = client.resource<Pod>(podsType).namespace('status');
  const pod = await pods.create({
    metadata: { name: 'p' },
    spec: { containers: [{ name: 'c', image: 'busybox' }] },
  });
  const withStatus = await pods.updateStatus({
    ...pod,
    spec: { ...pod.spec!, activeDeadlineSeconds: 5 },
    status: { ...pod.status, message: 'hello from the test' },
  });
  assert.equal(withStatus.status?.message, 'hello from the test');
  assert.equal(withStatus.spec?.activeDeadlineSeconds, undefined, 'spec changes are ignored on /status');
});

test('a watch from a list version sees the later changes, in order', async () => {
  await namespace('watching');
  const cms = client.resource<ConfigMap>(configmapsType).namespace('watching');
  const listed = await cms.list();
  const ac = new AbortController();
  const watch = await cms.watch({ resourceVersion: listed.resourceVersion, signal: ac.signal });
  const seen: string[] = [];
  const reading = (async () => {
    for await (const e of watch) {
      if (e.type === 'BOOKMARK') continue;
      seen.push(`${e.type} ${e.object.metadata?.name} ${e.object.data?.['v'] ?? ''}`.trim());
      if (e.type === 'DELETED') ac.abort();
    }
  })();
  await cms.create({ metadata: { name: 'w' }, data: { v: '1' } });
  await cms.patch('w', 'merge', { data: { v: '2' } });
  await cms.delete('w');
  await reading;
  assert.deepEqual(seen, ['ADDED w 1', 'MODIFIED w 2', 'DELETED w 2']);
});

test('watch-list: the current objects, then the initial-events-end bookmark, then live events', async () => {
  await namespace('watchlist');
  const cms = client.resource<ConfigMap>(configmapsType).namespace('watchlist');
  await cms.create({ metadata: { name: 'a' } });
  await cms.create({ metadata: { name: 'b' } });
  const ac = new AbortController();
  const watch = await cms.watch({
    sendInitialEvents: true,
    resourceVersionMatch: 'NotOlderThan',
    allowWatchBookmarks: true,
    signal: ac.signal,
  });
  const seen: WatchEvent<ConfigMap>[] = [];
  for await (const e of watch) {
    seen.push(e);
    if (isInitialEventsEnd(e)) await cms.create({ metadata: { name: 'c' } });
    if (e.type === 'ADDED' && e.object.metadata?.name === 'c') ac.abort();
  }
  const summary = seen.map((e) =>
    e.type === 'BOOKMARK' ? `BOOKMARK end=${isInitialEventsEnd(e)}` : `${e.type} ${e.object.metadata?.name}`,
  );
  assert.deepEqual(summary, ['ADDED a', 'ADDED b', 'BOOKMARK end=true', 'ADDED c']);
});

test('a watch-list without resourceVersionMatch is rejected as Invalid', async () => {
  await assert.rejects(
    client.resource<ConfigMap>(configmapsType).namespace('default').watch({ sendInitialEvents: true }),
    (err: unknown) => isStatusError(err, 'Invalid') && err.code === 422,
  );
});

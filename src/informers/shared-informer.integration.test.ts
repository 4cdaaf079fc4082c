// Informers against the real server (bin/k8ts, memory datastore): writes made through the client
// reach handlers in order, per object as a subsequence of the server's states.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ConfigMap, Namespace } from 'kubernetes-types/core/v1.js';
import { createLogger } from '../base/logger.js';
import { KubeClient } from '../client/index.js';
import { eventually } from '../client/testing/eventually.js';
import { startTestServer, type TestServer } from '../client/testing/test-server.js';
import type { ResourceEventHandler } from './event-handler.js';
import { SharedInformer } from './shared-informer.js';
import { SharedInformerFactory } from './shared-informer-factory.js';

const configmapsType = { group: '', version: 'v1', resource: 'configmaps' };
const namespacesType = { group: '', version: 'v1', resource: 'namespaces' };
const quiet = createLogger('test', { write: () => {} });

let server: TestServer;
let client: KubeClient;

before(async () => {
  server = await startTestServer();
  client = await KubeClient.fromKubeconfig({ path: server.kubeconfig, qps: Infinity, logger: quiet });
});

after(async () => {
  client?.close();
  await server?.stop();
});

function recorder(): { events: string[]; handler: ResourceEventHandler<ConfigMap> } {
  const events: string[] = [];
  const fmt = (o: ConfigMap) => `${o.metadata?.name}=${o.data?.['v'] ?? ''}`;
  return {
    events,
    handler: {
      onAdd: (o) => events.push(`add ${fmt(o)}`),
      onUpdate: (a, b) => events.push(`update ${fmt(a)} -> ${fmt(b)}`),
      onDelete: (o) => events.push(`delete ${o.metadata?.name}`),
    },
  };
}

for (const watchList of [false, true]) {
  test(`writes reach handlers in order (${watchList ? 'watch-list' : 'list + watch'})`, async () => {
    const ns = watchList ? 'order-wl' : 'order';
    await client.resource<Namespace>(namespacesType).create({ metadata: { name: ns } });
    const cms = client.resource<ConfigMap>(configmapsType).namespace(ns);
    await cms.create({ metadata: { name: 'before' }, data: { v: '0' } });
    const informer = new SharedInformer<ConfigMap>({ listerWatcher: cms, watchList, logger: quiet });
    const r = recorder();
    informer.addEventHandler(r.handler);
    const ac = new AbortController();
    const run = informer.run(ac.signal);
    try {
      assert.equal(await informer.whenSynced(), true);
      await cms.create({ metadata: { name: 'x' }, data: { v: '1' } });
      await cms.patch('x', 'merge', { data: { v: '2' } });
      await cms.patch('x', 'merge', { data: { v: '3' } });
      await cms.delete('before');
      await cms.delete('x');
      await eventually(() => assert.equal(r.events.length, 6));
      assert.deepEqual(r.events, [
        'add before=0',
        'add x=1',
        'update x=1 -> x=2',
        'update x=2 -> x=3',
        'delete before',
        'delete x',
      ]);
      assert.equal(informer.indexer.size, 0);
    } finally {
      ac.abort();
      await run;
    }
  });
}

test('per object, the cache passes through a subsequence of the server states', async () => {
  await client.resource<Namespace>(namespacesType).create({ metadata: { name: 'burst' } });
  const cms = client.resource<ConfigMap>(configmapsType).namespace('burst');
  const informer = new SharedInformer<ConfigMap>({ listerWatcher: cms, logger: quiet });
  const observed = new Map<string, string[]>();
  const note = (o: ConfigMap) => {
    const name = o.metadata?.name ?? '';
    observed.set(name, [...(observed.get(name) ?? []), o.metadata?.resourceVersion ?? '']);
  };
  informer.addEventHandler({ onAdd: note, onUpdate: (_, o) => note(o) });
  const ac = new AbortController();
  const run = informer.run(ac.signal);
  const written = new Map<string, string[]>();
  try {
    // Writes race the initial list on purpose: some land in it, the rest arrive as events.
    await Promise.all(
      ['a', 'b', 'c'].map(async (name) => {
        const versions: string[] = [];
        let o = await cms.create({ metadata: { name }, data: { v: '0' } });
        versions.push(o.metadata!.resourceVersion!);
        for (let i = 1; i <= 10; i++) {
          o = await cms.patch(name, 'merge', { data: { v: String(i) } });
          versions.push(o.metadata!.resourceVersion!);
        }
        written.set(name, versions);
      }),
    );
    await eventually(() => {
      for (const name of ['a', 'b', 'c']) assert.equal(informer.lister.get('burst', name)?.data?.['v'], '10');
    });
    for (const [name, versions] of written) {
      const seen = observed.get(name) ?? [];
      let i = 0;
      for (const v of seen) {
        while (i < versions.length && versions[i] !== v) i++;
        assert.ok(
          i < versions.length,
          `${name}: ${seen.join(',')} is not a subsequence of ${versions.join(',')}`,
        );
        i++;
      }
      assert.equal(seen.at(-1), versions.at(-1));
    }
  } finally {
    ac.abort();
    await run;
  }
});

test('an informer on a namespace that does not exist yet syncs empty and sees it appear', async () => {
  const cms = client.resource<ConfigMap>(configmapsType).namespace('later');
  const informer = new SharedInformer<ConfigMap>({ listerWatcher: cms, logger: quiet });
  const r = recorder();
  informer.addEventHandler(r.handler);
  const ac = new AbortController();
  const run = informer.run(ac.signal);
  try {
    assert.equal(await informer.whenSynced(), true);
    assert.equal(informer.indexer.size, 0);
    await client.resource<Namespace>(namespacesType).create({ metadata: { name: 'later' } });
    await cms.create({ metadata: { name: 'first' }, data: { v: '1' } });
    await eventually(() => assert.deepEqual(r.events, ['add first=1']));
  } finally {
    ac.abort();
    await run;
  }
});

test('the initial list is paginated when it is larger than a page', async () => {
  await client.resource<Namespace>(namespacesType).create({ metadata: { name: 'many' } });
  const cms = client.resource<ConfigMap>(configmapsType).namespace('many');
  for (let i = 0; i < 25; i++) await cms.create({ metadata: { name: `cm-${String(i).padStart(2, '0')}` } });
  const informer = new SharedInformer<ConfigMap>({ listerWatcher: cms, pageSize: 10, logger: quiet });
  const ac = new AbortController();
  const run = informer.run(ac.signal);
  try {
    await informer.whenSynced();
    assert.equal(informer.indexer.size, 25);
  } finally {
    ac.abort();
    await run;
  }
});

test('a factory shares informers; listers answer after waitForCacheSync', async () => {
  await client.resource<Namespace>(namespacesType).create({ metadata: { name: 'factory' } });
  await client
    .resource<ConfigMap>(configmapsType)
    .namespace('factory')
    .create({ metadata: { name: 'cfg', labels: { app: 'web' } } });
  const factory = new SharedInformerFactory({ client, logger: quiet });
  const cmLister = factory.lister<ConfigMap>(configmapsType);
  const nsLister = factory.lister<Namespace>(namespacesType);
  const ac = new AbortController();
  factory.start(ac.signal);
  try {
    assert.equal(await factory.waitForCacheSync(), true);
    assert.equal(cmLister.get('factory', 'cfg')?.metadata?.labels?.['app'], 'web');
    assert.ok(nsLister.get('', 'factory'));
    assert.ok(nsLister.get('', 'kube-system'));
    assert.equal(cmLister.namespace('factory').list().length >= 1, true);
  } finally {
    await factory.shutdown();
  }
});

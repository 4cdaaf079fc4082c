import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../api/object.js';
import { FakeClock } from '../base/clock.js';
import { createLogger } from '../base/logger.js';
import { parseSelector } from '../machinery/labels/index.js';
import { KubeClient, type TransportResponse } from '../client/index.js';
import {
  ControlledBody,
  FakeTransport,
  jsonResponse,
  streamResponse,
} from '../client/testing/fake-transport.js';
import { SharedInformer } from './shared-informer.js';
import { SharedInformerFactory } from './shared-informer-factory.js';
import { stripManagedFields } from './strip-managed-fields.js';

const configmaps = { group: '', version: 'v1', resource: 'configmaps' };
const quiet = createLogger('test', { write: () => {} });

function cm(ns: string, name: string, rv: string, labels?: Record<string, string>): KubeObject {
  return { metadata: { name, namespace: ns, resourceVersion: rv, ...(labels ? { labels } : {}) } };
}

function listOf(rv: string, items: KubeObject[]): TransportResponse {
  return jsonResponse(200, {
    kind: 'ConfigMapList',
    apiVersion: 'v1',
    metadata: { resourceVersion: rv },
    items,
  });
}

/** A fake server: each LIST answers the next scripted list; each WATCH opens a controllable stream. */
function fakeServer(clock: FakeClock) {
  const lists: TransportResponse[] = [];
  const watches: ControlledBody[] = [];
  const transport = new FakeTransport({
    handler: (req) => {
      if (req.query.get('watch') === 'true') {
        const body = new ControlledBody(req.signal);
        watches.push(body);
        return streamResponse(body);
      }
      return lists.shift() ?? listOf('1', []);
    },
  });
  const client = new KubeClient({ transport, clock, qps: Infinity, retry: { maxRetries: 0 }, logger: quiet });
  return { client, lists, watches, transport };
}

function recorder() {
  const events: string[] = [];
  const fmt = (o: KubeObject) => `${o.metadata?.name}@${o.metadata?.resourceVersion}`;
  return {
    events,
    handler: {
      onAdd: (o: KubeObject, initial: boolean) => events.push(`add ${fmt(o)}${initial ? ' (initial)' : ''}`),
      onUpdate: (a: KubeObject, b: KubeObject) => events.push(`update ${fmt(a)} -> ${fmt(b)}`),
      onDelete: (o: KubeObject, unknown: boolean) =>
        events.push(`delete ${fmt(o)}${unknown ? ' (unknown)' : ''}`),
    },
  };
}

function informerOn(clock: FakeClock, server: ReturnType<typeof fakeServer>, defaultResyncPeriodMs = 0) {
  return new SharedInformer<KubeObject>({
    listerWatcher: server.client.resource<KubeObject>(configmaps),
    clock,
    logger: quiet,
    random: () => 0,
    defaultResyncPeriodMs,
    indexers: { app: (o) => (o.metadata?.labels?.['app'] ? [o.metadata.labels['app']] : []) },
  });
}

test('handlers see the initial list, then add, update and delete in order', async () => {
  const clock = new FakeClock();
  const server = fakeServer(clock);
  server.lists.push(listOf('10', [cm('ns', 'a', '5'), cm('ns', 'b', '6')]));
  const informer = informerOn(clock, server);
  const r = recorder();
  const reg = informer.addEventHandler(r.handler);
  const ac = new AbortController();
  const run = informer.run(ac.signal);
  assert.equal(await informer.whenSynced(), true);
  await clock.advance(0);
  assert.ok(informer.hasSynced());
  assert.ok(reg.hasSynced());
  const w = server.watches[0]!;
  w.event('ADDED', cm('ns', 'c', '11'));
  w.event('MODIFIED', cm('ns', 'a', '12'));
  w.event('DELETED', cm('ns', 'b', '13'));
  w.event('MODIFIED', cm('ns', 'c', '14'));
  await clock.advance(0);
  assert.deepEqual(r.events, [
    'add a@5 (initial)',
    'add b@6 (initial)',
    'add c@11',
    'update a@5 -> a@12',
    'delete b@13',
    'update c@11 -> c@14',
  ]);
  assert.equal(informer.lastSyncResourceVersion, '14');
  ac.abort();
  await run;
});

test('a handler added after the start first gets every cached object, then live events', async () => {
  const clock = new FakeClock();
  const server = fakeServer(clock);
  server.lists.push(listOf('10', [cm('ns', 'a', '5')]));
  const informer = informerOn(clock, server);
  const ac = new AbortController();
  const run = informer.run(ac.signal);
  await clock.advance(0);
  const r = recorder();
  const reg = informer.addEventHandler(r.handler);
  assert.equal(reg.hasSynced(), false, 'not before the catch-up is delivered');
  server.watches[0]!.event('MODIFIED', cm('ns', 'a', '11'));
  await clock.advance(0);
  assert.ok(reg.hasSynced());
  assert.deepEqual(r.events, ['add a@5 (initial)', 'update a@5 -> a@11']);
  ac.abort();
  await run;
});

test('a relist turns vanished objects into deletes with an unknown final state', async () => {
  const clock = new FakeClock();
  const server = fakeServer(clock);
  server.lists.push(listOf('10', [cm('ns', 'a', '5'), cm('ns', 'b', '6'), cm('ns', 'c', '7')]));
  server.lists.push(listOf('30', [cm('ns', 'a', '5'), cm('ns', 'c', '25'), cm('ns', 'd', '26')]));
  const informer = informerOn(clock, server);
  const r = recorder();
  informer.addEventHandler(r.handler);
  const ac = new AbortController();
  const run = informer.run(ac.signal);
  await clock.advance(0);
  server.watches[0]!.event('ERROR', {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    reason: 'Expired',
    code: 410,
  });
  await clock.advance(800);
  assert.deepEqual(r.events.slice(3), ['update c@7 -> c@25', 'add d@26', 'delete b@6 (unknown)']);
  assert.deepEqual(informer.indexer.listKeys().sort(), ['ns/a', 'ns/c', 'ns/d']);
  ac.abort();
  await run;
});

test('each handler resyncs on its own period; the others are left alone', async () => {
  const clock = new FakeClock();
  const server = fakeServer(clock);
  server.lists.push(listOf('10', [cm('ns', 'a', '5'), cm('ns', 'b', '6')]));
  const informer = informerOn(clock, server, 30_000);
  const fast = recorder();
  const slow = recorder();
  const never = recorder();
  informer.addEventHandler(fast.handler, { resyncPeriodMs: 10_000 });
  informer.addEventHandler(slow.handler);
  informer.addEventHandler(never.handler, { resyncPeriodMs: 0 });
  const ac = new AbortController();
  const run = informer.run(ac.signal);
  await clock.advance(0);
  await clock.advance(10_000);
  assert.deepEqual(fast.events.slice(2), ['update a@5 -> a@5', 'update b@6 -> b@6']);
  assert.equal(slow.events.length, 2);
  await clock.advance(20_000);
  assert.equal(fast.events.length, 2 + 6);
  assert.equal(slow.events.length, 2 + 2);
  assert.equal(never.events.length, 2);
  ac.abort();
  await run;
});

test('a throwing handler does not stop the others, nor its own later events', async () => {
  const clock = new FakeClock();
  const server = fakeServer(clock);
  server.lists.push(listOf('10', [cm('ns', 'a', '5')]));
  const informer = new SharedInformer<KubeObject>({
    listerWatcher: server.client.resource<KubeObject>(configmaps),
    clock,
    logger: quiet,
  });
  let calls = 0;
  informer.addEventHandler({
    onAdd: () => {
      calls++;
      throw new Error('handler bug');
    },
  });
  const r = recorder();
  informer.addEventHandler(r.handler);
  const ac = new AbortController();
  const run = informer.run(ac.signal);
  await clock.advance(0);
  server.watches[0]!.event('ADDED', cm('ns', 'b', '11'));
  await clock.advance(0);
  assert.equal(calls, 2);
  assert.deepEqual(r.events, ['add a@5 (initial)', 'add b@11']);
  ac.abort();
  await run;
});

test('removed handlers get nothing more', async () => {
  const clock = new FakeClock();
  const server = fakeServer(clock);
  const informer = informerOn(clock, server);
  const r = recorder();
  const reg = informer.addEventHandler(r.handler);
  const ac = new AbortController();
  const run = informer.run(ac.signal);
  await clock.advance(0);
  reg.remove();
  server.watches[0]!.event('ADDED', cm('ns', 'x', '2'));
  await clock.advance(0);
  assert.deepEqual(r.events, []);
  ac.abort();
  await run;
});

test('the lister reads the cache by namespace, label selector and index; cached objects are frozen', async () => {
  const clock = new FakeClock();
  const server = fakeServer(clock);
  server.lists.push(
    listOf('10', [
      cm('ns1', 'a', '1', { app: 'web' }),
      cm('ns1', 'b', '2', { app: 'db' }),
      cm('ns2', 'c', '3', { app: 'web' }),
    ]),
  );
  const informer = informerOn(clock, server);
  const ac = new AbortController();
  const run = informer.run(ac.signal);
  await informer.whenSynced();
  const lister = informer.lister;
  assert.equal(lister.get('ns1', 'a')?.metadata?.resourceVersion, '1');
  assert.equal(lister.get('ns1', 'c'), undefined);
  assert.equal(lister.namespace('ns2').get('c')?.metadata?.name, 'c');
  assert.deepEqual(
    lister
      .list(parseSelector('app=web'))
      .map((o) => o.metadata?.name)
      .sort(),
    ['a', 'c'],
  );
  assert.deepEqual(
    lister
      .namespace('ns1')
      .list(parseSelector('app!=web'))
      .map((o) => o.metadata?.name),
    ['b'],
  );
  assert.equal(lister.namespace('ns1').list().length, 2);
  assert.deepEqual(
    lister
      .byIndex('app', 'web')
      .map((o) => o.metadata?.name)
      .sort(),
    ['a', 'c'],
  );
  const cached = lister.get('ns1', 'a')!;
  assert.throws(() => {
    cached.metadata!.name = 'mutated';
  }, TypeError);
  ac.abort();
  await run;
});

test('the factory shares one informer per resource and waits for all caches', async () => {
  const clock = new FakeClock();
  const server = fakeServer(clock);
  const factory = new SharedInformerFactory({ client: server.client, clock, logger: quiet, namespace: 'ns' });
  const a = factory.informerFor(configmaps);
  const b = factory.informerFor(configmaps, { indexers: { byName: (o) => [o.metadata?.name ?? ''] } });
  assert.equal(a, b);
  assert.ok(a.indexer.hasIndex('byName'));
  const secrets = factory.informerFor({ group: '', version: 'v1', resource: 'secrets' });
  assert.notEqual(secrets, a);
  assert.equal(factory.lister(configmaps), a.lister);
  const ac = new AbortController();
  factory.start(ac.signal);
  factory.start(ac.signal);
  assert.equal(await factory.waitForCacheSync(), true);
  const paths = server.transport.requests.map((r) => `${r.query.get('watch') ? 'WATCH' : 'LIST'} ${r.path}`);
  assert.deepEqual(paths.filter((p) => p.startsWith('LIST')).sort(), [
    'LIST /api/v1/namespaces/ns/configmaps',
    'LIST /api/v1/namespaces/ns/secrets',
  ]);
  await factory.shutdown();
  assert.deepEqual(a.reflectorState, { phase: 'Stopped' });
});

test('waitForCacheSync gives up when its signal aborts', async () => {
  const clock = new FakeClock();
  const transport = new FakeTransport({ handler: () => new Promise<TransportResponse>(() => {}) });
  const client = new KubeClient({ transport, clock, qps: Infinity, logger: quiet });
  const factory = new SharedInformerFactory({ client, clock, logger: quiet });
  factory.informerFor(configmaps);
  factory.start();
  const ac = new AbortController();
  const waiting = factory.waitForCacheSync(ac.signal);
  ac.abort();
  assert.equal(await waiting, false);
});

test('a transform applies to listed, watched and deleted objects before cache and handlers see them', async () => {
  const clock = new FakeClock();
  const server = fakeServer(clock);
  const managed = (o: KubeObject): KubeObject => ({
    ...o,
    metadata: { ...o.metadata, managedFields: [{ manager: 'kubectl', operation: 'Update' }] },
  });
  server.lists.push(listOf('10', [managed(cm('ns', 'a', '5'))]));
  const informer = new SharedInformer<KubeObject>({
    listerWatcher: server.client.resource<KubeObject>(configmaps),
    clock,
    logger: quiet,
    random: () => 0,
    transform: stripManagedFields,
  });
  const seen: (KubeObject['metadata'] | undefined)[] = [];
  informer.addEventHandler({
    onAdd: (o) => seen.push(o.metadata),
    onUpdate: (_a, b) => seen.push(b.metadata),
    onDelete: (o) => seen.push(o.metadata),
  });
  const ac = new AbortController();
  const run = informer.run(ac.signal);
  await informer.whenSynced();
  await clock.advance(0);
  const w = server.watches[0]!;
  w.event('ADDED', managed(cm('ns', 'b', '11')));
  w.event('MODIFIED', managed(cm('ns', 'a', '12')));
  w.event('DELETED', managed(cm('ns', 'b', '13')));
  await clock.advance(0);
  assert.equal(seen.length, 4);
  for (const meta of seen) assert.equal(meta?.managedFields, undefined);
  assert.equal(informer.lister.get('ns', 'a')?.metadata?.managedFields, undefined);
  assert.equal(informer.lister.get('ns', 'a')?.metadata?.resourceVersion, '12');
  ac.abort();
  await run;
});

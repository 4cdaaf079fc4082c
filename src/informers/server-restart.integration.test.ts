// An informer across a restart of the real server on SQLite: the watch breaks, the reflector
// reconnects, the restarted server cannot serve the old resourceVersion (410), the reflector
// relists and the cache converges on the server's state, including changes made while it was away.
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import type { ConfigMap, Namespace } from 'kubernetes-types/core/v1.js';
import { createLogger } from '../base/logger.js';
import { ExponentialBackoff, KubeClient } from '../client/index.js';
import { eventually } from '../client/testing/eventually.js';
import { startTestServer, type TestServer } from '../client/testing/test-server.js';
import { SharedInformer } from './shared-informer.js';
import type { ReflectorTransition } from './reflector.js';

const configmapsType = { group: '', version: 'v1', resource: 'configmaps' };
const namespacesType = { group: '', version: 'v1', resource: 'namespaces' };
const quiet = createLogger('test', { write: () => {} });

let server: TestServer;

before(async () => {
  server = await startTestServer({ datastore: 'sqlite' });
});

after(async () => {
  await server?.stop();
});

test('after a restart on the same data directory the informer relists and converges', async () => {
  const client = await KubeClient.fromKubeconfig({
    path: server.kubeconfig,
    qps: Infinity,
    retry: { maxRetries: 2 },
    logger: quiet,
  });
  const namespaces = client.resource<Namespace>(namespacesType);
  await namespaces.create({ metadata: { name: 'restart' } });
  await namespaces.create({ metadata: { name: 'elsewhere' } });
  const cms = client.resource<ConfigMap>(configmapsType).namespace('restart');
  for (const name of ['keep', 'change', 'drop']) await cms.create({ metadata: { name }, data: { v: '1' } });

  const transitions: ReflectorTransition[] = [];
  const informer = new SharedInformer<ConfigMap>({
    listerWatcher: cms,
    logger: quiet,
    // A steady 3 s backoff leaves the writer below time to act while the informer is away.
    backoff: new ExponentialBackoff({ initialMs: 3000, maxMs: 3000 }),
    onTransition: (t) => transitions.push(t),
  });
  const deletes: string[] = [];
  informer.addEventHandler({
    onDelete: (o, unknown) => deletes.push(`${o.metadata?.name}${unknown ? ' (final state unknown)' : ''}`),
  });
  const ac = new AbortController();
  const run = informer.run(ac.signal);
  try {
    await informer.whenSynced();
    assert.deepEqual(informer.indexer.listKeys().sort(), ['restart/change', 'restart/drop', 'restart/keep']);
    // A write the informer does not watch moves the global revision past the informer's last one,
    // so the restarted server's watch cache (which starts at the current revision) cannot resume it.
    await client
      .resource<ConfigMap>(configmapsType)
      .namespace('elsewhere')
      .create({ metadata: { name: 'x' } });
    // Past a second, a broken watch counts as an interrupted stream to resume, not a failed one.
    await delay(1100);

    await server.kill();
    await server.restart();
    const writer = await KubeClient.fromKubeconfig({ path: server.kubeconfig, qps: Infinity, logger: quiet });
    try {
      const w = writer.resource<ConfigMap>(configmapsType).namespace('restart');
      await w.patch('change', 'merge', { data: { v: '2' } });
      await w.delete('drop');
      await w.create({ metadata: { name: 'new' }, data: { v: '1' } });
    } finally {
      writer.close();
    }

    await eventually(() => {
      assert.deepEqual(informer.indexer.listKeys().sort(), ['restart/change', 'restart/keep', 'restart/new']);
      assert.equal(informer.lister.get('restart', 'change')?.data?.['v'], '2');
    }, 60_000);
    assert.equal(informer.reflectorState.phase, 'Watching');
    // Whether the resumed watch reached the restarted server (and got 410 Expired, since its cache
    // starts past the informer's revision) or found it still down depends on timing; both must relist.
    assert.ok(
      transitions.some((t) => t.outcome.kind === 'watchFailed'),
      'the resumed watch failed (410 Expired, or the server was still down)',
    );
    assert.ok(transitions.filter((t) => t.outcome.kind === 'listed').length >= 2, 'the informer relisted');
    // The delete arrives once: from the relist (final state unknown) when the writer finished before
    // it, or as a watch event when the relist came first — a slow restart on a loaded machine can
    // outlast the informer's backoff. The relist's own delete is covered by the informer unit tests.
    assert.equal(deletes.length, 1, deletes.join(', '));
    assert.match(deletes[0]!, /^drop( \(final state unknown\))?$/);

    // And it keeps following live changes after reconnecting.
    await cms.patch('keep', 'merge', { data: { v: 'live' } });
    await eventually(() => assert.equal(informer.lister.get('restart', 'keep')?.data?.['v'], 'live'), 30_000);
  } finally {
    if (process.env['K8TS_DEBUG_RESTART'])
      for (const t of transitions) console.log(t.from.phase, t.outcome.kind, '->', JSON.stringify(t.to));
    ac.abort();
    await run;
    client.close();
  }
});

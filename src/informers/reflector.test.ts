import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../api/object.js';
import { FakeClock } from '../base/clock.js';
import { createLogger } from '../base/logger.js';
import { KubeClient, type TransportResponse } from '../client/index.js';
import {
  ControlledBody,
  FakeTransport,
  jsonResponse,
  statusResponse,
  streamResponse,
  type RecordedRequest,
} from '../client/testing/fake-transport.js';
import type { ReflectorStore } from './lister-watcher.js';
import { Reflector, type ReflectorTransition } from './reflector.js';

const configmaps = { group: '', version: 'v1', resource: 'configmaps' };
const quiet = createLogger('test', { write: () => {} });

function cm(name: string, rv: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns', resourceVersion: rv } };
}

function list(rv: string, names: string[], cont?: string): TransportResponse {
  return jsonResponse(200, {
    kind: 'ConfigMapList',
    apiVersion: 'v1',
    metadata: { resourceVersion: rv, ...(cont ? { continue: cont } : {}) },
    items: names.map((n) => cm(n, rv)),
  });
}

const expiredStatus = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'too old resource version: 10 (50)',
  reason: 'Expired',
  code: 410,
};

type Answer = (req: RecordedRequest) => TransportResponse;

/** A reflector on a fake transport: lists and watch answers are scripted, the store records calls. */
function harness(options: { watchList?: boolean } = {}) {
  const clock = new FakeClock();
  const lists: Answer[] = [];
  const watchAnswers: Answer[] = [];
  const watches: ControlledBody[] = [];
  const transport = new FakeTransport({
    handler: (req) => {
      if (req.query.get('watch') === 'true') {
        const scripted = watchAnswers.shift();
        if (scripted) return scripted(req);
        const body = new ControlledBody(req.signal);
        watches.push(body);
        return streamResponse(body);
      }
      const next = lists.shift();
      return next ? next(req) : statusResponse(500, 'InternalError', 'no list scripted');
    },
  });
  const client = new KubeClient({ transport, clock, qps: Infinity, retry: { maxRetries: 0 }, logger: quiet });
  const ops: string[] = [];
  const fmt = (o: KubeObject) => `${o.metadata?.name}@${o.metadata?.resourceVersion}`;
  const store: ReflectorStore<KubeObject> = {
    add: (o) => ops.push(`add ${fmt(o)}`),
    update: (o) => ops.push(`update ${fmt(o)}`),
    delete: (o) => ops.push(`delete ${fmt(o)}`),
    replace: (objects, rv) => ops.push(`replace [${objects.map(fmt).join(' ')}] at ${rv}`),
  };
  const transitions: ReflectorTransition[] = [];
  const reflector = new Reflector<KubeObject>({
    listerWatcher: client.resource<KubeObject>(configmaps).namespace('ns'),
    store,
    clock,
    logger: quiet,
    random: () => 0,
    onTransition: (t) => transitions.push(t),
    ...options,
  });
  const ac = new AbortController();
  const running = reflector.run(ac.signal);
  const requests = () =>
    transport.requests.map((r) => {
      const q = new URLSearchParams(r.query);
      q.sort();
      return `${q.get('watch') ? 'WATCH' : 'LIST'} ${q.toString()}`;
    });
  return {
    clock,
    lists,
    watchAnswers,
    watches,
    ops,
    reflector,
    transitions,
    requests,
    stop: async () => {
      ac.abort();
      await running;
    },
  };
}

test('lists at "0" with a page size, then watches from the list version with bookmarks and a timeout', async () => {
  const h = harness();
  h.lists.push(() => list('10', ['a', 'b']));
  await h.clock.advance(0);
  assert.deepEqual(h.ops, ['replace [a@10 b@10] at 10']);
  assert.deepEqual(h.requests(), [
    'LIST limit=500&resourceVersion=0',
    'WATCH allowWatchBookmarks=true&resourceVersion=10&timeoutSeconds=300&watch=true',
  ]);
  assert.deepEqual(h.reflector.state, { phase: 'Watching', resourceVersion: '10' });
  assert.equal(h.reflector.lastSyncResourceVersion, '10');
  await h.stop();
  assert.deepEqual(h.reflector.state, { phase: 'Stopped' });
});

test('watch timeouts are spread between 5 and 10 minutes', async () => {
  const seen: number[] = [];
  for (const r of [0, 0.5, 0.999]) {
    const h = harness();
    (h.reflector as unknown as { random: () => number }).random = () => r;
    h.lists.push(() => list('10', []));
    await h.clock.advance(0);
    const watch = h.requests()[1]!;
    seen.push(Number(/timeoutSeconds=(\d+)/.exec(watch)![1]));
    await h.stop();
  }
  assert.deepEqual(seen, [300, 450, 599]);
});

test('a paginated list follows continue tokens and replaces the store once with every page', async () => {
  const h = harness();
  h.lists.push(
    () => list('10', ['a'], 'page2'),
    () => list('10', ['b'], 'page3'),
    () => list('10', ['c']),
  );
  await h.clock.advance(0);
  assert.deepEqual(h.requests().slice(0, 3), [
    'LIST limit=500&resourceVersion=0',
    'LIST continue=page2&limit=500',
    'LIST continue=page3&limit=500',
  ]);
  assert.deepEqual(h.ops, ['replace [a@10 b@10 c@10] at 10']);
  await h.stop();
});

test('an expired continue token falls back to one full list at the same version', async () => {
  const h = harness();
  h.lists.push(
    () => list('10', ['a'], 'page2'),
    () => jsonResponse(410, { ...expiredStatus, message: 'continue expired' }),
    () => list('12', ['a', 'b']),
  );
  await h.clock.advance(0);
  assert.deepEqual(h.requests().slice(0, 3), [
    'LIST limit=500&resourceVersion=0',
    'LIST continue=page2&limit=500',
    'LIST resourceVersion=0',
  ]);
  assert.deepEqual(h.ops, ['replace [a@12 b@12] at 12']);
  await h.stop();
});

test('events go to the store in order and a clean stream end resumes from the last version', async () => {
  const h = harness();
  h.lists.push(() => list('10', ['a', 'b']));
  await h.clock.advance(0);
  const w = h.watches[0]!;
  w.event('ADDED', cm('c', '11'));
  w.event('MODIFIED', cm('a', '12'));
  w.event('DELETED', cm('b', '13'));
  w.end();
  await h.clock.advance(0);
  assert.deepEqual(h.ops, ['replace [a@10 b@10] at 10', 'add c@11', 'update a@12', 'delete b@13']);
  assert.equal(
    h.requests()[2],
    'WATCH allowWatchBookmarks=true&resourceVersion=13&timeoutSeconds=300&watch=true',
  );
  assert.equal(h.requests().length, 3, 'no relist');
  await h.stop();
});

test('bookmarks advance the resourceVersion without touching the store', async () => {
  const h = harness();
  h.lists.push(() => list('10', ['a']));
  await h.clock.advance(0);
  h.watches[0]!.event('BOOKMARK', {
    kind: 'ConfigMap',
    apiVersion: 'v1',
    metadata: { resourceVersion: '40' },
  });
  await h.clock.advance(0);
  assert.equal(h.reflector.lastSyncResourceVersion, '40');
  h.watches[0]!.end();
  await h.clock.advance(0);
  assert.deepEqual(h.ops, ['replace [a@10] at 10']);
  assert.match(h.requests()[2]!, /^WATCH .*resourceVersion=40&/);
  await h.stop();
});

test('410 Expired on a watch backs off 800 ms, then relists from the last version and watches again', async () => {
  const h = harness();
  h.lists.push(
    () => list('10', ['a', 'b']),
    () => list('60', ['a']),
  );
  await h.clock.advance(0);
  h.watches[0]!.event('MODIFIED', cm('a', '11'));
  h.watches[0]!.event('ERROR', expiredStatus);
  await h.clock.advance(0);
  assert.deepEqual(h.reflector.state, {
    phase: 'Backoff',
    delayMs: 800,
    next: { phase: 'Listing', resourceVersion: '11' },
  });
  await h.clock.advance(799);
  assert.equal(h.requests().length, 2);
  await h.clock.advance(1);
  assert.deepEqual(h.requests().slice(2), [
    // A list at a specific version goes unpaginated, so the server answers from its watch cache.
    'LIST resourceVersion=11',
    'WATCH allowWatchBookmarks=true&resourceVersion=60&timeoutSeconds=300&watch=true',
  ]);
  assert.deepEqual(h.ops, ['replace [a@10 b@10] at 10', 'update a@11', 'replace [a@60] at 60']);
  await h.stop();
});

test('a relist that is itself too old is retried at once as a consistent list', async () => {
  const h = harness();
  h.lists.push(
    () => list('10', ['a']),
    () => jsonResponse(410, expiredStatus),
    () => list('70', ['a', 'z']),
  );
  await h.clock.advance(0);
  h.watches[0]!.event('ERROR', expiredStatus);
  await h.clock.advance(800);
  assert.deepEqual(h.requests().slice(2), [
    'LIST resourceVersion=10',
    'LIST limit=500',
    'WATCH allowWatchBookmarks=true&resourceVersion=70&timeoutSeconds=300&watch=true',
  ]);
  await h.stop();
});

test('failing lists back off 800 ms, 1.6 s, 3.2 s, ... before each retry', async () => {
  const h = harness();
  const at: number[] = [];
  const start = h.clock.now();
  for (let i = 0; i < 4; i++)
    h.lists.push(() => {
      at.push(h.clock.now() - start);
      return statusResponse(500, 'InternalError', 'etcd is sad');
    });
  h.lists.push(() => {
    at.push(h.clock.now() - start);
    return list('10', []);
  });
  await h.clock.advance(20_000);
  assert.deepEqual(at, [0, 800, 2400, 5600, 12_000]);
  assert.equal(h.reflector.state.phase, 'Watching');
  await h.stop();
});

test('a watch that cannot connect is retried at the same version after a backoff, without relisting', async () => {
  const h = harness();
  h.lists.push(() => list('10', ['a']));
  await h.clock.advance(0);
  h.watches[0]!.event('ADDED', cm('b', '11'));
  h.watches[0]!.fail(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
  const refused = () => {
    throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
  };
  h.watchAnswers.push(refused, refused);
  await h.clock.advance(0);
  // A broken stream resumes at once; the refused reconnect backs off.
  assert.equal(h.reflector.state.phase, 'Backoff');
  await h.clock.advance(800);
  assert.equal(h.reflector.state.phase, 'Backoff');
  await h.clock.advance(1600);
  assert.deepEqual(h.reflector.state, { phase: 'Watching', resourceVersion: '11' });
  assert.deepEqual(
    h.requests().map((r) => r.split(' ')[0]),
    ['LIST', 'WATCH', 'WATCH', 'WATCH', 'WATCH'],
  );
  assert.ok(
    h
      .requests()
      .slice(2)
      .every((r) => r.includes('resourceVersion=11&')),
  );
  await h.stop();
});

test('a watch closed at once without events counts as a failure and relists after a backoff', async () => {
  const h = harness();
  h.lists.push(
    () => list('10', ['a']),
    () => list('12', ['a']),
  );
  await h.clock.advance(0);
  h.watches[0]!.end();
  await h.clock.advance(0);
  assert.equal(h.reflector.state.phase, 'Backoff');
  await h.clock.advance(800);
  assert.deepEqual(h.requests().slice(2, 3), ['LIST resourceVersion=10']);
  await h.stop();
});

test('a watch still open long after its timeout is cancelled and resumed', async () => {
  const h = harness();
  h.lists.push(() => list('10', ['a']));
  await h.clock.advance(0);
  h.watches[0]!.event('MODIFIED', cm('a', '11'));
  await h.clock.advance(300_000 + 60_000);
  assert.ok(h.watches[0]!.closed);
  assert.equal(h.watches.length, 2);
  assert.match(h.requests()[2]!, /resourceVersion=11&/);
  await h.stop();
});

test('watch-list: initial events fill the store at the initial-events-end bookmark, then the stream goes on', async () => {
  const h = harness({ watchList: true });
  await h.clock.advance(0);
  assert.deepEqual(h.requests(), [
    'WATCH allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&sendInitialEvents=true&timeoutSeconds=300&watch=true',
  ]);
  const w = h.watches[0]!;
  w.event('ADDED', cm('a', '5'));
  w.event('ADDED', cm('b', '7'));
  w.event('BOOKMARK', { kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: '8' } });
  await h.clock.advance(0);
  assert.deepEqual(h.ops, [], 'a plain bookmark does not end the initial events');
  w.event('BOOKMARK', {
    kind: 'ConfigMap',
    apiVersion: 'v1',
    metadata: { resourceVersion: '9', annotations: { 'k8s.io/initial-events-end': 'true' } },
  });
  await h.clock.advance(0);
  assert.deepEqual(h.ops, ['replace [a@5 b@7] at 9']);
  assert.deepEqual(h.reflector.state, { phase: 'Watching', resourceVersion: '9' });
  w.event('MODIFIED', cm('a', '10'));
  await h.clock.advance(0);
  assert.deepEqual(h.ops, ['replace [a@5 b@7] at 9', 'update a@10']);
  assert.equal(h.requests().length, 1, 'the same stream carries on');
  w.end();
  await h.clock.advance(0);
  assert.match(
    h.requests()[1]!,
    /^WATCH allowWatchBookmarks=true&resourceVersion=10&timeoutSeconds=300&watch=true$/,
  );
  await h.stop();
});

test('watch-list rejected by the server falls back to LIST + WATCH', async () => {
  const h = harness({ watchList: true });
  h.watchAnswers.push(() => statusResponse(422, 'Invalid', 'sendInitialEvents is not supported'));
  h.lists.push(() => list('10', ['a']));
  await h.clock.advance(0);
  assert.deepEqual(
    h.requests().map((r) => r.split(' ')[0]),
    ['WATCH', 'LIST', 'WATCH'],
  );
  assert.deepEqual(h.ops, ['replace [a@10] at 10']);
  await h.stop();
});

test('stopping during a backoff ends the run at once', async () => {
  const h = harness();
  h.lists.push(() => statusResponse(500, 'InternalError', 'down'));
  await h.clock.advance(0);
  assert.equal(h.reflector.state.phase, 'Backoff');
  await h.stop();
  assert.deepEqual(h.transitions.at(-1)?.to, { phase: 'Stopped' });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConfigMap, Pod } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '../base/clock.js';
import { createLogger } from '../base/logger.js';
import { isStatusError, StatusError } from '../machinery/errors/index.js';
import { parseSelector } from '../machinery/labels/index.js';
import { KubeClient, type KubeClientSettings } from './kube-client.js';
import { ResourceExpiredError, isResourceExpired } from './resource-expired-error.js';
import {
  ControlledBody,
  FakeTransport,
  jsonResponse,
  statusResponse,
  streamResponse,
  type FakeHandler,
} from './testing/fake-transport.js';
import type { TransportResponse } from './transport.js';

const pods = { group: '', version: 'v1', resource: 'pods' };
const deployments = { group: 'apps', version: 'v1', resource: 'deployments' };
const nodes = { group: '', version: 'v1', resource: 'nodes' };
const quiet = createLogger('test', { write: () => {} });

function setup(handler: FakeHandler, settings: KubeClientSettings = {}) {
  const clock = new FakeClock();
  const transport = new FakeTransport({ handler });
  const client = new KubeClient({ transport, clock, logger: quiet, qps: Infinity, ...settings });
  return { clock, transport, client };
}

test('requests carry the component User-Agent, JSON headers and the default field manager', async () => {
  const { client, transport } = setup((req) => jsonResponse(201, JSON.parse(req.body ?? '{}')), {
    component: 'k8ts-scheduler',
  });
  await client
    .resource<Pod>(pods)
    .namespace('default')
    .create({ metadata: { name: 'p' } });
  const req = transport.requests[0]!;
  assert.equal(req.method, 'POST');
  assert.equal(req.path, '/api/v1/namespaces/default/pods');
  assert.match(req.headers['user-agent']!, /^k8ts-scheduler\/v1\.32\.4 \([a-z0-9]+\/[a-z0-9]+\) k8ts$/);
  assert.equal(req.headers['accept'], 'application/json');
  assert.equal(req.headers['content-type'], 'application/json');
  assert.equal(req.query.get('fieldManager'), 'k8ts-scheduler');
});

test('URLs: named groups, cluster-scoped resources, subresources, all namespaces', async () => {
  const { client, transport } = setup((req) =>
    req.method === 'GET' && !req.path.endsWith('/d') && !req.path.includes('/nodes/')
      ? jsonResponse(200, { metadata: { resourceVersion: '5' }, items: [] })
      : jsonResponse(200, { metadata: { name: 'x' } }),
  );
  await client.resource(deployments).namespace('ns1').get('d');
  await client.resource(nodes).namespace('ignored').get('n1');
  await client.resource(pods).list();
  await client.resource(pods).updateStatus({ metadata: { name: 'p', namespace: 'ns2' } });
  await client
    .resource(deployments)
    .namespace('ns1')
    .patch('d', 'merge', { spec: {} }, { subresource: 'scale' });
  assert.deepEqual(
    transport.requests.map((r) => `${r.method} ${r.path}`),
    [
      'GET /apis/apps/v1/namespaces/ns1/deployments/d',
      'GET /api/v1/nodes/n1',
      'GET /api/v1/pods',
      'PUT /api/v1/namespaces/ns2/pods/p/status',
      'PATCH /apis/apps/v1/namespaces/ns1/deployments/d/scale',
    ],
  );
  assert.equal(transport.requests[4]!.headers['content-type'], 'application/merge-patch+json');
});

test('a namespaced call without a namespace is a TypeError, not a request', async () => {
  const { client, transport } = setup(() => jsonResponse(200, {}));
  await assert.rejects(client.resource(pods).get('p'), TypeError);
  await assert.rejects(client.resource(pods).create({ metadata: { name: 'p' } }), TypeError);
  assert.equal(transport.requests.length, 0);
});

test('list returns items with their type filled in, the resourceVersion and the continue token', async () => {
  const { client, transport } = setup(() =>
    jsonResponse(200, {
      kind: 'ConfigMapList',
      apiVersion: 'v1',
      metadata: { resourceVersion: '42', continue: 'tok', remainingItemCount: 3 },
      items: [{ metadata: { name: 'a' } }],
    }),
  );
  const list = await client
    .resource<ConfigMap>({ group: '', version: 'v1', resource: 'configmaps' })
    .namespace('default')
    .list({ limit: 1, labelSelector: parseSelector('app=web'), fieldSelector: 'metadata.name=a' });
  assert.deepEqual(list, {
    items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }],
    resourceVersion: '42',
    continue: 'tok',
    remainingItemCount: 3,
  });
  const q = transport.requests[0]!.query;
  assert.equal(q.get('limit'), '1');
  assert.equal(q.get('labelSelector'), 'app=web');
  assert.equal(q.get('fieldSelector'), 'metadata.name=a');
});

test('a Status body becomes a StatusError with its reason; other bodies get the generic message', async () => {
  const answers: TransportResponse[] = [
    statusResponse(404, 'NotFound', 'pods "p" not found'),
    jsonResponse(409, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      reason: 'Conflict',
    }),
    { status: 403, headers: {}, body: (async function* () {})() },
    statusResponse(410, 'Expired', 'too old resource version: 1 (5)'),
  ];
  const { client } = setup(() => answers.shift()!, { retry: { maxRetries: 0 } });
  const c = client.resource<Pod>(pods).namespace('default');
  await assert.rejects(c.get('p'), (err: unknown) => {
    assert.ok(isStatusError(err, 'NotFound'));
    assert.equal(err.code, 404);
    assert.equal(err.message, 'pods "p" not found');
    return true;
  });
  await assert.rejects(c.get('p'), (err: unknown) => isStatusError(err, 'Conflict') && err.code === 409);
  await assert.rejects(c.get('p'), (err: unknown) => isStatusError(err, 'Forbidden') && err.code === 403);
  await assert.rejects(
    c.list(),
    (err: unknown) => err instanceof ResourceExpiredError && isResourceExpired(err),
  );
});

test('idempotent verbs retry 5xx and 429, waiting as Retry-After says', async () => {
  const answers = [
    statusResponse(503, 'ServiceUnavailable', 'busy', { 'retry-after': '2' }),
    statusResponse(429, 'TooManyRequests', 'slow down', { 'retry-after': '1' }),
    jsonResponse(200, { metadata: { name: 'p' } }),
  ];
  const { client, clock, transport } = setup(() => answers.shift()!);
  let result: Pod | undefined;
  void client
    .resource<Pod>(pods)
    .namespace('default')
    .get('p')
    .then((p) => (result = p));
  await clock.advance(0);
  assert.equal(transport.requests.length, 1);
  await clock.advance(1999);
  assert.equal(transport.requests.length, 1);
  await clock.advance(1);
  assert.equal(transport.requests.length, 2);
  await clock.advance(1000);
  assert.equal(transport.requests.length, 3);
  assert.equal(result?.metadata?.name, 'p');
});

test('POST is not retried after a 5xx, but is after a 429 with Retry-After', async () => {
  const answers = [
    statusResponse(429, 'TooManyRequests', 'later', { 'retry-after': '1' }),
    statusResponse(500, 'InternalError', 'boom'),
  ];
  const { client, clock, transport } = setup(() => answers.shift()!);
  const created = client
    .resource<Pod>(pods)
    .namespace('default')
    .create({ metadata: { name: 'p' } });
  const check = assert.rejects(created, (err: unknown) => isStatusError(err, 'InternalError'));
  await clock.advance(1000);
  await check;
  assert.equal(transport.requests.length, 2);
});

test('connection errors are retried for GET and surfaced for PATCH', async () => {
  let calls = 0;
  const { client, clock } = setup(() => {
    calls++;
    if (calls === 1) throw Object.assign(new Error('reset'), { code: 'ECONNRESET' });
    if (calls === 2) return jsonResponse(200, { metadata: { name: 'p' } });
    throw Object.assign(new Error('reset'), { code: 'ECONNRESET' });
  });
  const c = client.resource<Pod>(pods).namespace('default');
  const got = c.get('p');
  await clock.advance(1000);
  assert.equal((await got).metadata?.name, 'p');
  await assert.rejects(c.patch('p', 'merge', {}), /reset/);
  assert.equal(calls, 3);
});

test('the client-side rate limit spaces requests (qps 2, burst 1)', async () => {
  const { client, clock, transport } = setup(() => jsonResponse(200, { metadata: {} }), { qps: 2, burst: 1 });
  const c = client.resource<Pod>(pods).namespace('default');
  void c.get('a');
  void c.get('b');
  void c.get('c');
  await clock.advance(0);
  assert.equal(transport.requests.length, 1);
  await clock.advance(500);
  assert.equal(transport.requests.length, 2);
  await clock.advance(500);
  assert.equal(transport.requests.length, 3);
});

test('delete sends DeleteOptions as the body and returns the Status or the object', async () => {
  const { client, transport } = setup(() =>
    jsonResponse(200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' }),
  );
  const result = await client
    .resource(pods)
    .namespace('default')
    .delete('p', { gracePeriodSeconds: 0, propagationPolicy: 'Foreground', preconditions: { uid: 'u' } });
  assert.equal(result.kind, 'Status');
  assert.deepEqual(JSON.parse(transport.requests[0]!.body!), {
    gracePeriodSeconds: 0,
    propagationPolicy: 'Foreground',
    preconditions: { uid: 'u' },
  });
});

test('server-side apply sends the apply content type, field manager and force', async () => {
  const { client, transport } = setup(() => jsonResponse(200, { metadata: { name: 'p' } }), {
    component: 'k8ts-controller-manager',
  });
  await client
    .resource(pods)
    .namespace('default')
    .patch('p', 'apply', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }, { force: true });
  const req = transport.requests[0]!;
  assert.equal(req.headers['content-type'], 'application/apply-patch+yaml');
  assert.equal(req.query.get('fieldManager'), 'k8ts-controller-manager');
  assert.equal(req.query.get('force'), 'true');
});

test('watch: events split at odd chunk boundaries, bookmarks, and the query', async () => {
  const body = new ControlledBody();
  const { client, transport } = setup(() => streamResponse(body));
  const w = await client
    .resource<Pod>(pods)
    .namespace('default')
    .watch({ resourceVersion: '10', allowWatchBookmarks: true, timeoutSeconds: 300 });
  const q = transport.requests[0]!.query;
  assert.equal(q.get('watch'), 'true');
  assert.equal(q.get('resourceVersion'), '10');
  assert.equal(q.get('allowWatchBookmarks'), 'true');
  assert.equal(q.get('timeoutSeconds'), '300');
  body.push('{"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"11"}}}\n{"type":"MOD');
  body.push('IFIED","object":{"metadata":{"name":"a","resourceVersion":"12"}}}\n');
  body.event('BOOKMARK', { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: '13' } });
  body.end();
  const seen: string[] = [];
  for await (const e of w) seen.push(`${e.type}@${e.object.metadata?.resourceVersion}`);
  assert.deepEqual(seen, ['ADDED@11', 'MODIFIED@12', 'BOOKMARK@13']);
});

test('watch: an ERROR event with 410 throws a ResourceExpiredError', async () => {
  const body = new ControlledBody();
  const { client } = setup(() => streamResponse(body));
  const w = await client.resource<Pod>(pods).watch({ resourceVersion: '1' });
  body.event('ERROR', {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'too old resource version: 1 (100)',
    reason: 'Expired',
    code: 410,
  });
  await assert.rejects(
    (async () => {
      for await (const _ of w) assert.fail('no event expected');
    })(),
    (err: unknown) => err instanceof ResourceExpiredError && err instanceof StatusError && err.code === 410,
  );
});

test('watch: aborting the signal ends the iteration quietly and cancels the request', async () => {
  const body = new ControlledBody();
  const { client, transport } = setup((req) => {
    req.signal?.addEventListener('abort', () => body.fail(new Error('aborted')));
    return streamResponse(body);
  });
  const ac = new AbortController();
  const w = await client.resource<Pod>(pods).watch({ signal: ac.signal });
  body.event('ADDED', { metadata: { name: 'a', resourceVersion: '2' } });
  const seen: string[] = [];
  for await (const e of w) {
    seen.push(e.type);
    ac.abort();
  }
  assert.deepEqual(seen, ['ADDED']);
  assert.ok(transport.requests[0]!.signal?.aborted);
  assert.ok(w.stopped);
});

test('watch: stop() ends an iteration that is waiting for events', async () => {
  const body = new ControlledBody();
  const { client } = setup((req) => {
    req.signal?.addEventListener('abort', () => body.fail(new Error('aborted')));
    return streamResponse(body);
  });
  const w = await client.resource<Pod>(pods).watch();
  const done = (async () => {
    for await (const _ of w) assert.fail('no event expected');
  })();
  setImmediate(() => w.stop());
  await done;
});

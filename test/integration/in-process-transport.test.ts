// The in-process transport against a real ApiServer in this process (memory datastore): CRUD,
// lists and watches go through the whole handler chain, each connection as the user the server
// bound to it, and closing the server ends its streams and refuses new connections.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ConfigMap, Namespace } from 'kubernetes-types/core/v1.js';
import { ApiServer } from '../../src/apiserver/api-server.js';
import type { UserInfo } from '../../src/apiserver/http/api-request.js';
import { createLogger } from '../../src/base/logger.js';
import { InProcessTransport, KubeClient } from '../../src/client/index.js';
import { isStatusError } from '../../src/machinery/errors/index.js';

const quiet = createLogger('test', { write: () => {} });
const configmapsType = { group: '', version: 'v1', resource: 'configmaps' };
const namespacesType = { group: '', version: 'v1', resource: 'namespaces' };
const serviceAccountsType = { group: '', version: 'v1', resource: 'serviceaccounts' };
const admin: UserInfo = { name: 'kubernetes-admin', groups: ['system:masters'] };

let dataDir: string;
let server: ApiServer;

function clientAs(user: UserInfo, retries = 5): KubeClient {
  return new KubeClient({
    transport: new InProcessTransport({ connect: () => server.inProcessConnection(user) }),
    component: 'in-process-test',
    qps: Infinity,
    retry: { maxRetries: retries },
    logger: quiet,
  });
}

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'k8ts-in-process-'));
  server = await ApiServer.start({
    dataDir,
    datastore: 'memory',
    bindAddress: '127.0.0.1',
    port: 0,
    log: quiet,
  });
});

after(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

test('create, get and list through the in-process transport', async () => {
  const client = clientAs(admin);
  try {
    await client.resource<Namespace>(namespacesType).create({ metadata: { name: 'inproc' } });
    const cms = client.resource<ConfigMap>(configmapsType).namespace('inproc');
    const created = await cms.create({ metadata: { name: 'a', labels: { app: 'web' } }, data: { k: 'v' } });
    assert.equal(created.metadata?.managedFields?.[0]?.manager, 'in-process-test');
    assert.deepEqual((await cms.get('a')).data, { k: 'v' });
    await cms.create({ metadata: { name: 'b' } });
    const page = await cms.list({ labelSelector: 'app=web' });
    assert.deepEqual(
      page.items.map((c) => c.metadata?.name),
      ['a'],
    );
    await assert.rejects(cms.get('missing'), (err: unknown) => isStatusError(err, 'NotFound'));
  } finally {
    client.close();
  }
});

test('a watch streams events as they happen and stops when asked', async () => {
  const client = clientAs(admin);
  try {
    await client.resource<Namespace>(namespacesType).create({ metadata: { name: 'watched' } });
    const cms = client.resource<ConfigMap>(configmapsType).namespace('watched');
    const start = await cms.list();
    const watch = await cms.watch({ resourceVersion: start.resourceVersion });
    const seen: string[] = [];
    const reading = (async () => {
      for await (const event of watch) {
        if (event.type !== 'BOOKMARK') seen.push(`${event.type} ${event.object.metadata?.name}`);
        if (seen.length === 3) watch.stop();
      }
    })();
    await cms.create({ metadata: { name: 'w' } });
    await cms.patch('w', 'merge', { data: { x: '1' } });
    await cms.delete('w');
    await reading;
    assert.deepEqual(seen, ['ADDED w', 'MODIFIED w', 'DELETED w']);
  } finally {
    client.close();
  }
});

test('each connection is the user the server bound to it, and RBAC applies to that user', async () => {
  const whoami = async (client: KubeClient) => {
    const review = await client.request<{ status: { userInfo: { username: string; groups: string[] } } }>({
      method: 'POST',
      path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    });
    return review.status.userInfo;
  };
  const alice = clientAs({ name: 'alice', groups: [] });
  const adminClient = clientAs(admin);
  try {
    assert.deepEqual(await whoami(alice), { username: 'alice', groups: ['system:authenticated'] });
    assert.equal((await whoami(adminClient)).username, 'kubernetes-admin');
    await assert.rejects(
      alice.resource<ConfigMap>(configmapsType).namespace('default').list(),
      (err: unknown) =>
        isStatusError(err, 'Forbidden') &&
        err.message ===
          'configmaps is forbidden: User "alice" cannot list resource "configmaps" in API group "" in the namespace "default"',
    );
  } finally {
    alice.close();
    adminClient.close();
  }
});

test('a connection opened without a user authenticates each request by its bearer token', async () => {
  const adminClient = clientAs(admin);
  const transport = new InProcessTransport({ connect: () => server.inProcessConnection() });
  const send = async (path: string, token?: string, body?: unknown) => {
    const res = await transport.request({
      method: body === undefined ? 'GET' : 'POST',
      path,
      headers: {
        accept: 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: Buffer.from(JSON.stringify(body)) }),
    });
    let text = '';
    for await (const chunk of res.body) text += Buffer.from(chunk).toString('utf8');
    return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
  };
  try {
    await adminClient
      .resource(serviceAccountsType)
      .namespace('default')
      .create({ metadata: { name: 'robot' } });
    const request = await adminClient.request<{ status: { token: string } }>({
      method: 'POST',
      path: '/api/v1/namespaces/default/serviceaccounts/robot/token',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} },
    });
    const review = await send('/apis/authentication.k8s.io/v1/selfsubjectreviews', request.status.token, {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
    });
    assert.equal(review.status, 201);
    assert.equal(
      (review.body['status'] as { userInfo: { username: string } }).userInfo.username,
      'system:serviceaccount:default:robot',
    );
    // No token: anonymous, which may read /version but nothing else.
    assert.equal((await send('/version')).status, 200);
    const denied = await send('/api/v1/namespaces/default/configmaps');
    assert.equal(denied.status, 403);
    assert.match(String(denied.body['message']), /User "system:anonymous" cannot list resource "configmaps"/);
  } finally {
    transport.close();
    adminClient.close();
  }
});

test('closing the server ends open watches and refuses new connections', async () => {
  // No retries: a refused connection is otherwise retried with backoff, as over TCP.
  const client = clientAs(admin, 0);
  const watch = await client.resource<Namespace>(namespacesType).watch({});
  const drained = (async () => {
    let events = 0;
    for await (const _ of watch) events++;
    return events;
  })();
  await server.close();
  // The stream ends (or breaks) instead of hanging.
  await drained.catch(() => 0);
  await assert.rejects(client.resource<Namespace>(namespacesType).list(), { code: 'ECONNREFUSED' });
  client.close();
});

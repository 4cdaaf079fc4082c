// The apiserver's streaming subresources against a real in-process ApiServer and a fake kubelet
// (an HTTPS server in this process that checks the apiserver's client certificate): pods/log
// (plain and following), exec/attach/portforward relayed as WebSocket and SPDY upgrades, the
// errors before an upgrade, authorization, nodes/proxy, pods/proxy and services/proxy — and the
// real kubectl's `logs` and `exec -i` through them.
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { ApiServer } from '../../src/apiserver/api-server.js';
import { issueServingCertificate } from '../../src/apiserver/pki/issue-serving-certificate.js';
import { createLogger } from '../../src/base/logger.js';
import { startFakeKubelet, type FakeKubelet } from '../support/fake-kubelet.js';
import { adminRequest, type AdminAnswer } from '../support/admin-request.js';
import { kubectl } from '../support/kubectl.js';

const quiet = createLogger('test', { write: () => {} });
// Short, so that every session below outlives it.
const requestTimeoutMs = 1_000;

let dataDir: string;
let server: ApiServer;
let kubelet: FakeKubelet;
let backend: Server;
let backendPort: number;

type Answer = AdminAnswer;

function tlsOptions() {
  return { cert: server.pki.admin.certPem, key: server.pki.admin.keyPem, ca: server.pki.ca.certPem };
}

/** One request to the apiserver as the admin, read to the end. */
function api(
  method: string,
  path: string,
  options: { headers?: Record<string, string | string[]>; body?: unknown } = {},
): Promise<Answer> {
  return adminRequest(server, method, path, options);
}

async function create(path: string, body: unknown): Promise<void> {
  const answer = await api('POST', path, { body });
  assert.equal(answer.status, 201, answer.body);
}

async function putStatus(path: string, object: Record<string, unknown>): Promise<void> {
  const current = JSON.parse((await api('GET', path)).body) as Record<string, unknown>;
  const answer = await api('PUT', `${path}/status`, { body: { ...current, status: object } });
  assert.equal(answer.status, 200, answer.body);
}

function message(answer: Answer): string {
  return (JSON.parse(answer.body) as { message: string }).message;
}

/** Opens a WebSocket through the apiserver; resolves with it, or with the refusal's answer. */
function openWebSocket(
  path: string,
  protocols: string[],
  headers: Record<string, string> = {},
): Promise<WebSocket | Answer> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.url.replace('https', 'wss')}${path}`, protocols, {
      ...tlsOptions(),
      headers,
    });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    ws.once('error', reject);
  });
}

function nextMessage(ws: WebSocket): Promise<Buffer> {
  return new Promise((resolve) => ws.once('message', (data: Buffer) => resolve(data)));
}

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'k8ts-streaming-'));
  server = await ApiServer.start({
    dataDir,
    datastore: 'memory',
    bindAddress: '127.0.0.1',
    port: 0,
    log: quiet,
    requestTimeoutMs,
    // As the test servers run: no controllers stand behind these plugins here.
    admissionPlugins: {
      disable: ['ServiceAccount', 'TaintNodesByCondition', 'Priority', 'StorageObjectInUseProtection'],
    },
  });
  const serving = await issueServingCertificate(server.pki.ca, {
    names: { dnsNames: ['localhost'], ips: ['127.0.0.1'] },
  });
  kubelet = await startFakeKubelet({ ...serving, clientCaPem: server.pki.ca.certPem });
  backend = createHttpServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      res.setHeader('X-Seen-Forwarded-Uri', String(req.headers['x-forwarded-uri'] ?? ''));
      res.end(`backend ${req.method} ${req.url}${body ? ` ${body}` : ''}`);
    });
  });
  await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
  backendPort = (backend.address() as AddressInfo).port;

  await create('/api/v1/nodes', { metadata: { name: 'n1' } });
  await putStatus('/api/v1/nodes/n1', {
    addresses: [
      { type: 'Hostname', address: 'n1.invalid' },
      { type: 'InternalIP', address: '127.0.0.1' },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: kubelet.port } },
  });
  const pods = '/api/v1/namespaces/default/pods';
  await create(pods, {
    metadata: { name: 'web' },
    spec: {
      nodeName: 'n1',
      containers: [{ name: 'app', image: 'toolbox', ports: [{ containerPort: backendPort }] }],
    },
  });
  await putStatus(`${pods}/web`, { phase: 'Running', podIP: '127.0.0.1', podIPs: [{ ip: '127.0.0.1' }] });
  await create(pods, {
    metadata: { name: 'duo' },
    spec: {
      nodeName: 'n1',
      initContainers: [{ name: 'setup', image: 'toolbox' }],
      containers: [
        { name: 'waiting', image: 'toolbox' },
        { name: 'gone', image: 'toolbox' },
        { name: 'broken', image: 'toolbox' },
      ],
    },
  });
  await create(pods, {
    metadata: { name: 'pending' },
    spec: { containers: [{ name: 'app', image: 'toolbox' }] },
  });
});

after(async () => {
  await kubelet?.close();
  await new Promise<void>((resolve) => (backend ? backend.close(() => resolve()) : resolve()));
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('discovery', () => {
  test('lists the streaming subresources with upstream 1.32 kinds and verbs', async () => {
    const list = JSON.parse((await api('GET', '/api/v1')).body) as {
      resources: { name: string; kind: string; verbs: string[] }[];
    };
    const find = (name: string) => {
      const r = list.resources.find((x) => x.name === name);
      return r && { kind: r.kind, verbs: r.verbs };
    };
    assert.deepEqual(find('pods/exec'), { kind: 'PodExecOptions', verbs: ['create', 'get'] });
    assert.deepEqual(find('pods/attach'), { kind: 'PodAttachOptions', verbs: ['create', 'get'] });
    assert.deepEqual(find('pods/portforward'), { kind: 'PodPortForwardOptions', verbs: ['create', 'get'] });
    assert.deepEqual(find('pods/log'), { kind: 'Pod', verbs: ['get'] });
    const proxyVerbs = ['create', 'delete', 'get', 'patch', 'update'];
    assert.deepEqual(find('pods/proxy'), { kind: 'PodProxyOptions', verbs: proxyVerbs });
    assert.deepEqual(find('nodes/proxy'), { kind: 'NodeProxyOptions', verbs: proxyVerbs });
    assert.deepEqual(find('services/proxy'), { kind: 'ServiceProxyOptions', verbs: proxyVerbs });
  });
});

describe('pods/log', () => {
  test('streams the kubelet log of the only container, as the apiserver-kubelet-client', async () => {
    const answer = await api('GET', '/api/v1/namespaces/default/pods/web/log?tailLines=2&timestamps=true', {
      headers: { 'Impersonate-User': 'kubernetes-admin', 'Impersonate-Group': 'system:masters' },
    });
    assert.equal(answer.status, 200, answer.body);
    assert.equal(answer.headers['content-type'], 'text/plain');
    assert.equal(answer.body, 'log of default/web/app\nlast line\n');
    const call = kubelet.calls.at(-1)!;
    assert.equal(call.url, '/containerLogs/default/web/app?tailLines=2&timestamps=true');
    assert.equal(call.clientCommonName, 'kube-apiserver-kubelet-client');
    assert.equal(call.headers['authorization'], undefined);
    assert.equal(call.headers['impersonate-user'], undefined);
  });

  test('follows: lines written later arrive at once, past the request timeout, until the client leaves', async () => {
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      httpsRequest(`${server.url}/api/v1/namespaces/default/pods/web/log?follow=true`, tlsOptions(), resolve)
        .on('error', reject)
        .end();
    });
    assert.equal(res.statusCode, 200);
    res.setEncoding('utf8');
    const chunks: string[] = [];
    res.on('data', (c: string) => chunks.push(c));
    const waitFor = async (text: string) => {
      for (let i = 0; i < 100 && !chunks.join('').includes(text); i++) await sleep(20);
      assert.ok(chunks.join('').includes(text), chunks.join(''));
    };
    await waitFor('log of default/web/app\n');
    await sleep(requestTimeoutMs + 500);
    kubelet.emitLogLine('second');
    await waitFor('second\n');
    assert.equal(kubelet.calls.at(-1)!.url, '/containerLogs/default/web/app?follow=true');
    res.destroy();
    for (let i = 0; i < 100 && kubelet.openFollowers() > 0; i++) await sleep(20);
    assert.equal(kubelet.openFollowers(), 0, 'the kubelet stream ends with the client');
  });

  test('refuses bad requests with upstream Status answers', async () => {
    const log = (query: string, pod = 'duo') =>
      api('GET', `/api/v1/namespaces/default/pods/${pod}/log${query}`);
    let answer = await log('');
    assert.equal(answer.status, 400);
    assert.equal(
      message(answer),
      'a container name must be specified for pod duo, choose one of: [setup waiting gone broken]',
    );
    answer = await log('?container=nope');
    assert.equal(answer.status, 400);
    assert.equal(message(answer), 'container nope is not valid for pod duo');
    answer = await log('?tailLines=-1', 'web');
    assert.equal(answer.status, 422);
    assert.equal(
      message(answer),
      'PodLogOptions "web" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0',
    );
    answer = await log('?sinceSeconds=5&sinceTime=2024-01-01T00:00:00Z', 'web');
    assert.equal(answer.status, 422);
    assert.equal(
      message(answer),
      'PodLogOptions "web" is invalid: : Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified',
    );
    answer = await log('?tailLines=abc', 'web');
    assert.equal(answer.status, 400);
    assert.equal(message(answer), 'strconv.ParseInt: parsing "abc": invalid syntax');
    answer = await log('', 'nope');
    assert.equal(answer.status, 404);
    assert.equal(message(answer), 'pods "nope" not found');
    answer = await log('', 'pending');
    assert.equal(answer.status, 204);
  });

  test("passes the kubelet's refusals on as upstream wraps them", async () => {
    let answer = await api('GET', '/api/v1/namespaces/default/pods/duo/log?container=waiting');
    assert.equal(answer.status, 400);
    assert.equal(message(answer), 'container "waiting" in pod "duo" is waiting to start: ContainerCreating');
    answer = await api('GET', '/api/v1/namespaces/default/pods/duo/log?container=gone');
    assert.equal(answer.status, 404);
    assert.equal(message(answer), 'the server could not find the requested resource ( pods/log duo)');
  });
});

describe('exec, attach, portforward', () => {
  test('a WebSocket exec is relayed both ways with its subprotocol, past the request timeout', async () => {
    const ws = await openWebSocket(
      '/api/v1/namespaces/default/pods/web/exec?command=cat&stdin=true&stdout=true',
      ['v5.channel.k8s.io', 'v4.channel.k8s.io'],
    );
    assert.ok(ws instanceof WebSocket, JSON.stringify(ws));
    assert.equal(ws.protocol, 'v5.channel.k8s.io');
    const call = kubelet.calls.at(-1)!;
    assert.equal(call.url, '/exec/default/web/app?command=cat&input=1&output=1');
    assert.equal(call.clientCommonName, 'kube-apiserver-kubelet-client');
    assert.equal(call.headers['upgrade'], 'websocket');
    assert.equal(call.headers['sec-websocket-protocol'], 'v5.channel.k8s.io,v4.channel.k8s.io');

    ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('hello')]));
    assert.deepEqual(await nextMessage(ws), Buffer.concat([Buffer.from([1]), Buffer.from('hello')]));
    await sleep(requestTimeoutMs + 500);
    ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('still here')]));
    assert.deepEqual(await nextMessage(ws), Buffer.concat([Buffer.from([1]), Buffer.from('still here')]));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(Buffer.from([0xff, 0]));
    const status = await nextMessage(ws);
    assert.equal(status[0], 3);
    assert.deepEqual(JSON.parse(status.subarray(1).toString()), { metadata: {}, status: 'Success' });
    assert.equal(await closed, 1000);

    // The audit log sees the switch as upstream's audit sees a hijack: 101 from ResponseStarted on.
    let stages: string[] = [];
    for (let i = 0; i < 100 && stages.length < 2; i++) {
      const lines = (await readFile(join(dataDir, 'audit.log'), 'utf8')).split('\n').filter((l) => l !== '');
      stages = lines
        .map((l) => JSON.parse(l) as { stage: string; requestURI: string; responseStatus?: { code: number } })
        .filter((e) => e.requestURI.includes('/pods/web/exec?command=cat') && e.stage !== 'RequestReceived')
        .map((e) => `${e.stage} ${e.responseStatus?.code}`);
      if (stages.length < 2) await sleep(20);
    }
    assert.deepEqual(stages, ['ResponseStarted 101', 'ResponseComplete 101']);
  });

  test('an SPDY attach (POST with Upgrade: SPDY/3.1) is relayed raw with every protocol header', async () => {
    const { res, socket } = await new Promise<{ res: IncomingMessage; socket: Duplex }>((resolve, reject) => {
      const req = httpsRequest(`${server.url}/api/v1/namespaces/default/pods/web/attach?stdout=true&tty=1`, {
        method: 'POST',
        ...tlsOptions(),
        headers: {
          Connection: 'Upgrade',
          Upgrade: 'SPDY/3.1',
          'X-Stream-Protocol-Version': ['v4.channel.k8s.io', 'v3.channel.k8s.io'],
        },
      });
      req.once('upgrade', (r, s) => resolve({ res: r, socket: s }));
      req.once('response', (r) => reject(new Error(`no upgrade: ${r.statusCode}`)));
      req.once('error', reject);
      req.end();
    });
    assert.equal(res.statusCode, 101);
    assert.equal(res.headers['x-stream-protocol-version'], 'v4.channel.k8s.io');
    const call = kubelet.calls.at(-1)!;
    assert.equal(call.url, '/attach/default/web/app?output=1&tty=1');
    assert.equal(call.method, 'POST');
    assert.deepEqual(
      call.rawHeaders.filter(
        (_, i, all) => i % 2 === 1 && all[i - 1]!.toLowerCase() === 'x-stream-protocol-version',
      ),
      ['v4.channel.k8s.io', 'v3.channel.k8s.io'],
    );
    const echoed = new Promise<string>((resolve) =>
      socket.once('data', (d: Buffer) => resolve(d.toString())),
    );
    socket.write('raw spdy bytes');
    assert.equal(await echoed, 'raw spdy bytes');
    socket.destroy();
  });

  test('portforward goes to the pod on the kubelet with its ports', async () => {
    const ws = await openWebSocket('/api/v1/namespaces/default/pods/web/portforward?ports=8080,9090', [
      'v5.channel.k8s.io',
    ]);
    assert.ok(ws instanceof WebSocket, JSON.stringify(ws));
    assert.equal(kubelet.calls.at(-1)!.url, '/portForward/default/web?port=8080%2C9090');
    ws.close();
  });

  test('errors before the upgrade are Status answers; the kubelet refusal is passed on as it is', async () => {
    let answer = await openWebSocket(
      '/api/v1/namespaces/default/pods/duo/exec?container=broken&command=ls&stdout=1',
      ['v5.channel.k8s.io'],
    );
    assert.ok(!(answer instanceof WebSocket));
    assert.equal(answer.status, 400);
    assert.equal(answer.body, 'container broken is not running');

    answer = await openWebSocket('/api/v1/namespaces/default/pods/pending/exec?command=ls&stdout=1', [
      'v5.channel.k8s.io',
    ]);
    assert.ok(!(answer instanceof WebSocket));
    assert.equal(answer.status, 400);
    assert.equal(message(answer), 'pod pending does not have a host assigned');

    answer = await openWebSocket('/api/v1/namespaces/default/pods/duo/attach?stdout=1', [
      'v5.channel.k8s.io',
    ]);
    assert.ok(!(answer instanceof WebSocket));
    assert.equal(answer.status, 400);
    assert.equal(
      message(answer),
      'a container name must be specified for pod duo, choose one of: [setup waiting gone broken]',
    );

    answer = await openWebSocket('/api/v1/namespaces/default/pods/nope/exec?command=ls', [
      'v5.channel.k8s.io',
    ]);
    assert.ok(!(answer instanceof WebSocket));
    assert.equal(answer.status, 404);
    assert.deepEqual(JSON.parse(answer.body), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods "nope" not found',
      reason: 'NotFound',
      details: { name: 'nope', kind: 'pods' },
      code: 404,
    });

    const plain = await api('POST', '/api/v1/namespaces/default/pods/web/exec?command=ls&stdout=1');
    assert.equal(plain.status, 400);
    assert.equal(message(plain), 'Upgrade request required');

    const dryRun = await api('POST', '/api/v1/namespaces/default/pods/web/exec?command=ls&dryRun=All');
    assert.equal(dryRun.status, 400);
    assert.equal(message(dryRun), 'dryRun is not supported');
  });

  test('a kubelet that cannot be reached is a 500 naming the dial error', async () => {
    await create('/api/v1/nodes', { metadata: { name: 'dead' } });
    await putStatus('/api/v1/nodes/dead', {
      addresses: [{ type: 'InternalIP', address: '127.0.0.1' }],
      daemonEndpoints: { kubeletEndpoint: { Port: 1 } },
    });
    await create('/api/v1/namespaces/default/pods', {
      metadata: { name: 'orphan' },
      spec: { nodeName: 'dead', containers: [{ name: 'app', image: 'toolbox' }] },
    });
    const answer = await openWebSocket('/api/v1/namespaces/default/pods/orphan/exec?command=ls&stdout=1', [
      'v5.channel.k8s.io',
    ]);
    assert.ok(!(answer instanceof WebSocket));
    assert.equal(answer.status, 500);
    assert.equal(message(answer), 'error dialing backend: dial tcp 127.0.0.1:1: connect: connection refused');
    const log = await api('GET', '/api/v1/namespaces/default/pods/orphan/log');
    assert.equal(log.status, 500);
    assert.equal(
      message(log),
      'Get "https://127.0.0.1:1/containerLogs/default/orphan/app": dial tcp 127.0.0.1:1: connect: connection refused',
    );
  });
});

describe('authorization', () => {
  const as = (user: string) => ({ 'Impersonate-User': user });

  test('a user without pods/exec is refused with upstream Forbidden messages', async () => {
    const ws = await openWebSocket(
      '/api/v1/namespaces/default/pods/web/exec?command=ls&stdout=1',
      ['v5.channel.k8s.io'],
      as('u'),
    );
    assert.ok(!(ws instanceof WebSocket));
    assert.equal(ws.status, 403);
    assert.equal(
      message(ws),
      'pods "web" is forbidden: User "u" cannot get resource "pods/exec" in API group "" in the namespace "default"',
    );
    const spdy = await api('POST', '/api/v1/namespaces/default/pods/web/exec?command=ls&stdout=1', {
      headers: { ...as('u'), Connection: 'Upgrade', Upgrade: 'SPDY/3.1' },
    });
    assert.equal(spdy.status, 403);
    assert.equal(
      message(spdy),
      'pods "web" is forbidden: User "u" cannot create resource "pods/exec" in API group "" in the namespace "default"',
    );
  });

  test('get on pods/exec is enough for a WebSocket session, as in 1.32 (create came with 1.35)', async () => {
    await create('/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles', {
      metadata: { name: 'exec-get' },
      rules: [{ apiGroups: [''], resources: ['pods/exec'], verbs: ['get'] }],
    });
    await create('/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings', {
      metadata: { name: 'exec-get' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'exec-get' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'getter' }],
    });
    let answer: WebSocket | Answer | undefined;
    for (let i = 0; i < 50; i++) {
      answer = await openWebSocket(
        '/api/v1/namespaces/default/pods/web/exec?command=ls&stdout=1',
        ['v5.channel.k8s.io'],
        as('getter'),
      );
      if (answer instanceof WebSocket || !message(answer).includes('cannot get')) break;
      await sleep(50); // the RBAC cache catches up with the new binding
    }
    if (!(answer instanceof WebSocket)) assert.fail(answer === undefined ? 'no answer' : answer.body);
    answer.close();
  });
});

describe('proxy subresources', () => {
  test('nodes/proxy reaches the kubelet; the bare proxy path redirects to its slash form', async () => {
    const healthz = await api('GET', '/api/v1/nodes/n1/proxy/healthz');
    assert.equal(healthz.status, 200);
    assert.equal(healthz.body, 'ok');
    assert.equal(kubelet.calls.at(-1)!.clientCommonName, 'kube-apiserver-kubelet-client');
    const summary = await api('GET', '/api/v1/nodes/n1/proxy/stats/summary');
    assert.equal(summary.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(summary.body), { node: { nodeName: 'n1' }, pods: [] });
    const bare = await api('GET', '/api/v1/nodes/n1/proxy?x=1');
    assert.equal(bare.status, 301);
    assert.equal(bare.headers['location'], '/api/v1/nodes/n1/proxy/?x=1');
    const missing = await api('GET', '/api/v1/nodes/nope/proxy/healthz');
    assert.equal(missing.status, 404);
    assert.equal(message(missing), 'nodes "nope" not found');
  });

  test('pods/proxy reaches the pod IP at its declared or given port, with body and query', async () => {
    let answer = await api('GET', '/api/v1/namespaces/default/pods/web/proxy/hello?x=1');
    assert.equal(answer.status, 200);
    assert.equal(answer.body, 'backend GET /hello?x=1');
    assert.equal(answer.headers['x-seen-forwarded-uri'], '/api/v1/namespaces/default/pods/web/proxy/hello');
    answer = await api('POST', `/api/v1/namespaces/default/pods/http:web:${backendPort}/proxy/submit/`, {
      body: { a: 1 },
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.body, 'backend POST /submit/ {"a":1}');
    answer = await api('GET', '/api/v1/namespaces/default/pods/ftp:web:80/proxy/');
    assert.equal(answer.status, 400);
    assert.equal(message(answer), 'invalid pod request "ftp:web:80"');
  });

  test('services/proxy: 404 without Endpoints, 503 without a usable address or port', async () => {
    const ns = '/api/v1/namespaces/default';
    await create(`${ns}/services`, {
      metadata: { name: 'svc' },
      spec: { ports: [{ port: 80, targetPort: backendPort }] },
    });
    let answer = await api('GET', `${ns}/services/svc/proxy/`);
    assert.equal(answer.status, 404);
    assert.equal(message(answer), 'endpoints "svc" not found');
    await create(`${ns}/endpoints`, { metadata: { name: 'svc' } });
    answer = await api('GET', `${ns}/services/svc/proxy/`);
    assert.equal(answer.status, 503);
    assert.equal(message(answer), 'no endpoints available for service "svc"');
    answer = await api('GET', `${ns}/services/svc:81/proxy/`);
    assert.equal(answer.status, 503);
    assert.equal(message(answer), 'no service port 81 found for service "svc"');
    // Endpoints may not hold loopback addresses, so the one address here names a pod that does not
    // have it: it is skipped, as upstream skips addresses whose pod does not match.
    const current = JSON.parse((await api('GET', `${ns}/endpoints/svc`)).body) as Record<string, unknown>;
    const update = await api('PUT', `${ns}/endpoints/svc`, {
      body: {
        ...current,
        subsets: [
          {
            addresses: [{ ip: '10.0.0.9', targetRef: { kind: 'Pod', namespace: 'default', name: 'web' } }],
            ports: [{ port: backendPort }],
          },
        ],
      },
    });
    assert.equal(update.status, 200, update.body);
    answer = await api('GET', `${ns}/services/svc:80/proxy/index.html`);
    assert.equal(answer.status, 503);
    assert.equal(message(answer), 'no endpoints available for service "svc:80"');
  });
});

describe('the real kubectl', () => {
  test('kubectl logs and kubectl exec -i go through to the kubelet', async () => {
    const kubeconfig = server.kubeconfigPath;
    const logs = await kubectl(['logs', 'web'], { kubeconfig });
    assert.equal(logs.code, 0, logs.stderr);
    assert.equal(logs.stdout, 'log of default/web/app\nlast line\n');
    const exec = await kubectl(['exec', '-i', 'web', '--', 'cat'], {
      kubeconfig,
      stdin: 'hi from kubectl\n',
    });
    assert.equal(exec.code, 0, exec.stderr);
    assert.equal(exec.stdout, 'hi from kubectl\n');
    assert.match(
      kubelet.calls.at(-1)!.url,
      /^\/exec\/default\/web\/app\?command=cat&error=1&input=1&output=1$/,
    );
  });
});

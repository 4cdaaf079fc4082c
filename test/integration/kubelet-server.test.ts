// The kubelet's HTTPS API on a whole Kubelet (FakeRuntime, a temp cgroup mount) against a real
// ApiServer in this process, the kubelet running as system:node:<name>: authentication by client
// certificate (the cluster CA) and by bearer token (TokenReview), authorization through
// SubjectAccessReview with upstream's texts, /healthz, /pods, /stats/summary, /run, the node
// status carrying the real port, and a streaming handler mounted after start.
import assert from 'node:assert/strict';
import { request, type RequestOptions } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { after, before, test } from 'node:test';
import type { Namespace, Node, Pod, PodList, ServiceAccount } from 'kubernetes-types/core/v1.js';
import type { ClusterRole, ClusterRoleBinding } from 'kubernetes-types/rbac/v1.js';
import { ApiServer } from '../../src/apiserver/api-server.js';
import type { UserInfo } from '../../src/apiserver/http/api-request.js';
import { issueClientCertificate } from '../../src/apiserver/pki/issue-client-certificate.js';
import { createLogger } from '../../src/base/logger.js';
import type { KubeClient } from '../../src/client/index.js';
import { eventually } from '../../src/client/testing/eventually.js';
import { FakeRuntime } from '../../src/kubelet/cri/fake-runtime.js';
import { FakeStatsProvider } from '../../src/kubelet/eviction/stats-provider.js';
import { Kubelet } from '../../src/kubelet/kubelet.js';
import type { Summary } from '../../src/kubelet/stats/summary-types.js';
import { fakeCgroupV1Mount, inProcessClientAs } from '../support/kubelet-harness.js';

const quiet = createLogger('test', { write: () => {} });
const ns = 'kubelet-api';
const nodeName = 'api-node';
const image = '127.0.0.1:5000/toolbox:1';
const admin: UserInfo = { name: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] };
const nodeUser: UserInfo = {
  name: `system:node:${nodeName}`,
  groups: ['system:nodes', 'system:authenticated'],
};
const t = (resource: string, group = '') => ({ group, version: 'v1', resource });

let dataDir: string;
let apiserver: ApiServer;
let adminClient: KubeClient;
let nodeClient: KubeClient;
let runtime: FakeRuntime;
let kubelet: Kubelet;
let adminCert: { cert: string; key: string };
let janeCert: { cert: string; key: string };

function clientAs(user: UserInfo): KubeClient {
  return inProcessClientAs(() => apiserver, user, 'kubelet-server-test');
}

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly headers: IncomingMessage['headers'];
}

function options(
  path: string,
  o: { method?: string; cert?: { cert: string; key: string }; token?: string },
): RequestOptions {
  return {
    host: '127.0.0.1',
    port: kubelet.server!.port,
    path,
    method: o.method ?? 'GET',
    // The kubelet's certificate is self-signed; the apiserver does not check it either by default.
    rejectUnauthorized: false,
    ...(o.cert !== undefined ? { cert: o.cert.cert, key: o.cert.key } : {}),
    headers: o.token !== undefined ? { authorization: `Bearer ${o.token}` } : {},
    agent: false,
  };
}

function call(
  path: string,
  o: { method?: string; cert?: { cert: string; key: string }; token?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(options(path, o), (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          headers: res.headers,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

// A WebSocket-style upgrade request: the raw answer (101 with what the mounted handler wrote, or an error).
function upgrade(
  path: string,
  cert?: { cert: string; key: string },
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({
      ...options(path, cert !== undefined ? { cert } : {}),
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'x',
      },
    });
    req.on('upgrade', (res, socket: Duplex, head: Buffer) => {
      // Bytes that came with the 101's headers arrive as `head`.
      let text = head.toString('utf8');
      socket.on('data', (c: Buffer) => (text += c.toString('utf8')));
      socket.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      socket.on('error', reject);
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'k8ts-kubelet-api-'));
  const cgroups = join(dataDir, 'cgroup');
  await fakeCgroupV1Mount(cgroups);
  apiserver = await ApiServer.start({
    dataDir,
    datastore: 'memory',
    bindAddress: '127.0.0.1',
    port: 0,
    log: quiet,
  });
  adminClient = clientAs(admin);
  nodeClient = clientAs(nodeUser);
  adminCert = { cert: apiserver.pki.admin.certPem, key: apiserver.pki.admin.keyPem };
  const jane = await issueClientCertificate(apiserver.pki.ca, { commonName: 'jane', organizations: [] });
  janeCert = { cert: jane.certPem, key: jane.keyPem };
  await adminClient.resource<Namespace>(t('namespaces')).create({ metadata: { name: ns } });
  for (const name of ['default', 'scraper'])
    await adminClient
      .resource<ServiceAccount>(t('serviceaccounts'))
      .namespace(ns)
      .create({ metadata: { name } });
  runtime = new FakeRuntime({ images: [image] });
  runtime.scriptContainer('app', {
    exec: (cmd) =>
      cmd[0] === 'hostname'
        ? { stdout: Buffer.from('web\n'), stderr: Buffer.alloc(0), exitCode: 0 }
        : cmd[0] === 'both'
          ? { stdout: Buffer.from('out '), stderr: Buffer.from('err'), exitCode: 0 }
          : { stdout: Buffer.alloc(0), stderr: Buffer.from('nope'), exitCode: 3 },
  });
  kubelet = await Kubelet.start({
    client: nodeClient,
    runtime,
    runtimeVersion: await runtime.version('v1'),
    nodeName,
    nodeIP: '127.0.0.1',
    rootDir: join(dataDir, 'kubelet'),
    cgroupMountPoint: cgroups,
    podCidr: '10.98.0.0/24',
    statsProvider: new FakeStatsProvider(),
    // Denials are cached for 30 s upstream; short here so a new RoleBinding shows at once.
    server: { port: 0, clientCaPem: apiserver.pki.ca.certPem, unauthorizedCacheTtlMs: 50 },
    resyncMs: 1000,
    logger: quiet,
  });
  await adminClient
    .resource<Pod>(t('pods'))
    .namespace(ns)
    .create({
      metadata: { name: 'web', namespace: ns },
      spec: {
        nodeName,
        automountServiceAccountToken: false,
        containers: [{ name: 'app', image, imagePullPolicy: 'IfNotPresent' }],
      },
    });
  await eventually(async () => {
    const p = await adminClient.resource<Pod>(t('pods')).namespace(ns).get('web');
    assert.equal(p.status?.phase, 'Running');
  }, 15_000);
});

after(async () => {
  await kubelet?.close();
  adminClient?.close();
  nodeClient?.close();
  await apiserver?.close();
  await rm(dataDir, { recursive: true, force: true });
});

test('the node reports the port its kubelet API really listens on', async () => {
  assert.ok(kubelet.server!.port > 0);
  assert.notEqual(kubelet.server!.port, 10250);
  await eventually(async () => {
    const node = await adminClient.resource<Node>(t('nodes')).get(nodeName);
    assert.equal(node.status?.daemonEndpoints?.kubeletEndpoint?.Port, kubelet.server!.port);
  }, 15_000);
});

test('no credentials is 401 Unauthorized; an unknown path is 404 before authentication', async () => {
  assert.deepEqual(
    [await call('/pods'), await call('/healthz')].map((a) => [a.status, a.body]),
    [
      [401, 'Unauthorized'],
      [401, 'Unauthorized'],
    ],
  );
  assert.equal((await call('/nothing-here')).status, 404);
});

test('a certificate user without nodes/proxy is refused with upstream Forbidden text', async () => {
  const pods = await call('/pods', { cert: janeCert });
  assert.equal(pods.status, 403);
  assert.equal(pods.body, 'Forbidden (user=jane, verb=get, resource=nodes, subresource(s)=[proxy])');
  const stats = await call('/stats/summary', { cert: janeCert });
  assert.equal(stats.body, 'Forbidden (user=jane, verb=get, resource=nodes, subresource(s)=[stats])');
  const run = await call(`/run/${ns}/web/app?cmd=hostname`, { method: 'POST', cert: janeCert });
  assert.equal(run.body, 'Forbidden (user=jane, verb=create, resource=nodes, subresource(s)=[proxy])');
});

test('the admin certificate gets /healthz, /pods and /stats/summary', async () => {
  const health = await call('/healthz', { cert: adminCert });
  assert.deepEqual([health.status, health.body], [200, 'ok']);
  const pods = await call('/pods', { cert: adminCert });
  assert.equal(pods.status, 200);
  assert.equal(pods.headers['content-type'], 'application/json');
  const list = JSON.parse(pods.body) as PodList;
  assert.equal(list.kind, 'PodList');
  assert.deepEqual(
    list.items.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`),
    [`${ns}/web`],
  );
  const summary = await call('/stats/summary', { cert: adminCert });
  assert.equal(summary.status, 200);
  const s = JSON.parse(summary.body) as Summary;
  assert.equal(s.node.nodeName, nodeName);
  assert.deepEqual(
    s.pods.map((p) => [p.podRef.namespace, p.podRef.name, p.containers.map((c) => c.name)]),
    [[ns, 'web', ['app']]],
  );
  const resource = await call('/metrics/resource', { cert: adminCert });
  assert.match(resource.body, /^resource_scrape_error 0$/m);
  const metrics = await call('/metrics', { cert: adminCert });
  assert.match(metrics.body, /^kubelet_running_pods 1$/m);
  assert.match(metrics.body, new RegExp(`^kubelet_node_name\\{node="${nodeName}"\\} 1$`, 'm'));
});

test('a service account token is reviewed by the apiserver and authorized by RBAC', async () => {
  const tokenRequest = await adminClient.request<{ status: { token: string } }>({
    method: 'POST',
    path: `/api/v1/namespaces/${ns}/serviceaccounts/scraper/token`,
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} },
  });
  const token = tokenRequest.status.token;
  const user = `system:serviceaccount:${ns}:scraper`;
  const denied = await call('/stats/summary', { token });
  assert.deepEqual(
    [denied.status, denied.body],
    [403, `Forbidden (user=${user}, verb=get, resource=nodes, subresource(s)=[stats])`],
  );
  await adminClient.resource<ClusterRole>(t('clusterroles', 'rbac.authorization.k8s.io')).create({
    metadata: { name: 'node-stats-reader' },
    rules: [{ apiGroups: [''], resources: ['nodes/stats'], verbs: ['get'] }],
  });
  await adminClient
    .resource<ClusterRoleBinding>(t('clusterrolebindings', 'rbac.authorization.k8s.io'))
    .create({
      metadata: { name: 'scraper-node-stats' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'node-stats-reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'scraper', namespace: ns }],
    });
  const allowed = await eventually(async () => {
    const a = await call('/stats/summary', { token });
    assert.equal(a.status, 200);
    return a;
  }, 10_000);
  assert.equal((JSON.parse(allowed.body) as Summary).node.nodeName, nodeName);
  // nodes/stats is not nodes/proxy.
  assert.equal((await call('/pods', { token })).status, 403);
  assert.deepEqual(
    [(await call('/stats/summary', { token: 'not-a-token' })).status],
    [401],
    'a token the apiserver rejects is 401',
  );
});

test('/run executes in the running container and answers its output, or upstream errors', async () => {
  const ok = await call(`/run/${ns}/web/app?cmd=hostname`, { method: 'POST', cert: adminCert });
  assert.deepEqual([ok.status, ok.body], [200, 'web\n']);
  const both = await call(`/run/${ns}/web/app?cmd=both%20x`, { method: 'POST', cert: adminCert });
  assert.equal(both.body, 'out err');
  const execs = runtime.calls
    .filter((c) => c.method === 'execSync')
    .map((c) => (c.request as { cmd: string[] }).cmd);
  assert.deepEqual(execs.slice(-2), [['hostname'], ['both', 'x']]);
  const failed = await call(`/run/${ns}/web/app?cmd=false`, { method: 'POST', cert: adminCert });
  assert.deepEqual([failed.status, failed.body], [500, "command 'false' exited with 3: nope"]);
  const noPod = await call(`/run/${ns}/nope/app?cmd=x`, { method: 'POST', cert: adminCert });
  assert.deepEqual([noPod.status, noPod.body], [404, 'pod does not exist']);
  const noContainer = await call(`/run/${ns}/web/other?cmd=x`, { method: 'POST', cert: adminCert });
  assert.deepEqual([noContainer.status, noContainer.body], [500, 'container not found ("other")']);
  assert.equal((await call(`/run/${ns}/web/app?cmd=x`, { cert: adminCert })).status, 405);
});

test("streaming routes: upgrades are authenticated, served by the kubelet's streaming handlers, and reach a mounted handler with the container", async () => {
  assert.deepEqual(await upgrade(`/exec/${ns}/web/app?command=ls&stdout=1`), {
    status: 401,
    text: 'Unauthorized',
  });
  // The kubelet's own exec handler answers: this bare upgrade is no valid WebSocket handshake.
  assert.deepEqual(await upgrade(`/exec/${ns}/web/app?command=ls&stdout=1`, adminCert), {
    status: 400,
    text: 'Missing or invalid Sec-WebSocket-Key header',
  });
  kubelet.server!.mount({
    exec: {
      upgrade: (_req, socket, _head, target) => {
        socket.end(
          `HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n${target.namespace}/${target.podName}/${target.containerName}=${target.containerId}`,
        );
      },
    },
  });
  const running = await runtime.listContainers({ filter: { state: 'CONTAINER_RUNNING' } });
  const app = running.containers.find((c) => c.metadata.name === 'app');
  assert.deepEqual(await upgrade(`/exec/${ns}/web/app?command=ls&stdout=1`, adminCert), {
    status: 101,
    text: `${ns}/web/app=${app?.id ?? ''}`,
  });
  assert.deepEqual(await upgrade(`/exec/${ns}/gone/app?command=ls&stdout=1`, adminCert), {
    status: 404,
    text: 'pod does not exist',
  });
  // A plain GET of a mounted upgrade-only route is upstream's proxy answer.
  const plain = await call(`/exec/${ns}/web/app?command=ls`, { cert: adminCert });
  assert.deepEqual([plain.status, plain.body], [500, 'Upgrade request required\n']);
});

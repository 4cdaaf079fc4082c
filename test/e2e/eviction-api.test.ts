/**
 * The pods/eviction subresource over HTTP against a real `k8ts server` with simulated nodes and
 * no controllers, so each PodDisruptionBudget's status is exactly what the test writes: every
 * answer upstream's EvictionREST gives (201, 400, 404, 409, 429, 500), the DeleteOptions an
 * Eviction carries, the pods that go without using the budget, and what a granted eviction
 * leaves in the budget's status and on the pod.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { HttpsTransport, loadRestConfig } from '../../src/client/index.js';
import { eventually } from '../../src/client/testing/eventually.js';
import { startK8tsServer, type K8tsServer } from '../support/k8ts-server.js';

const ns = 'evict-api';
let server: K8tsServer | undefined;
let transport: HttpsTransport | undefined;

interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly body: Record<string, unknown>;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

async function call(method: Method, path: string, body?: unknown, type?: string): Promise<Answer> {
  if (transport === undefined) throw new Error('server did not start');
  const [pathname, search] = path.split('?');
  const res = await transport.request({
    method,
    path: pathname!,
    ...(search ? { query: new URLSearchParams(search) } : {}),
    headers: {
      accept: 'application/json',
      ...(body !== undefined ? { 'content-type': type ?? 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: Buffer.from(JSON.stringify(body)) } : {}),
  });
  const chunks: Uint8Array[] = [];
  for await (const chunk of res.body) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  return { status: res.status, headers: res.headers, body: text === '' ? {} : JSON.parse(text) };
}

async function ok(method: Method, path: string, body?: unknown, type?: string) {
  const answer = await call(method, path, body, type);
  assert.ok(answer.status < 300, `${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

const podPath = (name: string) => `/api/v1/namespaces/${ns}/pods/${name}`;
const pdbPath = (name: string) => `/apis/policy/v1/namespaces/${ns}/poddisruptionbudgets/${name}`;

function evict(name: string, extra: Record<string, unknown> = {}, query = ''): Promise<Answer> {
  const eviction = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: ns }, ...extra };
  return call('POST', `${podPath(name)}/eviction${query}`, eviction);
}

const getPod = async (name: string) => (await ok('GET', podPath(name))) as Pod;
const getPdb = async (name: string) => (await ok('GET', pdbPath(name))) as PodDisruptionBudget;

/** Creates a pod on the simulated node (or unbound) and waits for `phase` (and readiness when asked). */
async function runPod(
  name: string,
  options: {
    phase?: string;
    ready?: boolean;
    annotations?: Record<string, string>;
    node?: string | null;
  } = {},
): Promise<Pod> {
  const { phase = 'Running', ready = phase === 'Running', annotations = {}, node = 'sim-node-0' } = options;
  await ok('POST', `/api/v1/namespaces/${ns}/pods`, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels: { app: name }, annotations },
    spec: {
      ...(node !== null ? { nodeName: node } : {}),
      restartPolicy: phase === 'Running' ? 'Always' : 'Never',
      containers: [{ name: 'app', image: 'registry.local/toolbox:1' }],
    },
  });
  return eventually(
    async () => {
      const pod = await getPod(name);
      assert.equal(pod.status?.phase, phase);
      const readyNow = pod.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
      assert.equal(readyNow, ready);
      return pod;
    },
    15_000,
    100,
  );
}

/** A PDB selecting app=<selects> whose status (when given) is written as the controller would. */
async function budget(
  name: string,
  selects: string,
  status?: Partial<NonNullable<PodDisruptionBudget['status']>>,
  spec: Record<string, unknown> = {},
): Promise<PodDisruptionBudget> {
  await ok('POST', `/apis/policy/v1/namespaces/${ns}/poddisruptionbudgets`, {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace: ns },
    spec: { minAvailable: 1, selector: { matchLabels: { app: selects } }, ...spec },
  });
  if (status === undefined) return getPdb(name);
  const full = {
    currentHealthy: 1,
    desiredHealthy: 1,
    expectedPods: 1,
    disruptionsAllowed: 0,
    observedGeneration: 1,
    ...status,
  };
  return (await ok(
    'PATCH',
    `${pdbPath(name)}/status`,
    { status: full },
    'application/merge-patch+json',
  )) as PodDisruptionBudget;
}

async function assertGone(name: string): Promise<void> {
  const answer = await call('GET', podPath(name));
  assert.equal(answer.status, 404, `pod ${name} still exists`);
}

const success = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };

before(async () => {
  server = await startK8tsServer({ extraArgs: ['--node-runtime', 'sim', '--sim-nodes', '1'] });
  transport = new HttpsTransport({ config: await loadRestConfig({ path: server.kubeconfig }) });
  await ok('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
});

after(async () => {
  transport?.close();
  await server?.stop();
});

describe('pods/eviction', () => {
  it('is listed in /api/v1 as policy/v1 Eviction with the create verb', async () => {
    const list = (await ok('GET', '/api/v1')) as { resources: Record<string, unknown>[] };
    assert.deepEqual(
      list.resources.find((r) => r['name'] === 'pods/eviction'),
      {
        name: 'pods/eviction',
        singularName: '',
        namespaced: true,
        group: 'policy',
        version: 'v1',
        kind: 'Eviction',
        verbs: ['create'],
      },
    );
  });

  it('404 for a pod that does not exist', async () => {
    const answer = await evict('ghost');
    assert.equal(answer.status, 404);
    assert.equal(answer.body['reason'], 'NotFound');
    assert.equal(answer.body['message'], 'pods "ghost" not found');
  });

  it('400 when the Eviction names another pod than the URL', async () => {
    await runPod('named');
    const answer = await call('POST', `${podPath('named')}/eviction`, {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'other' },
    });
    assert.equal(answer.status, 400);
    assert.equal(answer.body['message'], 'name in URL does not match name in Eviction object');
    assert.equal((await getPod('named')).metadata?.deletionTimestamp, undefined);
  });

  it('201 for a pod no budget covers: marked DisruptionTarget and deleted with the given grace period', async () => {
    await runPod('free');
    const answer = await evict('free', { deleteOptions: { gracePeriodSeconds: 120 } });
    assert.equal(answer.status, 201);
    assert.deepEqual(answer.body, success);
    const pod = await getPod('free');
    assert.equal(pod.metadata?.deletionGracePeriodSeconds, 120);
    assert.ok(pod.metadata?.deletionTimestamp);
    const condition = pod.status?.conditions?.find((c) => c.type === 'DisruptionTarget');
    assert.deepEqual(
      [condition?.status, condition?.reason, condition?.message],
      ['True', 'EvictionByEvictionAPI', 'Eviction API: evicting'],
    );
    await runPod('now');
    assert.equal((await evict('now', { deleteOptions: { gracePeriodSeconds: 0 } })).status, 201);
    await assertGone('now');
  });

  it('409 when the DeleteOptions preconditions do not hold', async () => {
    const pod = await runPod('guarded');
    const uid = await evict('guarded', { deleteOptions: { preconditions: { uid: 'not-the-uid' } } });
    assert.equal(uid.status, 409);
    assert.equal(
      uid.body['message'],
      `Operation cannot be fulfilled on Pod "guarded": the UID in the precondition (not-the-uid) does not match the UID in record (${pod.metadata?.uid}). The object might have been deleted and then recreated`,
    );
    const rv = await evict('guarded', { deleteOptions: { preconditions: { resourceVersion: '1' } } });
    assert.equal(rv.status, 409);
    assert.match(
      String(rv.body['message']),
      /^Operation cannot be fulfilled on Pod "guarded": the ResourceVersion in the precondition \(1\) does not match the ResourceVersion in record \(\d+\)\. The object might have been modified$/,
    );
    const current = await getPod('guarded');
    assert.equal(current.metadata?.deletionTimestamp, undefined);
    const matching = await evict('guarded', {
      deleteOptions: {
        preconditions: { uid: pod.metadata?.uid, resourceVersion: current.metadata?.resourceVersion },
      },
    });
    assert.equal(matching.status, 201);
  });

  it('dry-run (query or DeleteOptions) answers 201 and changes nothing', async () => {
    await runPod('dry');
    const before = await budget('dry', 'dry', {
      disruptionsAllowed: 1,
      currentHealthy: 1,
      desiredHealthy: 0,
    });
    assert.equal((await evict('dry', {}, '?dryRun=All')).status, 201);
    assert.equal((await evict('dry', { deleteOptions: { dryRun: ['All'] } })).status, 201);
    const pod = await getPod('dry');
    assert.equal(pod.metadata?.deletionTimestamp, undefined);
    assert.equal(
      pod.status?.conditions?.find((c) => c.type === 'DisruptionTarget'),
      undefined,
    );
    assert.deepEqual((await getPdb('dry')).status, before.status);
  });

  it('429 with the DisruptionBudget cause when the budget allows no disruption', async () => {
    await runPod('blocked');
    await budget('blocked', 'blocked', { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1 });
    const answer = await evict('blocked');
    assert.equal(answer.status, 429);
    assert.deepEqual(answer.body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      reason: 'TooManyRequests',
      details: {
        causes: [
          {
            reason: 'DisruptionBudget',
            message: 'The disruption budget blocked needs 1 healthy pods and has 1 currently',
          },
        ],
      },
      code: 429,
    });
    assert.equal(answer.headers['retry-after'], undefined);
    assert.equal((await getPod('blocked')).metadata?.deletionTimestamp, undefined);
  });

  it('429 with Retry-After while the budget controller has not observed the budget', async () => {
    await runPod('unobserved');
    const pdb = await budget('unobserved', 'unobserved');
    assert.equal(pdb.metadata?.generation, 1);
    const answer = await evict('unobserved');
    assert.equal(answer.status, 429);
    assert.equal(answer.headers['retry-after'], '10');
    assert.deepEqual(answer.body['details'], {
      causes: [
        {
          reason: 'DisruptionBudget',
          message: 'The disruption budget unobserved is still being processed by the server.',
        },
      ],
      retryAfterSeconds: 10,
    });
  });

  it('500 when more than one budget selects the pod', async () => {
    await runPod('double');
    await budget('double-a', 'double', { disruptionsAllowed: 1 });
    await budget('double-b', 'double', { disruptionsAllowed: 1 });
    const answer = await evict('double');
    assert.equal(answer.status, 500);
    assert.deepEqual(answer.body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
      code: 500,
    });
  });

  it('a granted eviction takes one disruption and records the pod in disruptedPods first', async () => {
    await runPod('granted');
    await budget('granted', 'granted', {
      disruptionsAllowed: 1,
      currentHealthy: 2,
      desiredHealthy: 1,
      expectedPods: 2,
    });
    const started = Date.now();
    assert.equal((await evict('granted')).status, 201);
    const status = (await getPdb('granted')).status;
    assert.equal(status?.disruptionsAllowed, 0);
    const at = Date.parse(status?.disruptedPods?.['granted'] ?? '');
    assert.ok(at >= Math.floor(started / 1000) * 1000 && at <= Date.now(), `disruptedPods time ${at}`);
    const condition = status?.conditions?.find((c) => c.type === 'DisruptionAllowed');
    assert.deepEqual([condition?.status, condition?.reason], ['False', 'InsufficientPods']);
    const pod = await getPod('granted');
    assert.ok(pod.metadata?.deletionTimestamp);
    assert.equal(
      pod.status?.conditions?.find((c) => c.type === 'DisruptionTarget')?.reason,
      'EvictionByEvictionAPI',
    );
  });

  it('finished, pending and terminating pods are deleted without consulting the budget', async () => {
    await budget('idle', 'idle', { disruptionsAllowed: 0 });
    await runPod('idle', { phase: 'Succeeded', annotations: { 'sim.k8ts.io/exit-after': '1s' } });
    assert.equal((await evict('idle')).status, 201);
    await assertGone('idle');

    await budget('unbound', 'unbound', { disruptionsAllowed: 0 });
    await runPod('unbound', { phase: 'Pending', node: null });
    assert.equal((await evict('unbound')).status, 201);
    await assertGone('unbound');

    await budget('leaving', 'leaving', { disruptionsAllowed: 0 });
    await runPod('leaving');
    await ok('DELETE', podPath('leaving'), { gracePeriodSeconds: 300 });
    assert.ok((await getPod('leaving')).metadata?.deletionTimestamp);
    assert.equal((await evict('leaving', { deleteOptions: { gracePeriodSeconds: 0 } })).status, 201);
    await assertGone('leaving');
  });

  it('an unready pod goes without using the budget when the budget can spare it', async () => {
    const unready = { 'sim.k8ts.io/ready': 'false' };
    await runPod('spare', { ready: false, annotations: unready });
    const healthy = await budget('spare', 'spare', {
      disruptionsAllowed: 0,
      currentHealthy: 2,
      desiredHealthy: 2,
    });
    assert.equal((await evict('spare')).status, 201);
    assert.deepEqual((await getPdb('spare')).status, healthy.status);

    await runPod('always', { ready: false, annotations: unready });
    await budget(
      'always',
      'always',
      { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 2 },
      { unhealthyPodEvictionPolicy: 'AlwaysAllow' },
    );
    assert.equal((await evict('always')).status, 201);

    await runPod('needed', { ready: false, annotations: unready });
    await budget('needed', 'needed', { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 2 });
    assert.equal((await evict('needed')).status, 429);
  });
});

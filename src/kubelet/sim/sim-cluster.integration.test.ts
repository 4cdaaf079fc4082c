// SimCluster against the real server (bin/k8ts, memory datastore): a simulator restart re-adopts
// its nodes and running pods, nodes without a podCIDR stay NotReady until one arrives, readiness
// gates set by another agent are honoured, a node stopped across restarts waits to be started, and
// a restarted node re-reports the real status of pods another writer marked NotReady.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { createLogger } from '../../base/logger.js';
import type { KubeClient } from '../../client/index.js';
import { eventually } from '../../client/testing/eventually.js';
import { startTestServer, testClientOf, type TestServer } from '../../client/testing/test-server.js';
import { SimCluster, type SimClusterOptions } from './sim-cluster.js';
import { setSimNodeStopped } from './sim-node-control.js';

const nodesType = { group: '', version: 'v1', resource: 'nodes' };
const podsType = { group: '', version: 'v1', resource: 'pods' };
const quiet = createLogger('test', { write: () => {} });

let server: TestServer;
let client: KubeClient;

before(async () => {
  server = await startTestServer();
  client = await testClientOf(server, 'k8ts-sim-test');
});

after(async () => {
  client?.close();
  await server?.stop();
});

function sim(options: Partial<SimClusterOptions> & { namePrefix: string; nodeCount: number }) {
  return SimCluster.start({ client, logger: quiet, podTiming: { startMs: 100 }, ...options });
}

async function createPod(name: string, node: string, extra: Partial<Pod['spec']> = {}): Promise<void> {
  await client.resource<Pod>(podsType).create({
    metadata: { name, namespace: 'default' },
    spec: { nodeName: node, containers: [{ name: 'c', image: 'registry.local/app:1' }], ...extra },
  });
}

const getPod = (name: string) => client.resource<Pod>(podsType).namespace('default').get(name);
const getNode = (name: string) => client.resource<Node>(nodesType).get(name);

test('a restarted simulator adopts its nodes and running pods: same podCIDR, container ID and pod IP', async () => {
  const first = await sim({ namePrefix: 'adopt-', nodeCount: 2 });
  assert.equal(await first.whenReady(AbortSignal.timeout(20_000)), true);
  await createPod('adopted', 'adopt-0');
  const before = await eventually(async () => {
    const p = await getPod('adopted');
    assert.equal(p.status?.phase, 'Running');
    return p;
  });
  const cidr = (await getNode('adopt-0')).spec?.podCIDR;
  await first.close();

  const second = await sim({ namePrefix: 'adopt-', nodeCount: 2 });
  try {
    assert.equal(await second.whenReady(AbortSignal.timeout(20_000)), true);
    assert.equal((await getNode('adopt-0')).spec?.podCIDR, cidr);
    await createPod('newcomer', 'adopt-0');
    const newcomer = await eventually(async () => {
      const p = await getPod('newcomer');
      assert.equal(p.status?.phase, 'Running');
      return p;
    });
    const after = await getPod('adopted');
    assert.equal(after.status?.phase, 'Running');
    assert.equal(after.status?.podIP, before.status?.podIP);
    assert.equal(
      after.status?.containerStatuses?.[0]?.containerID,
      before.status?.containerStatuses?.[0]?.containerID,
    );
    assert.equal(after.status?.containerStatuses?.[0]?.restartCount, 0);
    assert.notEqual(newcomer.status?.podIP, after.status?.podIP, 'the adopted IP is not handed out again');
  } finally {
    await second.close();
  }
});

test('without podCIDR assignment a node stays NotReady until spec.podCIDR is set', async () => {
  const cluster = await sim({ namePrefix: 'manual-', nodeCount: 1, podCidrs: { assign: false } });
  try {
    const notReady = await eventually(async () => {
      const ready = (await getNode('manual-0')).status?.conditions?.find((c) => c.type === 'Ready');
      assert.equal(ready?.status, 'False');
      return ready;
    });
    assert.equal(notReady?.reason, 'KubeletNotReady');
    assert.match(notReady?.message ?? '', /cni plugin not initialized/);
    await createPod('waits-for-cidr', 'manual-0');
    await client
      .resource<Node>(nodesType)
      .patch('manual-0', 'merge', { spec: { podCIDR: '10.99.0.0/24', podCIDRs: ['10.99.0.0/24'] } });
    assert.equal(await cluster.whenReady(AbortSignal.timeout(10_000)), true);
    const ready = (await getNode('manual-0')).status?.conditions?.find((c) => c.type === 'Ready');
    assert.deepEqual([ready?.status, ready?.reason], ['True', 'KubeletReady']);
    await eventually(async () => {
      const p = await getPod('waits-for-cidr');
      assert.equal(p.status?.phase, 'Running');
      assert.equal(p.status?.podIP, '10.99.0.2');
    });
  } finally {
    await cluster.close();
  }
});

test('Ready waits for readiness gates that another agent sets, keeping their conditions', async () => {
  const cluster = await sim({ namePrefix: 'gates-', nodeCount: 1 });
  try {
    assert.equal(await cluster.whenReady(AbortSignal.timeout(20_000)), true);
    await createPod('gated', 'gates-0', { readinessGates: [{ conditionType: 'example.com/lb' }] });
    await eventually(async () => {
      const p = await getPod('gated');
      const ready = p.status?.conditions?.find((c) => c.type === 'Ready');
      assert.deepEqual(
        [p.status?.phase, ready?.status, ready?.reason],
        ['Running', 'False', 'ReadinessGatesNotReady'],
      );
    });
    await client
      .resource<Pod>(podsType)
      .namespace('default')
      .patch(
        'gated',
        'strategic',
        {
          status: {
            conditions: [
              { type: 'example.com/lb', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' },
            ],
          },
        },
        { subresource: 'status' },
      );
    await eventually(async () => {
      const p = await getPod('gated');
      assert.equal(p.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
      assert.equal(p.status?.conditions?.find((c) => c.type === 'example.com/lb')?.status, 'True');
    });
  } finally {
    await cluster.close();
  }
});

test('a node left stopped by an earlier run stays silent until started', async () => {
  const first = await sim({ namePrefix: 'paused-', nodeCount: 1 });
  assert.equal(await first.whenReady(AbortSignal.timeout(20_000)), true);
  assert.deepEqual(await setSimNodeStopped(client, 'paused-0', true), { ok: true, changed: true });
  assert.deepEqual(await setSimNodeStopped(client, 'paused-0', true), { ok: true, changed: false });
  await first.close();

  const second = await sim({ namePrefix: 'paused-', nodeCount: 1 });
  try {
    assert.equal(await second.whenReady(AbortSignal.timeout(1500)), false);
    assert.deepEqual(await setSimNodeStopped(client, 'paused-0', false), { ok: true, changed: true });
    assert.equal(await second.whenReady(AbortSignal.timeout(10_000)), true);
  } finally {
    await second.close();
  }
  const refused = await setSimNodeStopped(client, 'no-such-node', true);
  assert.equal(refused.ok, false);
});

test('a restarted node reports its surviving pods Ready again after they were marked NotReady', async () => {
  const cluster = await sim({ namePrefix: 'revived-', nodeCount: 1 });
  try {
    assert.equal(await cluster.whenReady(AbortSignal.timeout(20_000)), true);
    await createPod('survivor', 'revived-0');
    const readyOf = (p: Pod) => p.status?.conditions?.find((c) => c.type === 'Ready')?.status;
    await eventually(async () => assert.equal(readyOf(await getPod('survivor')), 'True'));
    assert.deepEqual(await setSimNodeStopped(client, 'revived-0', true), { ok: true, changed: true });
    // What the node lifecycle controller does to the pods of a node that stopped reporting.
    const pod = await getPod('survivor');
    await client
      .resource<Pod>(podsType)
      .namespace('default')
      .updateStatus({
        ...pod,
        status: {
          ...pod.status,
          conditions: pod.status?.conditions?.map((c) =>
            c.type === 'Ready' ? { ...c, status: 'False' } : c,
          ),
        },
      });
    // A stopped kubelet leaves the pod as it is.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(readyOf(await getPod('survivor')), 'False');
    assert.deepEqual(await setSimNodeStopped(client, 'revived-0', false), { ok: true, changed: true });
    const revived = await eventually(async () => {
      const p = await getPod('survivor');
      assert.equal(readyOf(p), 'True');
      return p;
    });
    assert.equal(revived.status?.phase, 'Running');
    assert.equal(revived.status?.containerStatuses?.[0]?.restartCount, 0, 'the pod survived, not restarted');
  } finally {
    await cluster.close();
  }
});

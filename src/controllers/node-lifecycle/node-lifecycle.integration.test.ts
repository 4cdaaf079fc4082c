// Node lifecycle and taint eviction against the real apiserver, with time on a FakeClock: a node
// whose Lease stops being renewed goes Unknown, gets tainted, and its pods are evicted as their
// tolerations allow.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Event, Node, Pod } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '../../base/clock.js';
import { formatMicroTime, formatRfc3339 } from '../../base/rfc3339.js';
import { eventually } from '../../client/testing/eventually.js';
import { advanceUntil, ControllerHarness } from '../shared/infra-controller-harness.js';
import { leasesResource, nodesResource, podsResource } from '../shared/infra-resources.js';
import {
  createNode,
  createRunningPod,
  podObject,
  startTestCluster,
  type TestCluster,
} from '../shared/infra-test-cluster.js';
import { nodeLifecycleDescriptor, taintEvictionDescriptor } from './index.js';

let cluster: TestCluster;
let harness: ControllerHarness;
const clock = new FakeClock(Date.now());
const ns = 'lifecycle';

async function renewLease(name: string): Promise<void> {
  const leases = cluster.client.resource<Lease>(leasesResource).namespace('kube-node-lease');
  const spec = { holderIdentity: name, leaseDurationSeconds: 40, renewTime: formatMicroTime(clock.now()) };
  try {
    await leases.patch(name, 'merge', { spec });
  } catch {
    await leases.create({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name }, spec });
  }
}

const getNode = (name: string) => cluster.client.resource<Node>(nodesResource).get(name);
const pods = () => cluster.client.resource<Pod>(podsResource).namespace(ns);

before(async () => {
  cluster = await startTestCluster();
  await cluster.namespace(ns);
  for (const name of ['node-1', 'node-2', 'node-3']) {
    await createNode(cluster.client, name, {
      'topology.kubernetes.io/zone': 'zone-a',
      'kubernetes.io/os': 'linux',
    });
    await renewLease(name);
  }
  const tolerate = (seconds: number) => ({
    tolerations: [
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists' as const,
        effect: 'NoExecute',
        tolerationSeconds: seconds,
      },
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists' as const,
        effect: 'NoExecute',
        tolerationSeconds: seconds,
      },
    ],
  });
  await createRunningPod(
    cluster.client,
    podObject(ns, 'tolerant', { nodeName: 'node-1', extra: tolerate(300) }),
    '10.42.0.5',
    true,
  );
  await createRunningPod(
    cluster.client,
    // DefaultTolerationSeconds gives a pod without these tolerations 300 s; zero means at once.
    podObject(ns, 'intolerant', { nodeName: 'node-1', extra: tolerate(0) }),
    '10.42.0.6',
    true,
  );
  await createRunningPod(
    cluster.client,
    podObject(ns, 'elsewhere', { nodeName: 'node-2' }),
    '10.42.1.5',
    true,
  );
  harness = new ControllerHarness({ client: cluster.client, clock });
  await harness.start([nodeLifecycleDescriptor(), taintEvictionDescriptor]);
});

after(async () => {
  await harness?.stop();
  await cluster?.stop();
});

// Healthy nodes keep renewing while time moves.
async function tick(): Promise<void> {
  await renewLease('node-2');
  await renewLease('node-3');
}

it('reconciles the beta os label of nodes', async () => {
  await eventually(async () =>
    assert.equal((await getNode('node-1')).metadata?.labels?.['beta.kubernetes.io/os'], 'linux'),
  );
});

it('marks a silent node Unknown after the grace period, taints it and evicts its pods', async () => {
  const start = clock.now();
  // Within the grace period nothing happens.
  await advanceUntil(clock, async () => {
    await tick();
    assert.ok(clock.now() - start >= 45_000);
  });
  assert.equal((await getNode('node-1')).status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');

  const ready = await advanceUntil(clock, async () => {
    await tick();
    const c = (await getNode('node-1')).status?.conditions?.find((x) => x.type === 'Ready');
    assert.equal(c?.status, 'Unknown');
    return c;
  });
  assert.ok(clock.now() - start > 50_000, 'not before the 50 s grace period (upstream 1.32)');
  assert.equal(ready?.reason, 'NodeStatusUnknown');
  assert.equal(ready?.message, 'Kubelet stopped posting node status.');
  const pressure = (await getNode('node-1')).status?.conditions?.find((x) => x.type === 'MemoryPressure');
  assert.equal(pressure?.reason, 'NodeStatusNeverUpdated');
  assert.equal((await getNode('node-2')).status?.conditions?.find((x) => x.type === 'Ready')?.status, 'True');

  // Its pods are no longer ready.
  await advanceUntil(clock, async () => {
    await tick();
    const p = await pods().get('tolerant');
    assert.equal(p.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'False');
  });

  // NoSchedule from the condition and NoExecute for eviction.
  const tainted = await advanceUntil(clock, async () => {
    await tick();
    const taints = (await getNode('node-1')).spec?.taints ?? [];
    const keys = taints.map((t) => `${t.key}:${t.effect}`).sort();
    assert.deepEqual(keys, [
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/unreachable:NoSchedule',
    ]);
    return clock.now();
  });

  // A pod that tolerates the taint for 0 s goes at once, with the DisruptionTarget condition and an
  // event. (With no kubelet to confirm, a deleted pod stays terminating.)
  const deleted = (p: Pod) => assert.ok(p.metadata?.deletionTimestamp, `${p.metadata?.name} not deleted`);
  const intolerant = await advanceUntil(clock, async () => {
    await tick();
    const p = await pods().get('intolerant');
    deleted(p);
    return p;
  });
  const target = intolerant.status?.conditions?.find((c) => c.type === 'DisruptionTarget');
  assert.equal(target?.status, 'True');
  assert.equal(target?.reason, 'DeletionByTaintManager');
  assert.equal(target?.message, 'Taint manager: deleting due to NoExecute taint');
  const tolerant = await pods().get('tolerant');
  assert.equal(tolerant.metadata?.deletionTimestamp, undefined);
  assert.equal((await pods().get('elsewhere')).metadata?.deletionTimestamp, undefined);

  // The tolerant pod stays for its 300 s.
  await advanceUntil(
    clock,
    async () => {
      await tick();
      assert.ok(clock.now() - tainted >= 280_000);
    },
    { stepMs: 5000, timeoutMs: 30_000 },
  );
  assert.equal((await pods().get('tolerant')).metadata?.deletionTimestamp, undefined);
  await advanceUntil(
    clock,
    async () => {
      await tick();
      deleted(await pods().get('tolerant'));
    },
    { stepMs: 5000, timeoutMs: 30_000 },
  );
  assert.ok(clock.now() - tainted >= 300_000);
  const events = await cluster.client
    .resource<Event>({ group: '', version: 'v1', resource: 'events' })
    .namespace(ns)
    .list();
  const reasons = events.items.map((e) => `${e.involvedObject.name}:${e.reason}`);
  assert.ok(reasons.includes('intolerant:TaintManagerEviction'), reasons.join(' '));
  assert.ok(reasons.includes('tolerant:NodeNotReady'), reasons.join(' '));
});

it('removes the taints once the kubelet posts Ready again', async () => {
  const now = formatRfc3339(clock.now());
  const node = await getNode('node-1');
  const conditions = (node.status?.conditions ?? []).map((c) =>
    c.type === 'Ready'
      ? { ...c, status: 'True', reason: 'KubeletReady', lastHeartbeatTime: now, lastTransitionTime: now }
      : { ...c, status: 'False', lastHeartbeatTime: now, lastTransitionTime: now },
  );
  await cluster.client
    .resource<Node>(nodesResource)
    .patch('node-1', 'merge', { status: { conditions } }, { subresource: 'status' });
  await renewLease('node-1');
  await advanceUntil(clock, async () => {
    await tick();
    await renewLease('node-1');
    assert.deepEqual((await getNode('node-1')).spec?.taints ?? [], []);
  });
});

it('stops NoExecute tainting when every node of every zone is down (full disruption)', async () => {
  // No lease is renewed any more: the control plane, not the nodes, is probably cut off.
  const start = clock.now();
  await advanceUntil(
    clock,
    async () => {
      for (const name of ['node-1', 'node-2', 'node-3']) {
        const ready = (await getNode(name)).status?.conditions?.find((c) => c.type === 'Ready');
        assert.equal(ready?.status, 'Unknown', name);
      }
    },
    { stepMs: 2000 },
  );
  // Every step of the next minute: no NoExecute taint, however briefly.
  for (let i = 0; i < 30; i++) {
    await clock.advance(2000);
    await delay(10);
    for (const name of ['node-1', 'node-2', 'node-3']) {
      const noExecute = ((await getNode(name)).spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
      assert.deepEqual(noExecute, [], `${name} tainted NoExecute during full disruption`);
    }
  }
  assert.ok(clock.now() - start > 90_000);
  assert.equal((await pods().get('elsewhere')).metadata?.deletionTimestamp, undefined);
});

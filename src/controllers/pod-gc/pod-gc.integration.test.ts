// The pod garbage collector against the real apiserver, on a FakeClock.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '../../base/clock.js';
import { advanceUntil, ControllerHarness } from '../shared/infra-controller-harness.js';
import { podsResource } from '../shared/infra-resources.js';
import { createNode, podObject, startTestCluster, type TestCluster } from '../shared/infra-test-cluster.js';
import { podGCDescriptor } from './index.js';

let cluster: TestCluster;
let harness: ControllerHarness;
const clock = new FakeClock(Date.now());
const ns = 'podgc';
const pods = () => cluster.client.resource<Pod>(podsResource).namespace(ns);

before(async () => {
  cluster = await startTestCluster();
  await cluster.namespace(ns);
  await createNode(cluster.client, 'node-a');
  harness = new ControllerHarness({ client: cluster.client, clock });
  await harness.start([podGCDescriptor({ terminatedPodThreshold: 2 })]);
});

after(async () => {
  await harness?.stop();
  await cluster?.stop();
});

async function finished(name: string, phase: 'Succeeded' | 'Failed'): Promise<void> {
  await pods().create(podObject(ns, name, { nodeName: 'node-a' }));
  await pods().patch(name, 'merge', { status: { phase } }, { subresource: 'status' });
}

const names = async () => (await pods().list()).items.map((p) => p.metadata?.name ?? '').sort();

it('deletes the oldest terminated pods beyond the threshold', async () => {
  await finished('done-1', 'Succeeded');
  await finished('done-2', 'Failed');
  await finished('done-3', 'Succeeded');
  await pods().create(podObject(ns, 'running', { nodeName: 'node-a' }));
  await advanceUntil(clock, async () => assert.deepEqual(await names(), ['done-2', 'done-3', 'running']), {
    stepMs: 5000,
  });
});

it('fails and force-deletes pods bound to a node that does not exist, after the quarantine', async () => {
  await pods().create(podObject(ns, 'orphan', { nodeName: 'ghost' }));
  await pods().patch('orphan', 'merge', { status: { phase: 'Running' } }, { subresource: 'status' });
  const start = clock.now();
  await advanceUntil(clock, async () => assert.ok(!(await names()).includes('orphan')), { stepMs: 5000 });
  assert.ok(clock.now() - start >= 40_000, 'not before the 40 s quarantine');
});

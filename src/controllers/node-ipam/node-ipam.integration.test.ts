// Pod CIDR allocation against the real apiserver.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Event, Node } from 'kubernetes-types/core/v1.js';
import { eventually } from '../../client/testing/eventually.js';
import { ControllerHarness } from '../shared/infra-controller-harness.js';
import { nodesResource } from '../shared/infra-resources.js';
import { createNode, startTestCluster, type TestCluster } from '../shared/infra-test-cluster.js';
import { nodeIpamDescriptor } from './index.js';

let cluster: TestCluster;
let harness: ControllerHarness;

before(async () => {
  cluster = await startTestCluster();
  // A node that already has a CIDR (set by someone else) keeps it, and it counts as taken.
  await createNode(cluster.client, 'preset', {}, { podCIDR: '10.42.0.0/24', podCIDRs: ['10.42.0.0/24'] });
  harness = new ControllerHarness({ client: cluster.client });
  // A /22 holds four /24s: enough to run out.
  await harness.start([nodeIpamDescriptor({ clusterCIDRs: ['10.42.0.0/22'] })]);
});

after(async () => {
  await harness?.stop();
  await cluster?.stop();
});

const cidrOf = async (name: string) => {
  const node = await cluster.client.resource<Node>(nodesResource).get(name);
  assert.ok(node.spec?.podCIDR, `${name} has no podCIDR yet`);
  return node.spec;
};

it('allocates the next free /24 to nodes without one, skipping CIDRs in use', async () => {
  await createNode(cluster.client, 'a');
  const a = await eventually(() => cidrOf('a'));
  assert.equal(a?.podCIDR, '10.42.1.0/24');
  assert.deepEqual(a?.podCIDRs, ['10.42.1.0/24']);
  await createNode(cluster.client, 'b');
  assert.equal((await eventually(() => cidrOf('b')))?.podCIDR, '10.42.2.0/24');
  assert.equal((await cidrOf('preset'))?.podCIDR, '10.42.0.0/24');
});

it('reports CIDRNotAvailable when the range is exhausted and reuses released CIDRs', async () => {
  await createNode(cluster.client, 'c');
  assert.equal((await eventually(() => cidrOf('c')))?.podCIDR, '10.42.3.0/24');
  await createNode(cluster.client, 'd');
  await eventually(async () => {
    const events = await cluster.client
      .resource<Event>({ group: '', version: 'v1', resource: 'events' })
      .namespace('default')
      .list();
    assert.ok(events.items.some((e) => e.involvedObject.name === 'd' && e.reason === 'CIDRNotAvailable'));
  });
  await cluster.client.resource<Node>(nodesResource).delete('b');
  assert.equal((await eventually(() => cidrOf('d'), 30_000))?.podCIDR, '10.42.2.0/24');
});

// PodDisruptionBudget status against the real apiserver.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Event } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { eventually } from '../../client/testing/eventually.js';
import { ControllerHarness } from '../shared/infra-controller-harness.js';
import { deploymentsResource, pdbsResource, replicaSetsResource } from '../shared/infra-resources.js';
import {
  createNode,
  createRunningPod,
  podObject,
  setPodStatus,
  startTestCluster,
  type TestCluster,
} from '../shared/infra-test-cluster.js';
import { disruptionDescriptor } from './index.js';
import { scaleSubresource } from './scale-finders.js';

let cluster: TestCluster;
let harness: ControllerHarness;

before(async () => {
  cluster = await startTestCluster();
  await createNode(cluster.client, 'node-a');
  harness = new ControllerHarness({ client: cluster.client });
  await harness.start([disruptionDescriptor]);
});

after(async () => {
  await harness?.stop();
  await cluster?.stop();
});

const template = (app: string) => ({
  selector: { matchLabels: { app } },
  template: { metadata: { labels: { app } }, spec: { containers: [{ name: 'c', image: 'x' }] } },
});

async function replicaSet(
  ns: string,
  name: string,
  replicas: number,
  owner?: OwnerReference,
): Promise<ReplicaSet> {
  return cluster.client
    .resource<ReplicaSet>(replicaSetsResource)
    .namespace(ns)
    .create({
      metadata: { name, ...(owner ? { ownerReferences: [owner] } : {}) },
      spec: { replicas, ...template('web') },
    });
}

async function pods(ns: string, count: number, owner?: { name: string; uid: string }): Promise<void> {
  for (let i = 0; i < count; i++) {
    const pod = podObject(ns, `web-${i}`, { labels: { app: 'web' }, nodeName: 'node-a' });
    if (owner)
      pod.metadata!.ownerReferences = [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner.name, uid: owner.uid, controller: true },
      ];
    await createRunningPod(cluster.client, pod, `10.42.0.${10 + i}`, true);
  }
}

async function pdb(ns: string, spec: Partial<PodDisruptionBudget['spec']>): Promise<void> {
  await cluster.client
    .resource<PodDisruptionBudget>(pdbsResource)
    .namespace(ns)
    .create({
      metadata: { name: 'budget' },
      spec: { selector: { matchLabels: { app: 'web' } }, ...spec },
    });
}

const status = async (ns: string) =>
  (await cluster.client.resource<PodDisruptionBudget>(pdbsResource).namespace(ns).get('budget')).status;

it('computes an integer minAvailable budget from the selected pods and follows readiness', async () => {
  const ns = await cluster.namespace('pdb-min');
  await pods(ns, 3);
  await pdb(ns, { minAvailable: 2 });
  await eventually(async () => {
    const s = await status(ns);
    assert.equal(s?.observedGeneration, 1);
    assert.equal(s?.expectedPods, 3);
    assert.equal(s?.desiredHealthy, 2);
    assert.equal(s?.currentHealthy, 3);
    assert.equal(s?.disruptionsAllowed, 1);
    const c = s?.conditions?.find((x) => x.type === 'DisruptionAllowed');
    assert.equal(c?.status, 'True');
    assert.equal(c?.reason, 'SufficientPods');
    assert.equal(c?.observedGeneration, 1);
  });

  await setPodStatus(cluster.client, ns, 'web-0', '10.42.0.10', false);
  await eventually(async () => {
    const st = await status(ns);
    assert.equal(st?.currentHealthy, 2);
    assert.equal(st?.disruptionsAllowed, 0);
    const cond = st?.conditions?.find((x) => x.type === 'DisruptionAllowed');
    assert.equal(cond?.status, 'False');
    assert.equal(cond?.reason, 'InsufficientPods');
  });
});

it('scales percentages against the controllers: ReplicaSets and Deployments', async () => {
  const ns = await cluster.namespace('pdb-pct');
  const rs = await replicaSet(ns, 'web-rs', 4);
  await pods(ns, 3, { name: 'web-rs', uid: rs.metadata?.uid ?? '' });
  await pdb(ns, { maxUnavailable: '50%' });
  await eventually(async () => {
    const st = await status(ns);
    assert.equal(st?.expectedPods, 4);
    assert.equal(st?.desiredHealthy, 2);
    assert.equal(st?.currentHealthy, 3);
    assert.equal(st?.disruptionsAllowed, 1);
  });

  const dns = await cluster.namespace('pdb-deploy');
  const deploy = await cluster.client
    .resource<Deployment>(deploymentsResource)
    .namespace(dns)
    .create({
      metadata: { name: 'web' },
      spec: { replicas: 6, ...template('web') },
    });
  const owned = await replicaSet(dns, 'web-abc', 2, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: 'web',
    uid: deploy.metadata?.uid ?? '',
    controller: true,
  });
  await pods(dns, 2, { name: 'web-abc', uid: owned.metadata?.uid ?? '' });
  await pdb(dns, { minAvailable: '50%' });
  await eventually(async () => {
    const st = await status(dns);
    assert.equal(st?.expectedPods, 6);
    assert.equal(st?.desiredHealthy, 3);
    assert.equal(st?.disruptionsAllowed, 0);
  });
});

it('reports unmanaged pods for a percentage budget and allows nothing', async () => {
  const ns = await cluster.namespace('pdb-unmanaged');
  await pods(ns, 2);
  await pdb(ns, { minAvailable: '50%' });
  await eventually(async () => {
    const st = await status(ns);
    assert.equal(st?.observedGeneration, 1);
    assert.equal(st?.expectedPods, 0);
    assert.equal(st?.disruptionsAllowed, 0);
  });
  await eventually(async () => {
    const events = await cluster.client
      .resource<Event>({ group: '', version: 'v1', resource: 'events' })
      .namespace(ns)
      .list();
    const e = events.items.find((x) => x.reason === 'UnmanagedPods');
    assert.ok(e);
    assert.match(
      e.message ?? '',
      /^Pods selected by this PodDisruptionBudget \(selector: &LabelSelector\{MatchLabels:map\[string\]string\{app: web,\}/,
    );
  });
});

it('reads the replicas of any owner through its scale subresource', async () => {
  const ns = await cluster.namespace('pdb-scale');
  const deploy = await cluster.client
    .resource<Deployment>(deploymentsResource)
    .namespace(ns)
    .create({
      metadata: { name: 'web' },
      spec: { replicas: 7, ...template('web') },
    });
  const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: deploy.metadata?.uid ?? '' };
  assert.deepEqual(await scaleSubresource(cluster.client, ref, ns), { uid: ref.uid, scale: 7 });
  assert.equal(await scaleSubresource(cluster.client, { ...ref, uid: 'other' }, ns), undefined);
  assert.equal(await scaleSubresource(cluster.client, { ...ref, name: 'missing' }, ns), undefined);
  await assert.rejects(
    scaleSubresource(cluster.client, { apiVersion: 'v1', kind: 'ConfigMap', name: 'x', uid: 'u' }, ns),
    /configmaps does not implement the scale subresource/,
  );
});

it('keeps the pods an eviction is deleting out of the healthy count', async () => {
  const ns = await cluster.namespace('pdb-disrupted');
  await pods(ns, 3);
  await pdb(ns, { minAvailable: 1 });
  await eventually(async () => assert.equal((await status(ns))?.disruptionsAllowed, 2));
  const client = cluster.client.resource<PodDisruptionBudget>(pdbsResource).namespace(ns);
  const current = await client.get('budget');
  // What the eviction subresource writes.
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  await client.updateStatus({
    ...current,
    status: { ...current.status!, disruptionsAllowed: 1, disruptedPods: { 'web-0': now } },
  });
  await eventually(async () => {
    const st = await status(ns);
    assert.equal(st?.currentHealthy, 2);
    assert.equal(st?.disruptionsAllowed, 1);
    assert.deepEqual(Object.keys(st?.disruptedPods ?? {}), ['web-0']);
  });
});

// ResourceQuota usage against the real apiserver.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type {
  ConfigMap,
  PersistentVolumeClaim,
  Pod,
  ResourceQuota,
  Service,
} from 'kubernetes-types/core/v1.js';
import { eventually } from '../../client/testing/eventually.js';
import { ControllerHarness } from '../shared/infra-controller-harness.js';
import {
  configMapsResource,
  deploymentsResource,
  persistentVolumeClaimsResource,
  podsResource,
  resourceQuotasResource,
  servicesResource,
} from '../shared/infra-resources.js';
import { podObject, startTestCluster, type TestCluster } from '../shared/infra-test-cluster.js';
import { resourceQuotaDescriptor } from './index.js';

let cluster: TestCluster;
let harness: ControllerHarness;
const ns = 'quota';

before(async () => {
  cluster = await startTestCluster();
  await cluster.namespace(ns);
  harness = new ControllerHarness({ client: cluster.client });
  await harness.start([resourceQuotaDescriptor]);
});

after(async () => {
  await harness?.stop();
  await cluster?.stop();
});

const client = <T extends object>(r: Parameters<TestCluster['client']['resource']>[0]) =>
  cluster.client.resource<T & { metadata?: { name?: string } }>(r).namespace(ns);

function computePod(name: string, cpu: string, memory: string, limitMemory?: string): Pod {
  const pod = podObject(ns, name);
  pod.spec!.containers[0]!.resources = {
    requests: { cpu, memory },
    ...(limitMemory ? { limits: { memory: limitMemory } } : {}),
  };
  return pod;
}

it('tracks compute, object counts, services and storage as upstream computes them', async () => {
  await client<ResourceQuota>(resourceQuotasResource).create({
    metadata: { name: 'q' },
    spec: {
      hard: {
        pods: '10',
        'requests.cpu': '4',
        'requests.memory': '8Gi',
        'limits.memory': '16Gi',
        'count/configmaps': '5',
        configmaps: '5',
        services: '3',
        'services.nodeports': '4',
        persistentvolumeclaims: '2',
        'requests.storage': '10Gi',
        'fast.storageclass.storage.k8s.io/requests.storage': '5Gi',
        'count/deployments.apps': '2',
      },
    },
  });
  const used = async () => (await client<ResourceQuota>(resourceQuotasResource).get('q')).status?.used ?? {};
  await eventually(async () => assert.equal((await used())['pods'], '0'));

  await client<Pod>(podsResource).create(computePod('a', '500m', '1Gi', '2Gi'));
  // The quota admission plugin wants every tracked compute resource set, limits.memory included.
  await client<Pod>(podsResource).create(computePod('b', '1', '512Mi', '1Gi'));
  await client<ConfigMap>(configMapsResource).create({ metadata: { name: 'cm1' } });
  await client<Service>(servicesResource).create({
    metadata: { name: 'np' },
    spec: {
      type: 'NodePort',
      ports: [
        { port: 80, name: 'a' },
        { port: 81, name: 'b' },
      ],
    },
  });
  await client<PersistentVolumeClaim>(persistentVolumeClaimsResource).create({
    metadata: { name: 'data' },
    spec: {
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'fast',
      resources: { requests: { storage: '1500Mi' } },
    },
  });
  await client<Deployment>(deploymentsResource).create({
    metadata: { name: 'd' },
    spec: {
      selector: { matchLabels: { app: 'd' } },
      template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'x' }] } },
    },
  });
  await eventually(async () => {
    const u = await used();
    assert.deepEqual(u, {
      'count/configmaps': '1',
      'count/deployments.apps': '1',
      configmaps: '1',
      'fast.storageclass.storage.k8s.io/requests.storage': '1500Mi',
      'limits.memory': '3Gi',
      persistentvolumeclaims: '1',
      pods: '2',
      'requests.cpu': '1500m',
      'requests.memory': '1536Mi',
      'requests.storage': '1500Mi',
      services: '1',
      'services.nodeports': '2',
    });
  });
  const status = (await client<ResourceQuota>(resourceQuotasResource).get('q')).status;
  assert.equal(status?.hard?.['requests.memory'], '8Gi');

  // Terminal pods stop counting.
  await client<Pod>(podsResource).patch(
    'b',
    'merge',
    { status: { phase: 'Succeeded' } },
    { subresource: 'status' },
  );
  await eventually(async () => {
    const u = await used();
    assert.equal(u['pods'], '1');
    assert.equal(u['requests.cpu'], '500m');
    assert.equal(u['requests.memory'], '1Gi');
  });
});

it('honours quota scopes', async () => {
  // A namespace of its own: quota q above would refuse a pod without requests.
  const scoped = await cluster.namespace('scoped');
  const quotas = cluster.client.resource<ResourceQuota>(resourceQuotasResource).namespace(scoped);
  await quotas.create({
    metadata: { name: 'besteffort' },
    spec: { hard: { pods: '5' }, scopes: ['BestEffort'] },
  });
  await cluster.client.resource<Pod>(podsResource).namespace(scoped).create(podObject(scoped, 'be'));
  await eventually(async () => {
    const q = await quotas.get('besteffort');
    assert.deepEqual(q.status?.used, { pods: '1' });
  });
});

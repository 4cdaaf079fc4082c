// The EndpointSlice, Endpoints and mirroring controllers against the real apiserver.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Endpoints, Pod, Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { eventually } from '../../client/testing/eventually.js';
import { endpointsDescriptor } from '../endpoints/index.js';
import { endpointSliceMirroringDescriptor } from '../endpointslice-mirroring/index.js';
import { ControllerHarness } from '../shared/infra-controller-harness.js';
import {
  endpointSlicesResource,
  endpointsResource,
  podsResource,
  servicesResource,
} from '../shared/infra-resources.js';
import {
  createNode,
  createRunningPod,
  podObject,
  setPodStatus,
  startTestCluster,
  type TestCluster,
} from '../shared/infra-test-cluster.js';
import { endpointSliceDescriptor } from './index.js';

let cluster: TestCluster;
let harness: ControllerHarness;

before(async () => {
  cluster = await startTestCluster();
  await createNode(cluster.client, 'node-a', { 'topology.kubernetes.io/zone': 'zone-a' });
  harness = new ControllerHarness({ client: cluster.client });
  await harness.start([endpointSliceDescriptor, endpointsDescriptor, endpointSliceMirroringDescriptor]);
});

after(async () => {
  await harness?.stop();
  await cluster?.stop();
});

function slicesOf(ns: string, service: string): Promise<EndpointSlice[]> {
  return cluster.client
    .resource<EndpointSlice>(endpointSlicesResource)
    .namespace(ns)
    .list({ labelSelector: `kubernetes.io/service-name=${service}` })
    .then((l) => l.items);
}

async function createService(ns: string, svc: Partial<Service['spec']>, name = 'web'): Promise<Service> {
  return cluster.client
    .resource<Service>(servicesResource)
    .namespace(ns)
    .create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: ns, labels: { team: 'blue' } },
      spec: { ports: [{ name: 'http', port: 80, targetPort: 'http' }], ...svc },
    });
}

describe('endpointslice + endpoints', () => {
  it('lists the selected pods with readiness, named ports, topology and owner', async () => {
    const ns = await cluster.namespace('eps-basic');
    const svc = await createService(ns, { selector: { app: 'web' } });
    const mk = (name: string, ip: string, ready: boolean) =>
      createRunningPod(
        cluster.client,
        podObject(ns, name, { labels: { app: 'web' }, nodeName: 'node-a', ports: { http: 8080 } }),
        ip,
        ready,
      );
    await mk('web-0', '10.42.0.10', true);
    await mk('web-1', '10.42.0.11', false);
    await cluster.client
      .resource<Pod>(podsResource)
      .namespace(ns)
      .create(podObject(ns, 'other', { labels: { app: 'db' }, nodeName: 'node-a' }));

    const slice = await eventually(async () => {
      const slices = await slicesOf(ns, 'web');
      assert.equal(slices.length, 1);
      assert.equal(slices[0]?.endpoints?.length, 2);
      return slices[0] as EndpointSlice;
    });
    assert.match(slice.metadata?.name ?? '', /^web-[a-z0-9]{5}$/);
    assert.equal(slice.metadata?.generateName, 'web-');
    assert.equal(slice.addressType, 'IPv4');
    assert.deepEqual(slice.metadata?.labels, {
      team: 'blue',
      'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    });
    assert.deepEqual(
      slice.metadata?.ownerReferences?.map((o) => [o.kind, o.name, o.uid, o.controller]),
      [['Service', 'web', svc.metadata?.uid, true]],
    );
    assert.deepEqual(slice.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    const byIp = new Map(slice.endpoints.map((e) => [e.addresses[0], e]));
    assert.deepEqual(byIp.get('10.42.0.10')?.conditions, { ready: true, serving: true, terminating: false });
    assert.deepEqual(byIp.get('10.42.0.11')?.conditions, {
      ready: false,
      serving: false,
      terminating: false,
    });
    assert.equal(byIp.get('10.42.0.10')?.nodeName, 'node-a');
    assert.equal(byIp.get('10.42.0.10')?.zone, 'zone-a');
    assert.equal(byIp.get('10.42.0.10')?.targetRef?.name, 'web-0');
    assert.ok(slice.metadata?.annotations?.['endpoints.kubernetes.io/last-change-trigger-time']);

    await eventually(async () => {
      const ep = await cluster.client.resource<Endpoints>(endpointsResource).namespace(ns).get('web');
      assert.equal(ep.subsets?.length, 1);
      assert.deepEqual(
        ep.subsets?.[0]?.addresses?.map((a) => a.ip),
        ['10.42.0.10'],
      );
      assert.deepEqual(
        ep.subsets?.[0]?.notReadyAddresses?.map((a) => a.ip),
        ['10.42.0.11'],
      );
      assert.deepEqual(ep.subsets?.[0]?.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
      assert.equal(ep.metadata?.labels?.['team'], 'blue');
    });

    // Readiness changes flow through; the same slice is updated in place.
    await setPodStatus(cluster.client, ns, 'web-1', '10.42.0.11', true);
    await eventually(async () => {
      const slices = await slicesOf(ns, 'web');
      assert.equal(slices.length, 1);
      assert.equal(slices[0]?.metadata?.name, slice.metadata?.name);
      assert.ok(slices[0]?.endpoints.every((e) => e.conditions?.ready === true));
      const e = await cluster.client.resource<Endpoints>(endpointsResource).namespace(ns).get('web');
      assert.deepEqual(
        e.subsets?.[0]?.addresses?.map((a) => a.ip),
        ['10.42.0.10', '10.42.0.11'],
      );
      assert.equal(e.subsets?.[0]?.notReadyAddresses, undefined);
    });

    // A sync that finds nothing changed writes nothing (an annotation on the Service triggers one).
    const versions = async () => {
      const e = await cluster.client.resource<Endpoints>(endpointsResource).namespace(ns).get('web');
      const s = await slicesOf(ns, 'web');
      return [e.metadata?.resourceVersion, ...s.map((x) => x.metadata?.resourceVersion)];
    };
    const before = await versions();
    await cluster.client
      .resource<Service>(servicesResource)
      .namespace(ns)
      .patch('web', 'merge', { metadata: { annotations: { touched: 'yes' } } });
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(await versions(), before);

    await cluster.client.resource<Pod>(podsResource).namespace(ns).delete('web-0', { gracePeriodSeconds: 0 });
    await eventually(async () => {
      const slices = await slicesOf(ns, 'web');
      assert.deepEqual(
        slices[0]?.endpoints.map((e) => e.addresses[0]),
        ['10.42.0.11'],
      );
    });
  });

  it('keeps one empty placeholder slice for a Service without pods, and headless labels', async () => {
    const ns = await cluster.namespace('eps-empty');
    await createService(ns, { selector: { app: 'none' }, clusterIP: 'None' });
    const slice = await eventually(async () => {
      const slices = await slicesOf(ns, 'web');
      assert.equal(slices.length, 1);
      return slices[0] as EndpointSlice;
    });
    assert.deepEqual(slice.endpoints ?? [], []);
    assert.deepEqual(slice.ports ?? [], []);
    assert.equal(slice.metadata?.labels?.['service.kubernetes.io/headless'], '');
    const ep = await eventually(() =>
      cluster.client.resource<Endpoints>(endpointsResource).namespace(ns).get('web'),
    );
    assert.equal(ep.metadata?.labels?.['service.kubernetes.io/headless'], '');
  });

  it('splits more than 100 endpoints over slices and publishes not-ready addresses on request', async () => {
    const ns = await cluster.namespace('eps-many');
    await createService(ns, { selector: { app: 'many' }, publishNotReadyAddresses: true });
    await Promise.all(
      Array.from({ length: 130 }, (_, i) =>
        createRunningPod(
          cluster.client,
          podObject(ns, `p-${i}`, { labels: { app: 'many' }, nodeName: 'node-a', ports: { http: 80 } }),
          `10.42.${1 + Math.floor(i / 200)}.${i % 200}`,
          false,
        ),
      ),
    );
    await eventually(async () => {
      const slices = await slicesOf(ns, 'web');
      const sizes = slices.map((s) => s.endpoints?.length ?? 0).sort((a, b) => b - a);
      assert.equal(
        sizes.reduce((a, b) => a + b, 0),
        130,
      );
      assert.ok(sizes.every((n) => n <= 100));
      assert.equal(slices.length, 2);
      assert.ok(slices.every((s) => s.endpoints.every((e) => e.conditions?.ready === true)));
    }, 20_000);
    await eventually(async () => {
      const ep = await cluster.client.resource<Endpoints>(endpointsResource).namespace(ns).get('web');
      assert.equal(ep.subsets?.[0]?.addresses?.length, 130);
    });
  });

  it('mirrors the Endpoints of a Service without a selector', async () => {
    const ns = await cluster.namespace('eps-mirror');
    await createService(ns, { ports: [{ name: 'db', port: 5432 }] }, 'external');
    await cluster.client
      .resource<Endpoints>(endpointsResource)
      .namespace(ns)
      .create({
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: 'external', namespace: ns, labels: { src: 'manual' } },
        subsets: [
          {
            addresses: [{ ip: '192.168.1.10' }],
            notReadyAddresses: [{ ip: '192.168.1.11' }],
            ports: [{ name: 'db', port: 5432, protocol: 'TCP' }],
          },
        ],
      });
    const slice = await eventually(async () => {
      const slices = await slicesOf(ns, 'external');
      assert.equal(slices.length, 1);
      return slices[0] as EndpointSlice;
    });
    assert.equal(
      slice.metadata?.labels?.['endpointslice.kubernetes.io/managed-by'],
      'endpointslicemirroring-controller.k8s.io',
    );
    assert.equal(slice.metadata?.labels?.['src'], 'manual');
    assert.equal(slice.metadata?.ownerReferences?.[0]?.kind, 'Endpoints');
    assert.deepEqual(slice.endpoints.map((e) => [e.addresses[0], e.conditions?.ready]).sort(), [
      ['192.168.1.10', true],
      ['192.168.1.11', false],
    ]);
    assert.deepEqual(slice.ports, [{ name: 'db', port: 5432, protocol: 'TCP' }]);

    // The Endpoints of a selector-less Service stay the user's: the endpoints controller keeps out.
    const ep = await cluster.client.resource<Endpoints>(endpointsResource).namespace(ns).get('external');
    assert.equal(ep.subsets?.[0]?.addresses?.[0]?.ip, '192.168.1.10');

    // The apiserver's own kubernetes Endpoints carry skip-mirror and get no mirrored slice.
    const mirrored = await cluster.client
      .resource<EndpointSlice>(endpointSlicesResource)
      .namespace('default')
      .list({
        labelSelector: 'endpointslice.kubernetes.io/managed-by=endpointslicemirroring-controller.k8s.io',
      });
    assert.equal(mirrored.items.length, 0);
  });
});

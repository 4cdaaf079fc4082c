import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node, Pod, Service } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { planSlices, type SlicePlanInput } from './plan-slices.js';
import { addressTypesForService, endpointPortsFor, podToEndpoint } from './endpoint-for-pod.js';
import { newSlice } from './slice-labels.js';

const service: Service = {
  metadata: { name: 'web', namespace: 'ns', uid: 'svc-uid', labels: { team: 'a' } },
  spec: {
    selector: { app: 'web' },
    clusterIP: '10.43.0.10',
    ipFamilies: ['IPv4'],
    ports: [{ name: 'http', port: 80, targetPort: 'http' }],
  },
};
const node: Node = { metadata: { name: 'n1', labels: { 'topology.kubernetes.io/zone': 'z1' } } };

function pod(i: number, ready = true, extra: Partial<Pod['metadata']> = {}): Pod {
  return {
    metadata: { name: `p${i}`, namespace: 'ns', uid: `uid-${i}`, labels: { app: 'web' }, ...extra },
    spec: { nodeName: 'n1', containers: [{ name: 'c', ports: [{ name: 'http', containerPort: 8080 }] }] },
    status: {
      phase: 'Running',
      podIP: `10.0.${Math.floor(i / 250)}.${i % 250}`,
      podIPs: [{ ip: `10.0.${Math.floor(i / 250)}.${i % 250}` }],
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    },
  };
}

function input(pods: Pod[], existing: EndpointSlice[] = []): SlicePlanInput {
  return {
    service,
    pods,
    existingSlices: existing,
    nodeNamed: (n) => (n === 'n1' ? node : undefined),
    maxEndpointsPerSlice: 100,
    controllerName: 'endpointslice-controller.k8s.io',
  };
}

let seq = 0;
// What the apiserver would return for a created slice.
function stored(slice: EndpointSlice): EndpointSlice {
  seq++;
  return {
    ...slice,
    metadata: { ...slice.metadata, name: `web-${seq}`, uid: `slice-${seq}`, resourceVersion: String(seq) },
  };
}

const sizes = (slices: EndpointSlice[]) => slices.map((s) => s.endpoints.length).sort((a, b) => b - a);

describe('endpoints of pods', () => {
  it('sets conditions from readiness and termination', () => {
    const ready = podToEndpoint(pod(1), node, service, 'IPv4');
    assert.deepEqual(ready.conditions, { ready: true, serving: true, terminating: false });
    assert.equal(ready.zone, 'z1');
    assert.equal(ready.nodeName, 'n1');
    const terminating = podToEndpoint(
      pod(2, true, { deletionTimestamp: '2026-01-01T00:00:00Z' }),
      node,
      service,
      'IPv4',
    );
    assert.deepEqual(terminating.conditions, { ready: false, serving: true, terminating: true });
    const published = podToEndpoint(
      pod(3, false),
      node,
      { ...service, spec: { ...service.spec, publishNotReadyAddresses: true } },
      'IPv4',
    );
    assert.deepEqual(published.conditions, { ready: true, serving: false, terminating: false });
  });

  it('resolves named ports per pod and sets the hostname for the Service subdomain', () => {
    assert.deepEqual(endpointPortsFor(service, pod(1)), [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    const noPort = { ...pod(1), spec: { ...pod(1).spec, containers: [{ name: 'c' }] } } as Pod;
    assert.deepEqual(endpointPortsFor(service, noPort), []);
    const named = { ...pod(1), spec: { ...pod(1).spec!, hostname: 'h', subdomain: 'web' } } as Pod;
    assert.equal(podToEndpoint(named, node, service, 'IPv4').hostname, 'h');
  });

  it('derives address types from ipFamilies, the ClusterIP, or both for headless', () => {
    assert.deepEqual(addressTypesForService(service), ['IPv4']);
    assert.deepEqual(addressTypesForService({ spec: { clusterIP: 'fd00::1' } }), ['IPv6']);
    assert.deepEqual(addressTypesForService({ spec: { clusterIP: 'None' } }), ['IPv4', 'IPv6']);
  });
});

describe('planSlices', () => {
  it('creates one placeholder slice when there are no endpoints, and keeps it', () => {
    const plan = planSlices(input([]));
    assert.equal(plan.toCreate.length, 1);
    assert.deepEqual(plan.toCreate[0]?.endpoints, []);
    assert.deepEqual(plan.toCreate[0]?.ports, []);
    const again = planSlices(input([], [stored(plan.toCreate[0] as EndpointSlice)]));
    assert.deepEqual([again.toCreate.length, again.toUpdate.length, again.toDelete.length], [0, 0, 0]);
  });

  it('packs 250 endpoints into slices of at most 100', () => {
    const plan = planSlices(input(Array.from({ length: 250 }, (_, i) => pod(i))));
    assert.deepEqual(sizes(plan.toCreate), [100, 100, 50]);
    assert.equal(plan.toCreate[0]?.metadata?.generateName, 'web-');
    assert.deepEqual(plan.toCreate[0]?.metadata?.labels, {
      team: 'a',
      'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    });
  });

  it('updates a changed endpoint in place and touches nothing else', () => {
    const pods = Array.from({ length: 150 }, (_, i) => pod(i));
    const existing = planSlices(input(pods)).toCreate.map(stored);
    pods[3] = pod(3, false);
    const plan = planSlices(input(pods, existing));
    assert.equal(plan.toCreate.length, 0);
    assert.equal(plan.toDelete.length, 0);
    assert.equal(plan.toUpdate.length, 1);
    const updated = plan.toUpdate[0] as EndpointSlice;
    assert.ok(existing.some((s) => s.metadata?.name === updated.metadata?.name));
    assert.equal(updated.endpoints.find((e) => e.targetRef?.name === 'p3')?.conditions?.ready, false);
  });

  it('fills the slice already being updated before creating or touching others', () => {
    const pods = Array.from({ length: 150 }, (_, i) => pod(i));
    const existing = planSlices(input(pods)).toCreate.map(stored);
    // One pod goes, two come: the slice that lost one takes them, up to its limit.
    const next = pods.filter((p) => p.metadata?.name !== 'p0').concat([pod(200), pod(201)]);
    const plan = planSlices(input(next, existing));
    assert.equal(plan.toCreate.length, 0);
    const total = [
      ...plan.toUpdate,
      ...existing.filter((e) => !plan.toUpdate.some((u) => u.metadata?.name === e.metadata?.name)),
    ];
    assert.deepEqual(sizes(total), [100, 51]);
  });

  it('puts leftovers into the unchanged slice closest to full', () => {
    const pods = Array.from({ length: 180 }, (_, i) => pod(i));
    const existing = planSlices(input(pods)).toCreate.map(stored);
    assert.deepEqual(sizes(existing), [100, 80]);
    const plan = planSlices(input([...pods, pod(300), pod(301)], existing));
    assert.equal(plan.toCreate.length, 0);
    assert.equal(plan.toUpdate.length, 1);
    assert.equal(plan.toUpdate[0]?.endpoints.length, 82);
  });

  it('turns a create plus a delete into an update of the doomed slice', () => {
    const first = planSlices(input([pod(1)])).toCreate.map(stored);
    // The port set changes: the old group goes away and a new slice is needed.
    const changed: Service = {
      ...service,
      spec: { ...service.spec, ports: [{ name: 'http', port: 80, targetPort: 9090 }] },
    };
    const plan = planSlices({ ...input([pod(1)], first), service: changed });
    assert.equal(plan.toCreate.length, 0);
    assert.equal(plan.toDelete.length, 0);
    assert.equal(plan.toUpdate.length, 1);
    assert.equal(plan.toUpdate[0]?.metadata?.name, first[0]?.metadata?.name);
    assert.deepEqual(plan.toUpdate[0]?.ports, [{ name: 'http', port: 9090, protocol: 'TCP' }]);
  });

  it('deletes slices owned by another Service of the same name and leaves pods on unknown nodes out', () => {
    const foreign = stored({
      ...newSlice(
        { ...service, metadata: { ...service.metadata, uid: 'old' } },
        [],
        'IPv4',
        'endpointslice-controller.k8s.io',
      ),
    });
    const lost = { ...pod(7), spec: { ...pod(7).spec!, nodeName: 'gone' } } as Pod;
    const plan = planSlices(input([pod(1), lost], [foreign]));
    assert.deepEqual(plan.missingNodes, ['gone']);
    // The foreign slice is not reused: it is deleted and a new one created.
    assert.equal(plan.toDelete[0]?.metadata?.name, foreign.metadata?.name);
    assert.equal(plan.toCreate.length, 1);
    assert.equal(plan.toCreate[0]?.endpoints.length, 1);
  });

  it('skips terminal pods and pods without an IP, keeps terminating ones', () => {
    const done = { ...pod(1), status: { ...pod(1).status, phase: 'Succeeded' } } as Pod;
    const noIp = { ...pod(2), status: { phase: 'Running' } } as Pod;
    const terminating = pod(3, true, { deletionTimestamp: '2026-01-01T00:00:00Z' });
    const plan = planSlices(input([done, noIp, terminating]));
    assert.deepEqual(
      plan.toCreate[0]?.endpoints.map((e) => e.targetRef?.name),
      ['p3'],
    );
  });
});

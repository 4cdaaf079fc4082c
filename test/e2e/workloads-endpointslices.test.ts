/**
 * A Service's EndpointSlices and Endpoints on `k8ts server` with three simulated nodes, read with
 * the real kubectl: they list exactly the selected pods, ready ones as ready, with the named
 * target port resolved; they follow readiness changes (sim.k8ts.io/ready flips a running pod),
 * scaling and deletion.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { Endpoints, Pod } from 'kubernetes-types/core/v1.js';
import { eventually } from '../../src/client/testing/eventually.js';
import { deployment, startWorkloadCluster, type WorkloadCluster } from '../support/workload-cluster.js';

let c: WorkloadCluster;
const unready = { 'sim.k8ts.io/ready': 'false' };
const container = {
  name: 'web',
  image: 'registry.local/web:1',
  ports: [{ name: 'http', containerPort: 8080 }],
};

before(async () => {
  c = await startWorkloadCluster();
  await c.apply(
    deployment('web', 'registry.local/web:1', 3, { podSpec: { containers: [container] } }),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    },
    // Selected by the Service but never ready.
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web-unready', labels: { app: 'web' }, annotations: unready },
      spec: { containers: [container] },
    },
  );
  await c.ok(['rollout', 'status', 'deployment/web', '--timeout=60s']);
});

after(async () => {
  await c?.stop();
});

/** Pod name → [address, ready, serving, terminating] from the Service's slices. */
async function sliceEndpoints(): Promise<Record<string, [string, boolean, boolean, boolean]>> {
  const slices = (
    await c.json<{ items: EndpointSlice[] }>(['endpointslices', '-l', 'kubernetes.io/service-name=web'])
  ).items;
  const out: Record<string, [string, boolean, boolean, boolean]> = {};
  for (const slice of slices)
    for (const e of slice.endpoints ?? [])
      out[e.targetRef?.name ?? ''] = [
        e.addresses[0] ?? '',
        e.conditions?.ready === true,
        e.conditions?.serving === true,
        e.conditions?.terminating === true,
      ];
  return out;
}

/** Pod name → IP of every pod labelled app=web that is not terminating. */
async function podIps(): Promise<Record<string, string>> {
  const pods = (await c.json<{ items: Pod[] }>(['pods', '-l', 'app=web'])).items;
  return Object.fromEntries(
    pods
      .filter((p) => p.metadata?.deletionTimestamp === undefined && p.status?.podIP)
      .map((p) => [p.metadata?.name ?? '', p.status?.podIP ?? '']),
  );
}

/** The addresses `kubectl get endpoints web` lists as ready, and as not ready. */
async function endpointAddresses(): Promise<{ ready: string[]; notReady: string[] }> {
  const ep = await c.json<Endpoints>(['endpoints', 'web']);
  const subset = ep.subsets?.[0];
  return {
    ready: (subset?.addresses ?? []).map((a) => a.targetRef?.name ?? '').sort(),
    notReady: (subset?.notReadyAddresses ?? []).map((a) => a.targetRef?.name ?? '').sort(),
  };
}

describe("a Service's EndpointSlices", () => {
  it('list every selected pod with its IP; only ready pods are ready', async () => {
    const ips = await podIps();
    const expected = await eventually(async () => {
      const eps = await sliceEndpoints();
      assert.deepEqual(Object.keys(eps).sort(), Object.keys(ips).sort());
      assert.equal(Object.keys(eps).length, 4);
      return eps;
    }, 20_000);
    for (const [name, [address, ready, serving, terminating]] of Object.entries(expected)) {
      assert.equal(address, ips[name]);
      const wantReady = name !== 'web-unready';
      assert.deepEqual([ready, serving, terminating], [wantReady, wantReady, false], name);
    }
    const [slice] = (
      await c.json<{ items: EndpointSlice[] }>(['endpointslices', '-l', 'kubernetes.io/service-name=web'])
    ).items;
    assert.equal(slice?.addressType, 'IPv4');
    assert.deepEqual(slice?.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    assert.equal(
      slice?.metadata?.labels?.['endpointslice.kubernetes.io/managed-by'],
      'endpointslice-controller.k8s.io',
    );
    const printed = await c.table(['endpointslices', '-l', 'kubernetes.io/service-name=web']);
    assert.deepEqual([printed.records[0]?.['ADDRESSTYPE'], printed.records[0]?.['PORTS']], ['IPv4', '8080']);
    const endpoints = await endpointAddresses();
    assert.equal(endpoints.ready.length, 3);
    assert.deepEqual(endpoints.notReady, ['web-unready']);
  });

  it('follow readiness changes both ways', async () => {
    const [first] = Object.keys(await podIps())
      .filter((n) => n !== 'web-unready')
      .sort();
    await c.ok(['annotate', 'pod', first ?? '', 'sim.k8ts.io/ready=false']);
    await c.ok(['annotate', 'pod', 'web-unready', 'sim.k8ts.io/ready-']);
    await eventually(async () => {
      const eps = await sliceEndpoints();
      assert.deepEqual(eps[first ?? '']?.slice(1), [false, false, false]);
      assert.deepEqual(eps['web-unready']?.slice(1), [true, true, false]);
    }, 20_000);
    await eventually(async () => assert.deepEqual((await endpointAddresses()).notReady, [first]));
  });

  it('follow scaling and pod deletion', async () => {
    await c.ok(['scale', 'deployment', 'web', '--replicas=5']);
    await eventually(async () => {
      const eps = await sliceEndpoints();
      assert.equal(Object.keys(eps).length, 6);
      assert.deepEqual(Object.keys(eps).sort(), Object.keys(await podIps()).sort());
      // One deployment pod was made unready above; the two new ones are ready.
      assert.equal(Object.values(eps).filter(([, ready]) => ready).length, 5);
    }, 20_000);
    await c.ok(['delete', 'pod', 'web-unready']);
    await eventually(async () => {
      const eps = await sliceEndpoints();
      assert.equal(eps['web-unready'], undefined);
      assert.equal(Object.keys(eps).length, 5);
      assert.equal((await endpointAddresses()).ready.length + (await endpointAddresses()).notReady.length, 5);
    }, 20_000);
  });
});

import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Endpoints } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { planMirror } from './mirror-slices.js';
import { shouldMirror } from './mirroring-controller.js';

const endpoints: Endpoints = {
  metadata: {
    name: 'db',
    namespace: 'ns',
    uid: 'ep-uid',
    labels: { app: 'db' },
    annotations: { note: 'x', 'endpoints.kubernetes.io/last-change-trigger-time': 't' },
  },
  subsets: [
    {
      addresses: [{ ip: '10.0.0.1' }, { ip: 'fd00::1' }, { ip: 'not-an-ip' }],
      notReadyAddresses: [{ ip: '10.0.0.2', nodeName: 'n1' }],
      ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }],
    },
  ],
};

it('mirrors each address family and port set into its own slice', () => {
  const plan = planMirror(endpoints, [], 1000);
  assert.equal(plan.invalid, 1);
  assert.equal(plan.skipped, 1);
  const byType = new Map(plan.toCreate.map((s) => [s.addressType, s]));
  assert.deepEqual(
    byType.get('IPv4')?.endpoints.map((e) => [e.addresses[0], e.conditions?.ready, e.nodeName]),
    [
      ['10.0.0.1', true, undefined],
      ['10.0.0.2', false, 'n1'],
    ],
  );
  assert.equal(byType.get('IPv6')?.endpoints.length, 1);
  const slice = byType.get('IPv4') as EndpointSlice;
  assert.deepEqual(slice.metadata?.labels, {
    app: 'db',
    'kubernetes.io/service-name': 'db',
    'endpointslice.kubernetes.io/managed-by': 'endpointslicemirroring-controller.k8s.io',
  });
  assert.deepEqual(slice.metadata?.annotations, { note: 'x' });
  assert.equal(slice.metadata?.ownerReferences?.[0]?.kind, 'Endpoints');
  assert.deepEqual(slice.ports, [{ name: 'pg', port: 5432, protocol: 'TCP' }]);
});

it('leaves a matching slice alone, rewrites one that drifted and caps addresses per subset', () => {
  const created = planMirror(endpoints, [], 1000).toCreate.map((s, i) => ({
    ...s,
    metadata: { ...s.metadata, name: `db-${i}`, uid: `s${i}` },
  }));
  const same = planMirror(endpoints, created, 1000);
  assert.deepEqual([same.toCreate.length, same.toUpdate.length, same.toDelete.length], [0, 0, 0]);
  const relabelled = planMirror(
    { ...endpoints, metadata: { ...endpoints.metadata, labels: { app: 'other' } } },
    created,
    1000,
  );
  assert.equal(relabelled.toUpdate.length, 2);
  const capped = planMirror(endpoints, [], 1);
  assert.equal(capped.skipped, 3);
  assert.equal(
    capped.toCreate.reduce((n, s) => n + s.endpoints.length, 0),
    1,
  );
});

it('skips Endpoints marked skip-mirror or used as leader locks', () => {
  assert.equal(shouldMirror(endpoints), true);
  assert.equal(
    shouldMirror({ metadata: { labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } } }),
    false,
  );
  assert.equal(
    shouldMirror({ metadata: { annotations: { 'control-plane.alpha.kubernetes.io/leader': '{}' } } }),
    false,
  );
});

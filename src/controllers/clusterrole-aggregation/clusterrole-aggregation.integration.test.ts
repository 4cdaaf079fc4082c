// ClusterRole aggregation against the real apiserver.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { ClusterRole } from 'kubernetes-types/rbac/v1.js';
import { eventually } from '../../client/testing/eventually.js';
import { ControllerHarness } from '../shared/infra-controller-harness.js';
import { clusterRolesResource } from '../shared/infra-resources.js';
import { startTestCluster, type TestCluster } from '../shared/infra-test-cluster.js';
import { clusterRoleAggregationDescriptor } from './index.js';

let cluster: TestCluster;
let harness: ControllerHarness;

before(async () => {
  cluster = await startTestCluster();
  harness = new ControllerHarness({ client: cluster.client });
  await harness.start([clusterRoleAggregationDescriptor]);
});

after(async () => {
  await harness?.stop();
  await cluster?.stop();
});

const roles = () => cluster.client.resource<ClusterRole>(clusterRolesResource);

it('keeps an aggregated role equal to the union of the roles it selects', async () => {
  await roles().create({
    metadata: { name: 'monitoring' },
    aggregationRule: {
      clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate-to-monitoring': 'true' } }],
    },
    rules: [],
  });
  await roles().create({
    metadata: { name: 'b-metrics', labels: { 'rbac.example.com/aggregate-to-monitoring': 'true' } },
    rules: [
      { apiGroups: [''], resources: ['services', 'endpoints'], verbs: ['get', 'list'] },
      { nonResourceURLs: ['/metrics'], verbs: ['get'] },
    ],
  });
  await roles().create({
    metadata: { name: 'a-pods', labels: { 'rbac.example.com/aggregate-to-monitoring': 'true' } },
    rules: [
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      { nonResourceURLs: ['/metrics'], verbs: ['get'] },
    ],
  });
  await eventually(async () => {
    const role = await roles().get('monitoring');
    assert.deepEqual(role.rules, [
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      { nonResourceURLs: ['/metrics'], verbs: ['get'] },
      { apiGroups: [''], resources: ['services', 'endpoints'], verbs: ['get', 'list'] },
    ]);
  });
  const managers = (await roles().get('monitoring')).metadata?.managedFields?.map((f) => f.manager);
  assert.ok(managers?.includes('clusterrole-aggregation-controller'), String(managers));

  await roles().delete('a-pods');
  await eventually(async () => {
    const role = await roles().get('monitoring');
    assert.deepEqual(role.rules, [
      { apiGroups: [''], resources: ['services', 'endpoints'], verbs: ['get', 'list'] },
      { nonResourceURLs: ['/metrics'], verbs: ['get'] },
    ]);
  });
});

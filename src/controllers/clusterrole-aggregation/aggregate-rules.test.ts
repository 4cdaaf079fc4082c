import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { ClusterRole } from 'kubernetes-types/rbac/v1.js';
import { aggregatedRules, sameRules } from './aggregate-rules.js';

const role = (name: string, labels: Record<string, string>, rules: ClusterRole['rules']): ClusterRole => ({
  metadata: { name, labels },
  rules,
});

it('unions the selected roles per selector, by name, each rule once, never the role itself', () => {
  const aggregate: ClusterRole = {
    metadata: { name: 'agg', labels: { a: 'true' } },
    aggregationRule: {
      clusterRoleSelectors: [{ matchLabels: { a: 'true' } }, { matchLabels: { b: 'true' } }],
    },
    rules: [{ verbs: ['stale'] }],
  };
  const all = [
    aggregate,
    role('z', { a: 'true' }, [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]),
    role('m', { a: 'true', b: 'true' }, [
      { apiGroups: [''], resources: ['secrets'], verbs: ['list'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
    ]),
    role('b-only', { b: 'true' }, [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }]),
    role('none', {}, [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]),
  ];
  assert.deepEqual(aggregatedRules(aggregate, all), [
    { apiGroups: [''], resources: ['secrets'], verbs: ['list'] },
    { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
    { nonResourceURLs: ['/healthz'], verbs: ['get'] },
  ]);
  assert.equal(aggregatedRules(all[1] as ClusterRole, all), undefined);
  assert.equal(sameRules([{ verbs: ['get'], resourceNames: [] }], [{ verbs: ['get'] }]), true);
});

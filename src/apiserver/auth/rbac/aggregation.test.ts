import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterRole } from 'kubernetes-types/rbac/v1.js';
import { aggregateClusterRole } from './aggregation.js';

const agg: ClusterRole = {
  metadata: { name: 'monitoring', labels: { 'agg-to-monitoring': 'true' } },
  aggregationRule: {
    clusterRoleSelectors: [
      { matchLabels: { 'agg-to-monitoring': 'true' } },
      { matchLabels: { extra: 'yes' } },
    ],
  },
  rules: [],
};
const b: ClusterRole = {
  metadata: { name: 'b', labels: { 'agg-to-monitoring': 'true' } },
  rules: [{ apiGroups: [''], resources: ['services'], verbs: ['get'] }],
};
const a: ClusterRole = {
  metadata: { name: 'a', labels: { 'agg-to-monitoring': 'true', extra: 'yes' } },
  rules: [
    { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
    // Same rule as b's, with an explicit empty list: semantically equal, kept once.
    { apiGroups: [''], resources: ['services'], verbs: ['get'], resourceNames: [] },
  ],
};
const c: ClusterRole = {
  metadata: { name: 'c', labels: { extra: 'yes' } },
  rules: [{ nonResourceURLs: ['/metrics'], verbs: ['get'] }],
};
const unrelated: ClusterRole = {
  metadata: { name: 'z' },
  rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
};

describe('aggregateClusterRole', () => {
  it('unions the rules of matching roles, selectors in order, roles by name, duplicates once', () => {
    const r = aggregateClusterRole(agg, [unrelated, c, b, a, agg]);
    assert.ok(r?.ok);
    assert.deepEqual(r.rules, [
      { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
      { apiGroups: [''], resources: ['services'], verbs: ['get'], resourceNames: [] },
      { nonResourceURLs: ['/metrics'], verbs: ['get'] },
    ]);
    assert.equal(r.changed, true);
  });

  it('reports no change once the rules are in place', () => {
    const first = aggregateClusterRole(agg, [a, b, c]);
    assert.ok(first?.ok);
    const second = aggregateClusterRole({ ...agg, rules: first.rules }, [a, b, c]);
    assert.ok(second?.ok);
    assert.equal(second.changed, false);
  });

  it('is undefined for a role without an aggregationRule', () => {
    assert.equal(aggregateClusterRole(b, [a, b]), undefined);
  });

  it('an aggregation rule without selectors yields no rules', () => {
    const r = aggregateClusterRole(
      { metadata: { name: 'e' }, aggregationRule: {}, rules: [{ verbs: ['get'], nonResourceURLs: ['/x'] }] },
      [a],
    );
    assert.deepEqual(r, { ok: true, rules: [], changed: true });
  });

  it('reports an invalid selector', () => {
    const bad: ClusterRole = {
      metadata: { name: 'bad' },
      aggregationRule: { clusterRoleSelectors: [{ matchExpressions: [{ key: 'x', operator: 'Bogus' }] }] },
    };
    const r = aggregateClusterRole(bad, [a]);
    assert.equal(r?.ok, false);
  });
});

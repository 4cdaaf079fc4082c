import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterRole, ClusterRoleBinding } from 'kubernetes-types/rbac/v1.js';
import { bootstrapPolicy } from './bootstrap-policy.js';
import { AUTOUPDATE_ANNOTATION } from './policy-builders.js';
import { reconcileBootstrapPolicy, type RbacObjectSet } from './reconcile.js';

const empty: RbacObjectSet = { clusterRoles: [], clusterRoleBindings: [], roles: [], roleBindings: [] };

function only(set: Partial<RbacObjectSet>): RbacObjectSet {
  return { ...empty, ...set };
}

const wantedRole: ClusterRole = {
  kind: 'ClusterRole',
  metadata: {
    name: 'r',
    labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
    annotations: { [AUTOUPDATE_ANNOTATION]: 'true' },
  },
  rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
};
const wantedBinding: ClusterRoleBinding = {
  kind: 'ClusterRoleBinding',
  metadata: { name: 'r', annotations: { [AUTOUPDATE_ANNOTATION]: 'true' } },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'r' },
  subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'g' }],
};

describe('reconcileBootstrapPolicy', () => {
  it('creates everything on an empty cluster, roles before bindings', () => {
    const policy = bootstrapPolicy();
    const writes = reconcileBootstrapPolicy(empty, policy);
    const total =
      policy.clusterRoles.length +
      policy.clusterRoleBindings.length +
      policy.roles.length +
      policy.roleBindings.length;
    assert.equal(writes.length, total);
    assert.ok(writes.every((w) => w.action === 'create'));
    const firstBinding = writes.findIndex((w) => w.object.kind?.endsWith('Binding'));
    const lastRole = writes.map((w) => w.object.kind).lastIndexOf('Role');
    assert.ok(lastRole < firstBinding);
  });

  it('does nothing once the policy is in place', () => {
    const policy = bootstrapPolicy();
    assert.deepEqual(reconcileBootstrapPolicy(policy, bootstrapPolicy()), []);
  });

  it('adds missing rules and labels to an autoupdate role, keeping user additions', () => {
    const stored: ClusterRole = {
      kind: 'ClusterRole',
      metadata: {
        name: 'r',
        resourceVersion: '7',
        labels: { mine: 'x' },
        annotations: { [AUTOUPDATE_ANNOTATION]: 'true' },
      },
      rules: [
        { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
        { apiGroups: ['apps'], resources: ['deployments'], verbs: ['*'] },
      ],
    };
    const writes = reconcileBootstrapPolicy(
      only({ clusterRoles: [stored] }),
      only({ clusterRoles: [wantedRole] }),
    );
    assert.equal(writes.length, 1);
    const w = writes[0]!;
    assert.equal(w.action, 'update');
    const role = w.object as ClusterRole;
    assert.equal(role.metadata?.resourceVersion, '7');
    assert.deepEqual(role.metadata?.labels, { 'kubernetes.io/bootstrapping': 'rbac-defaults', mine: 'x' });
    assert.deepEqual(role.rules, [
      { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['*'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
    ]);
  });

  it('treats a role without the annotation as autoupdate, and gives it the annotation', () => {
    const stored: ClusterRole = {
      kind: 'ClusterRole',
      metadata: { name: 'r' },
      rules: wantedRole.rules ?? [],
    };
    const [w] = reconcileBootstrapPolicy(
      only({ clusterRoles: [stored] }),
      only({ clusterRoles: [wantedRole] }),
    );
    assert.equal(w?.object.metadata?.annotations?.[AUTOUPDATE_ANNOTATION], 'true');
  });

  it('leaves autoupdate=false roles and bindings alone', () => {
    const stored: ClusterRole = {
      kind: 'ClusterRole',
      metadata: { name: 'r', annotations: { [AUTOUPDATE_ANNOTATION]: 'false' } },
      rules: [],
    };
    const storedBinding: ClusterRoleBinding = {
      ...wantedBinding,
      metadata: { name: 'r', annotations: { [AUTOUPDATE_ANNOTATION]: 'false' } },
      subjects: [],
    };
    assert.deepEqual(
      reconcileBootstrapPolicy(
        only({ clusterRoles: [stored], clusterRoleBindings: [storedBinding] }),
        only({ clusterRoles: [wantedRole], clusterRoleBindings: [wantedBinding] }),
      ),
      [],
    );
  });

  it('adds missing subjects to a binding without dropping user-added ones', () => {
    const stored: ClusterRoleBinding = {
      ...wantedBinding,
      metadata: { name: 'r', annotations: { [AUTOUPDATE_ANNOTATION]: 'true' } },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' }],
    };
    const [w] = reconcileBootstrapPolicy(
      only({ clusterRoleBindings: [stored] }),
      only({ clusterRoleBindings: [wantedBinding] }),
    );
    assert.equal(w?.action, 'update');
    assert.deepEqual((w?.object as ClusterRoleBinding).subjects, [
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' },
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'g' },
    ]);
  });

  it('recreates a binding whose roleRef changed', () => {
    const stored: ClusterRoleBinding = {
      ...wantedBinding,
      roleRef: { ...wantedBinding.roleRef, name: 'other' },
    };
    const [w] = reconcileBootstrapPolicy(
      only({ clusterRoleBindings: [stored] }),
      only({ clusterRoleBindings: [wantedBinding] }),
    );
    assert.equal(w?.action, 'recreate');
    assert.equal((w?.object as ClusterRoleBinding).roleRef.name, 'r');
  });

  it('adds missing aggregation selectors and keeps user-added ones (and the aggregated rules)', () => {
    const policy = bootstrapPolicy();
    const view = policy.clusterRoles.find((r) => r.metadata?.name === 'view')!;
    const stored: ClusterRole = {
      ...structuredClone(view),
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { custom: 'true' } }] },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
    };
    const [w] = reconcileBootstrapPolicy(only({ clusterRoles: [stored] }), only({ clusterRoles: [view] }));
    const role = w?.object as ClusterRole;
    assert.deepEqual(role.aggregationRule?.clusterRoleSelectors, [
      { matchLabels: { custom: 'true' } },
      { matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } },
    ]);
    assert.deepEqual(role.rules, stored.rules);
  });
});

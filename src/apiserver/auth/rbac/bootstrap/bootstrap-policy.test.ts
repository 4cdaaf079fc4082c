import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterRole, RoleBinding } from 'kubernetes-types/rbac/v1.js';
import type { UserInfo } from '../../../http/api-request.js';
import { aggregateClusterRole } from '../aggregation.js';
import type { AuthorizationAttributes } from '../authorizer.js';
import { RbacAuthorizer } from '../rbac-authorizer.js';
import { staticRuleSource } from '../rule-source.js';
import { bootstrapPolicy } from './bootstrap-policy.js';
import { AUTOUPDATE_ANNOTATION, BOOTSTRAP_LABEL } from './policy-builders.js';

// What the aggregation controller converges to: repeat until nothing changes (view feeds edit,
// which feeds admin).
function aggregateAll(roles: ClusterRole[]): ClusterRole[] {
  let current = roles.map((r) => structuredClone(r));
  for (let changed = true; changed;) {
    changed = false;
    current = current.map((r) => {
      const result = aggregateClusterRole(r, current);
      if (!result?.ok || !result.changed) return r;
      changed = true;
      return { ...r, rules: result.rules };
    });
  }
  return current;
}

const policy = bootstrapPolicy();
const userBindings: RoleBinding[] = ['view', 'edit', 'admin'].map((role) => ({
  metadata: { namespace: 'default', name: `${role}-user` },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
  subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: `${role}-user` }],
}));
const authz = new RbacAuthorizer({
  source: staticRuleSource({
    clusterRoles: aggregateAll(policy.clusterRoles),
    clusterRoleBindings: policy.clusterRoleBindings,
    roles: policy.roles,
    roleBindings: [...policy.roleBindings, ...userBindings],
  }),
});

function user(name: string, ...groups: string[]): UserInfo {
  return { name, groups: [...groups, 'system:authenticated'] };
}
function can(
  u: UserInfo,
  verb: string,
  resource: string,
  namespace = 'default',
  apiGroup = '',
  subresource = '',
  name = '',
): boolean {
  const attrs: AuthorizationAttributes = {
    user: u,
    verb,
    resource,
    apiGroup,
    subresource,
    namespace,
    name,
    path: '',
    isResourceRequest: true,
  };
  return authz.authorize(attrs).decision === 'allow';
}
function canPath(u: UserInfo, verb: string, path: string): boolean {
  return (
    authz.authorize({
      user: u,
      verb,
      path,
      resource: '',
      apiGroup: '',
      subresource: '',
      namespace: '',
      name: '',
      isResourceRequest: false,
    }).decision === 'allow'
  );
}

describe('bootstrap policy', () => {
  it('view reads workloads but never secrets, and writes nothing', () => {
    const v = user('view-user');
    assert.ok(can(v, 'list', 'pods'));
    assert.ok(can(v, 'get', 'deployments', 'default', 'apps'));
    assert.ok(can(v, 'get', 'pods', 'default', '', 'log', 'p'));
    assert.ok(!can(v, 'get', 'secrets'));
    assert.ok(!can(v, 'list', 'secrets'));
    assert.ok(!can(v, 'create', 'pods'));
    assert.ok(!can(v, 'create', 'pods', 'default', '', 'exec', 'p'));
    assert.ok(!can(v, 'list', 'pods', 'kube-system'));
  });

  it('edit creates deployments and reads secrets, but cannot grant permissions', () => {
    const e = user('edit-user');
    assert.ok(can(e, 'create', 'deployments', 'default', 'apps'));
    assert.ok(can(e, 'patch', 'deployments', 'default', 'apps', 'scale', 'web'));
    assert.ok(can(e, 'get', 'secrets'));
    assert.ok(can(e, 'create', 'pods', 'default', '', 'exec', 'p'));
    assert.ok(can(e, 'list', 'pods'));
    assert.ok(!can(e, 'create', 'rolebindings', 'default', 'rbac.authorization.k8s.io'));
    assert.ok(!can(e, 'update', 'resourcequotas'));
  });

  it('admin can create rolebindings in its namespace', () => {
    const a = user('admin-user');
    assert.ok(can(a, 'create', 'rolebindings', 'default', 'rbac.authorization.k8s.io'));
    assert.ok(can(a, 'create', 'localsubjectaccessreviews', 'default', 'authorization.k8s.io'));
    assert.ok(can(a, 'delete', 'deployments', 'default', 'apps', '', 'web'));
    assert.ok(!can(a, 'create', 'rolebindings', 'other', 'rbac.authorization.k8s.io'));
    assert.ok(!can(a, 'list', 'nodes', ''));
  });

  it('cluster-admin is * on everything, bound to system:masters', () => {
    const ca = policy.clusterRoles.find((r) => r.metadata?.name === 'cluster-admin');
    assert.deepEqual(ca?.rules, [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['*'], verbs: ['*'] },
    ]);
    const b = policy.clusterRoleBindings.find((x) => x.metadata?.name === 'cluster-admin');
    assert.deepEqual(b?.subjects, [
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:masters' },
    ]);
  });

  it('every authenticated user may discover APIs and review itself; anonymous only sees health and version', () => {
    const someone = user('someone');
    assert.ok(canPath(someone, 'get', '/apis/apps/v1'));
    assert.ok(canPath(someone, 'get', '/version'));
    assert.ok(can(someone, 'create', 'selfsubjectaccessreviews', '', 'authorization.k8s.io'));
    assert.ok(can(someone, 'create', 'selfsubjectrulesreviews', '', 'authorization.k8s.io'));
    assert.ok(can(someone, 'create', 'selfsubjectreviews', '', 'authentication.k8s.io'));
    assert.ok(!can(someone, 'list', 'pods'));
    const anon: UserInfo = { name: 'system:anonymous', groups: ['system:unauthenticated'] };
    assert.ok(canPath(anon, 'get', '/healthz'));
    assert.ok(canPath(anon, 'get', '/version'));
    assert.ok(!canPath(anon, 'get', '/api'));
    assert.ok(!canPath(anon, 'get', '/metrics'));
  });

  it('components can do their job and no more', () => {
    const scheduler = user('system:kube-scheduler');
    assert.ok(can(scheduler, 'create', 'pods', 'default', '', 'binding', 'p'));
    assert.ok(can(scheduler, 'update', 'leases', 'kube-system', 'coordination.k8s.io', '', 'kube-scheduler'));
    assert.ok(
      !can(
        scheduler,
        'update',
        'leases',
        'kube-system',
        'coordination.k8s.io',
        '',
        'kube-controller-manager',
      ),
    );
    assert.ok(!can(scheduler, 'delete', 'nodes', '', '', '', 'n1'));
    const kcm = user('system:kube-controller-manager');
    assert.ok(can(kcm, 'watch', 'deployments', '', 'apps'));
    assert.ok(!can(kcm, 'create', 'deployments', 'default', 'apps'));
    const proxy = user('system:kube-proxy');
    assert.ok(can(proxy, 'list', 'endpointslices', '', 'discovery.k8s.io'));
    assert.ok(!can(proxy, 'list', 'secrets', ''));
    const rsController = user(
      'system:serviceaccount:kube-system:replicaset-controller',
      'system:serviceaccounts',
    );
    assert.ok(can(rsController, 'create', 'pods'));
    assert.ok(can(rsController, 'update', 'replicasets', 'default', 'apps', 'status', 'rs'));
    assert.ok(!can(rsController, 'delete', 'nodes', ''));
    assert.ok(canPath(rsController, 'get', '/.well-known/openid-configuration'));
    // system:node is bound to nobody: nodes are the Node authorizer's business.
    assert.ok(!can(user('system:node:n1', 'system:nodes'), 'get', 'nodes', '', '', '', 'n1'));
  });

  it('has a role per controller named in the brief, each bound to its kube-system service account', () => {
    const names = [
      'deployment-controller',
      'replicaset-controller',
      'namespace-controller',
      'generic-garbage-collector',
      'job-controller',
      'cronjob-controller',
      'daemon-set-controller',
      'statefulset-controller',
      'endpoint-controller',
      'endpointslice-controller',
      'endpointslicemirroring-controller',
      'node-controller',
      'pod-garbage-collector',
      'resourcequota-controller',
      'disruption-controller',
      'persistent-volume-binder',
      'pvc-protection-controller',
      'pv-protection-controller',
      'clusterrole-aggregation-controller',
      'horizontal-pod-autoscaler',
      'service-account-controller',
      'root-ca-cert-publisher',
      'ttl-after-finished-controller',
    ];
    for (const n of names) {
      const b = policy.clusterRoleBindings.find((x) => x.metadata?.name === `system:controller:${n}`);
      assert.deepEqual(b?.subjects, [{ kind: 'ServiceAccount', name: n, namespace: 'kube-system' }], n);
      assert.ok(
        policy.clusterRoles.some((r) => r.metadata?.name === `system:controller:${n}`),
        n,
      );
    }
  });

  it('is internally consistent: unique names, bootstrap metadata, every roleRef resolves', () => {
    const all = [
      ...policy.clusterRoles,
      ...policy.clusterRoleBindings,
      ...policy.roles,
      ...policy.roleBindings,
    ];
    for (const o of all) {
      assert.equal(o.metadata?.labels?.[BOOTSTRAP_LABEL], 'rbac-defaults', o.metadata?.name);
      assert.equal(o.metadata?.annotations?.[AUTOUPDATE_ANNOTATION], 'true', o.metadata?.name);
    }
    const key = (o: { kind?: string; metadata?: { namespace?: string; name?: string } }) =>
      `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
    assert.equal(new Set(all.map(key)).size, all.length);
    const clusterRoleNames = new Set(policy.clusterRoles.map((r) => r.metadata?.name));
    for (const b of policy.clusterRoleBindings)
      assert.ok(clusterRoleNames.has(b.roleRef.name), b.roleRef.name);
    for (const b of policy.roleBindings) {
      assert.ok(
        policy.roles.some(
          (r) => r.metadata?.namespace === b.metadata?.namespace && r.metadata?.name === b.roleRef.name,
        ),
        b.roleRef.name,
      );
    }
  });

  it('sorts rule fields as upstream stores them', () => {
    for (const r of [...policy.clusterRoles, ...policy.roles]) {
      for (const rule of r.rules ?? []) {
        for (const list of [
          rule.verbs,
          rule.apiGroups,
          rule.resources,
          rule.resourceNames,
          rule.nonResourceURLs,
        ]) {
          if (list) assert.deepEqual(list, [...list].sort(), r.metadata?.name);
        }
      }
    }
  });
});

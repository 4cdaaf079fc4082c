import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type {
  ClusterRole,
  ClusterRoleBinding,
  Role,
  RoleBinding,
  Subject,
} from 'kubernetes-types/rbac/v1.js';
import type { UserInfo } from '../../http/api-request.js';
import type { AuthorizationAttributes } from './authorizer.js';
import { RbacAuthorizer } from './rbac-authorizer.js';
import { staticRuleSource } from './rule-source.js';

const G = 'rbac.authorization.k8s.io';

function crole(name: string, rules: ClusterRole['rules']): ClusterRole {
  return { metadata: { name }, rules };
}
function role(namespace: string, name: string, rules: Role['rules']): Role {
  return { metadata: { namespace, name }, rules };
}
function crb(name: string, roleName: string, subjects: Subject[]): ClusterRoleBinding {
  return { metadata: { name }, roleRef: { apiGroup: G, kind: 'ClusterRole', name: roleName }, subjects };
}
function rb(
  namespace: string,
  name: string,
  kind: 'Role' | 'ClusterRole',
  roleName: string,
  subjects: Subject[],
): RoleBinding {
  return { metadata: { namespace, name }, roleRef: { apiGroup: G, kind, name: roleName }, subjects };
}
const userS = (name: string): Subject => ({ apiGroup: G, kind: 'User', name });
const groupS = (name: string): Subject => ({ apiGroup: G, kind: 'Group', name });
const saS = (name: string, namespace?: string): Subject => ({
  kind: 'ServiceAccount',
  name,
  ...(namespace ? { namespace } : {}),
});

function attrs(
  user: UserInfo,
  verb: string,
  resource: string,
  namespace: string,
  extra: Partial<AuthorizationAttributes> = {},
): AuthorizationAttributes {
  return {
    user,
    verb,
    resource,
    namespace,
    apiGroup: '',
    subresource: '',
    name: '',
    path: '',
    isResourceRequest: true,
    ...extra,
  };
}

const jane: UserInfo = { name: 'jane', groups: ['system:authenticated'] };
const devs: UserInfo = { name: 'bob', groups: ['devs', 'system:authenticated'] };
const sa: UserInfo = {
  name: 'system:serviceaccount:team:builder',
  groups: ['system:serviceaccounts', 'system:serviceaccounts:team', 'system:authenticated'],
};

const podReader = crole('pod-reader', [
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
]);
const source = staticRuleSource({
  clusterRoles: [
    podReader,
    crole('node-viewer', [{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list'] }]),
    crole('health', [{ nonResourceURLs: ['/healthz', '/logs/*'], verbs: ['get'] }]),
  ],
  roles: [
    role('team', 'cm-editor', [
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['settings'], verbs: ['get', 'update'] },
    ]),
  ],
  clusterRoleBindings: [
    crb('jane-nodes', 'node-viewer', [userS('jane')]),
    crb('everyone-health', 'health', [groupS('system:authenticated')]),
    crb('dangling', 'does-not-exist', [userS('carol')]),
    // A ServiceAccount subject without a namespace never matches from a ClusterRoleBinding.
    crb('sa-no-ns', 'pod-reader', [saS('builder')]),
  ],
  roleBindings: [
    rb('default', 'jane-pods', 'ClusterRole', 'pod-reader', [userS('jane')]),
    rb('team', 'devs-pods', 'ClusterRole', 'pod-reader', [groupS('devs')]),
    rb('team', 'builder-cm', 'Role', 'cm-editor', [saS('builder')]),
    rb('other', 'builder-elsewhere', 'ClusterRole', 'pod-reader', [saS('builder', 'team')]),
    rb('team', 'all-sas', 'ClusterRole', 'node-viewer', [groupS('system:serviceaccounts:team')]),
    rb('team', 'missing-role', 'Role', 'gone', [groupS('devs')]),
  ],
});
const authz = new RbacAuthorizer({ source });

describe('RbacAuthorizer.authorize', () => {
  const cases: [string, AuthorizationAttributes, 'allow' | 'no-opinion'][] = [
    ['User subject via RoleBinding to a ClusterRole', attrs(jane, 'list', 'pods', 'default'), 'allow'],
    ['RoleBinding applies only in its namespace', attrs(jane, 'list', 'pods', 'team'), 'no-opinion'],
    ['RoleBindings do not grant at cluster scope', attrs(jane, 'list', 'pods', ''), 'no-opinion'],
    ['verb outside the role', attrs(jane, 'delete', 'pods', 'default'), 'no-opinion'],
    ['ClusterRoleBinding grants cluster-wide', attrs(jane, 'get', 'nodes', '', { name: 'n1' }), 'allow'],
    ['ClusterRoleBinding grants in every namespace too', attrs(jane, 'list', 'nodes', 'default'), 'allow'],
    ['Group subject', attrs(devs, 'watch', 'pods', 'team'), 'allow'],
    [
      'ServiceAccount subject defaults to the binding namespace',
      attrs(sa, 'get', 'configmaps', 'team', { name: 'settings' }),
      'allow',
    ],
    ['resourceNames restrict', attrs(sa, 'get', 'configmaps', 'team', { name: 'other' }), 'no-opinion'],
    ['ServiceAccount with explicit namespace, bound elsewhere', attrs(sa, 'list', 'pods', 'other'), 'allow'],
    [
      'SA without namespace in a ClusterRoleBinding matches nobody',
      attrs(sa, 'list', 'pods', ''),
      'no-opinion',
    ],
    ['system:serviceaccounts:<ns> group', attrs(sa, 'list', 'nodes', 'team'), 'allow'],
    [
      'non-resource exact',
      { ...attrs(jane, 'get', '', ''), isResourceRequest: false, path: '/healthz' },
      'allow',
    ],
    [
      'non-resource prefix',
      { ...attrs(jane, 'get', '', ''), isResourceRequest: false, path: '/logs/kubelet' },
      'allow',
    ],
    [
      'non-resource other path',
      { ...attrs(jane, 'get', '', ''), isResourceRequest: false, path: '/metrics' },
      'no-opinion',
    ],
    [
      'system:masters needs no binding',
      attrs({ name: 'admin', groups: ['system:masters'] }, 'delete', 'nodes', ''),
      'allow',
    ],
  ];
  for (const [name, a, want] of cases) {
    it(name, () => assert.equal(authz.authorize(a).decision, want));
  }

  it('names the granting binding in the allow reason', () => {
    assert.equal(
      authz.authorize(attrs(jane, 'list', 'pods', 'default')).reason,
      'RBAC: allowed by RoleBinding "jane-pods/default" of ClusterRole "pod-reader" to User "jane"',
    );
    assert.equal(
      authz.authorize(attrs(jane, 'get', 'nodes', '')).reason,
      'RBAC: allowed by ClusterRoleBinding "jane-nodes" of ClusterRole "node-viewer" to User "jane"',
    );
    assert.equal(
      authz.authorize(attrs(sa, 'get', 'configmaps', 'team', { name: 'settings' })).reason,
      'RBAC: allowed by RoleBinding "builder-cm/team" of Role "cm-editor" to ServiceAccount "builder/team"',
    );
  });

  it('gives no reason for a plain lack of rules', () => {
    assert.deepEqual(authz.authorize(attrs(jane, 'delete', 'pods', 'default')), {
      decision: 'no-opinion',
      reason: '',
    });
  });

  it('reports bindings to missing roles, with the lister wording', () => {
    const carol: UserInfo = { name: 'carol', groups: [] };
    assert.deepEqual(authz.authorize(attrs(carol, 'get', 'pods', '')), {
      decision: 'no-opinion',
      reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "does-not-exist" not found',
    });
    assert.equal(
      authz.authorize(attrs(devs, 'delete', 'pods', 'team')).reason,
      'RBAC: role.rbac.authorization.k8s.io "gone" not found',
    );
    const both: UserInfo = { name: 'carol', groups: ['devs'] };
    assert.equal(
      authz.authorize(attrs(both, 'delete', 'pods', 'team')).reason,
      'RBAC: [clusterrole.rbac.authorization.k8s.io "does-not-exist" not found, role.rbac.authorization.k8s.io "gone" not found]',
    );
  });

  it('a missing role does not stop other bindings from allowing', () => {
    assert.equal(
      authz.authorize(attrs({ name: 'bob', groups: ['devs'] }, 'get', 'pods', 'team')).decision,
      'allow',
    );
  });
});

describe('RbacAuthorizer.rulesFor', () => {
  it('lists cluster-wide and namespace rules, split by kind', () => {
    const r = authz.rulesFor(jane, 'default');
    assert.deepEqual(r.resourceRules, [
      { verbs: ['get', 'list'], apiGroups: [''], resources: ['nodes'], resourceNames: [] },
      { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods'], resourceNames: [] },
    ]);
    assert.deepEqual(r.nonResourceRules, [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/logs/*'] }]);
    assert.equal(r.incomplete, false);
    assert.equal(r.evaluationError, '');
  });

  it('keeps resource names', () => {
    const r = authz.rulesFor(sa, 'team');
    assert.ok(
      r.resourceRules.some(
        (x) =>
          x.resources[0] === 'configmaps' &&
          x.resourceNames[0] === 'settings' &&
          x.verbs.join() === 'get,update',
      ),
    );
  });

  it('reports unresolvable bindings as the evaluation error', () => {
    const r = authz.rulesFor({ name: 'carol', groups: ['devs', 'system:authenticated'] }, 'team');
    assert.equal(
      r.evaluationError,
      '[clusterrole.rbac.authorization.k8s.io "does-not-exist" not found, role.rbac.authorization.k8s.io "gone" not found]',
    );
    assert.equal(r.resourceRules.length, 1);
  });
});

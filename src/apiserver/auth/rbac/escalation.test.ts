import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-types/rbac/v1.js';
import type { UserInfo } from '../../http/api-request.js';
import {
  checkBindingWrite,
  checkRoleWrite,
  confirmNoEscalation,
  type EscalationContext,
} from './escalation.js';
import { staticRuleSource } from './rule-source.js';

const G = 'rbac.authorization.k8s.io';
const jane: UserInfo = { name: 'jane', groups: ['system:authenticated'] };
const escalator: UserInfo = { name: 'esc', groups: ['system:authenticated'] };
const binder: UserInfo = { name: 'binder', groups: ['system:authenticated'] };

const clusterRoles: ClusterRole[] = [
  {
    metadata: { name: 'pods-rw' },
    rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'create'] }],
  },
  {
    metadata: { name: 'secrets-r' },
    rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }],
  },
  {
    metadata: { name: 'escalate-roles' },
    rules: [{ apiGroups: [G], resources: ['roles'], verbs: ['escalate'] }],
  },
  {
    metadata: { name: 'bind-secrets-r' },
    rules: [{ apiGroups: [G], resources: ['clusterroles'], resourceNames: ['secrets-r'], verbs: ['bind'] }],
  },
];
const roles: Role[] = [];
const clusterRoleBindings: ClusterRoleBinding[] = [];
const roleBindings: RoleBinding[] = [
  {
    metadata: { namespace: 'dev', name: 'jane' },
    roleRef: { apiGroup: G, kind: 'ClusterRole', name: 'pods-rw' },
    subjects: [{ kind: 'User', name: 'jane' }],
  },
  {
    metadata: { namespace: 'dev', name: 'esc' },
    roleRef: { apiGroup: G, kind: 'ClusterRole', name: 'escalate-roles' },
    subjects: [{ kind: 'User', name: 'esc' }],
  },
  {
    metadata: { namespace: 'dev', name: 'binder' },
    roleRef: { apiGroup: G, kind: 'ClusterRole', name: 'bind-secrets-r' },
    subjects: [{ kind: 'User', name: 'binder' }],
  },
  {
    metadata: { namespace: 'dev', name: 'dangling' },
    roleRef: { apiGroup: G, kind: 'Role', name: 'gone' },
    subjects: [{ kind: 'User', name: 'jane' }],
  },
];
const source = staticRuleSource({ clusterRoles, roles, clusterRoleBindings, roleBindings });
const ctx = (user: UserInfo): EscalationContext => ({ source, user });

describe('checkRoleWrite', () => {
  it('allows granting rules the user holds in that namespace', () => {
    const err = checkRoleWrite(ctx(jane), {
      kind: 'Role',
      operation: 'create',
      namespace: 'dev',
      name: 'r',
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
    });
    assert.equal(err, undefined);
  });

  it('refuses rules not held, with upstream message (sorted, compacted lines, resolution errors)', () => {
    const err = checkRoleWrite(ctx(jane), {
      kind: 'Role',
      operation: 'create',
      namespace: 'dev',
      name: 'r',
      rules: [
        { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] },
        { apiGroups: ['apps'], resources: ['deployments'], verbs: ['create'] },
        { apiGroups: [''], resources: ['pods'], verbs: ['get', 'delete'] },
      ],
    });
    assert.ok(err);
    assert.equal(err.code, 403);
    assert.equal(
      err.message,
      'roles.rbac.authorization.k8s.io "r" is forbidden: user "jane" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}\n' +
        '{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}\n' +
        '{APIGroups:["apps"], Resources:["deployments"], Verbs:["create"]}' +
        '; resolution errors: [role.rbac.authorization.k8s.io "gone" not found]',
    );
  });

  it('permissions held in one namespace do not count in another, nor cluster-wide', () => {
    const rules = [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }];
    assert.ok(
      checkRoleWrite(ctx(jane), { kind: 'Role', operation: 'create', namespace: 'prod', name: 'r', rules }),
    );
    const err = checkRoleWrite(ctx(jane), {
      kind: 'ClusterRole',
      operation: 'create',
      namespace: '',
      name: 'c',
      rules,
    });
    assert.match(
      err?.message ?? '',
      /^clusterroles\.rbac\.authorization\.k8s\.io "c" is forbidden: user "jane"/,
    );
  });

  it('the escalate verb on the role resource allows anything', () => {
    const rules = [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }];
    assert.equal(
      checkRoleWrite(ctx(escalator), {
        kind: 'Role',
        operation: 'create',
        namespace: 'dev',
        name: 'r',
        rules,
      }),
      undefined,
    );
    assert.ok(
      checkRoleWrite(ctx(escalator), {
        kind: 'Role',
        operation: 'create',
        namespace: 'prod',
        name: 'r',
        rules,
      }),
    );
  });

  it('system:masters skips the check', () => {
    const admin = { name: 'admin', groups: ['system:masters'] };
    const rules = [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }];
    assert.equal(
      checkRoleWrite(ctx(admin), {
        kind: 'ClusterRole',
        operation: 'create',
        namespace: '',
        name: 'c',
        rules,
      }),
      undefined,
    );
  });

  it('an aggregationRule needs full authority', () => {
    const err = checkRoleWrite(ctx(jane), {
      kind: 'ClusterRole',
      operation: 'create',
      namespace: '',
      name: 'agg',
      rules: [],
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: 'b' } }] },
    });
    assert.equal(
      err?.message,
      'clusterroles.rbac.authorization.k8s.io "agg" is forbidden: must have cluster-admin privileges to use the aggregationRule',
    );
  });

  it('an update touching only GC fields passes', () => {
    const old: ClusterRole = {
      metadata: { name: 'c', resourceVersion: '5' },
      rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
    };
    const updated: ClusterRole = {
      ...old,
      metadata: { ...old.metadata, finalizers: ['x'], ownerReferences: [] },
    };
    const write = {
      kind: 'ClusterRole' as const,
      operation: 'update' as const,
      namespace: '',
      name: 'c',
      rules: updated.rules ?? [],
      old,
      updated,
    };
    assert.equal(checkRoleWrite(ctx(jane), write), undefined);
    const relabelled: ClusterRole = { ...old, metadata: { ...old.metadata, labels: { x: 'y' } } };
    assert.ok(checkRoleWrite(ctx(jane), { ...write, updated: relabelled }));
  });
});

describe('checkBindingWrite', () => {
  const binding = (roleName: string, kind: 'Role' | 'ClusterRole' = 'ClusterRole') => ({
    kind: 'RoleBinding' as const,
    operation: 'create' as const,
    namespace: 'dev',
    name: 'b',
    roleRef: { apiGroup: G, kind, name: roleName },
  });

  it('allows binding a role whose permissions the user holds', () => {
    assert.equal(checkBindingWrite(ctx(jane), binding('pods-rw')), undefined);
  });

  it('refuses binding a role with more than the user holds', () => {
    const err = checkBindingWrite(ctx(jane), binding('secrets-r'));
    assert.equal(
      err?.message,
      'rolebindings.rbac.authorization.k8s.io "b" is forbidden: user "jane" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}' +
        '; resolution errors: [role.rbac.authorization.k8s.io "gone" not found]',
    );
  });

  it('the bind verb on that role allows it, only in that namespace and for that name', () => {
    assert.equal(checkBindingWrite(ctx(binder), binding('secrets-r')), undefined);
    assert.ok(checkBindingWrite(ctx(binder), { ...binding('secrets-r'), namespace: 'prod' }));
    assert.ok(checkBindingWrite(ctx(binder), binding('pods-rw')));
  });

  it('a missing role is a 404 in the registry wording', () => {
    const err = checkBindingWrite(ctx(jane), binding('nope'));
    assert.equal(err?.code, 404);
    assert.equal(err?.message, 'clusterroles.rbac.authorization.k8s.io "nope" not found');
  });

  it('ClusterRoleBindings are checked against cluster-wide permissions', () => {
    const err = checkBindingWrite(ctx(jane), {
      ...binding('pods-rw'),
      kind: 'ClusterRoleBinding',
      namespace: '',
    });
    assert.match(err?.message ?? '', /^clusterrolebindings\.rbac\.authorization\.k8s\.io "b" is forbidden/);
  });
});

describe('confirmNoEscalation', () => {
  it('is undefined when covered', () => {
    assert.equal(
      confirmNoEscalation(source, jane, 'dev', [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }]),
      undefined,
    );
  });
});

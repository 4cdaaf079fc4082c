import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RbacAuthorizer } from '../rbac-authorizer.js';
import { staticRuleSource } from '../rule-source.js';
import { bootstrapPolicy } from './bootstrap-policy.js';

const policy = bootstrapPolicy();
const authz = new RbacAuthorizer({
  source: staticRuleSource({
    clusterRoles: policy.clusterRoles,
    clusterRoleBindings: policy.clusterRoleBindings,
    roles: policy.roles,
    roleBindings: policy.roleBindings,
  }),
});
// What the apiserver's client certificate authenticates as at a kubelet (no groups).
const apiserver = { name: 'kube-apiserver-kubelet-client', groups: ['system:authenticated'] };

function can(verb: string, resource: string, subresource = '', namespace = ''): boolean {
  return (
    authz.authorize({
      user: apiserver,
      verb,
      apiGroup: '',
      resource,
      subresource,
      namespace,
      name: 'n1',
      path: '',
      isResourceRequest: true,
    }).decision === 'allow'
  );
}

test("the apiserver's kubelet client may use the whole kubelet API, as the kubelet's SubjectAccessReviews ask", () => {
  for (const sub of ['proxy', 'log', 'stats', 'metrics']) {
    assert.ok(can('create', 'nodes', sub), `create nodes/${sub}`);
    assert.ok(can('get', 'nodes', sub), `get nodes/${sub}`);
  }
  assert.ok(can('get', 'nodes'));
});

test('and nothing beyond it', () => {
  assert.ok(!can('get', 'secrets', '', 'default'));
  assert.ok(!can('create', 'pods', 'exec', 'default'));
  assert.ok(!can('delete', 'nodes'));
});

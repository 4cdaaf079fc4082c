import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AuthorizationAttributes } from './authorizer.js';
import { forbiddenError, forbiddenMessage, forbiddenStatusMessage } from './forbidden-message.js';

const jane = { name: 'jane', groups: ['system:authenticated'] };

function req(
  verb: string,
  resource: string,
  extra: Partial<AuthorizationAttributes> = {},
): AuthorizationAttributes {
  return {
    user: jane,
    verb,
    resource,
    apiGroup: '',
    subresource: '',
    name: '',
    namespace: '',
    path: '',
    isResourceRequest: true,
    ...extra,
  };
}

describe('forbiddenMessage', () => {
  it('namespaced list', () => {
    assert.equal(
      forbiddenMessage(req('list', 'pods', { namespace: 'default' })),
      'User "jane" cannot list resource "pods" in API group "" in the namespace "default"',
    );
  });
  it('cluster scope', () => {
    assert.equal(
      forbiddenMessage(req('list', 'nodes')),
      'User "jane" cannot list resource "nodes" in API group "" at the cluster scope',
    );
  });
  it('a named object reads the same (the name is not part of it)', () => {
    assert.equal(
      forbiddenMessage(req('get', 'pods', { namespace: 'default', name: 'x' })),
      'User "jane" cannot get resource "pods" in API group "" in the namespace "default"',
    );
  });
  it('subresource and group', () => {
    assert.equal(
      forbiddenMessage(req('create', 'pods', { namespace: 'default', name: 'x', subresource: 'exec' })),
      'User "jane" cannot create resource "pods/exec" in API group "" in the namespace "default"',
    );
    assert.equal(
      forbiddenMessage(req('create', 'deployments', { namespace: 'prod', apiGroup: 'apps' })),
      'User "jane" cannot create resource "deployments" in API group "apps" in the namespace "prod"',
    );
  });
  it('non-resource path', () => {
    assert.equal(
      forbiddenMessage(req('get', '', { isResourceRequest: false, path: '/foo' })),
      'User "jane" cannot get path "/foo"',
    );
  });
  it('service account user names are quoted as they are', () => {
    const sa = { name: 'system:serviceaccount:default:default', groups: [] };
    assert.equal(
      forbiddenMessage({ ...req('list', 'secrets', { namespace: 'kube-system' }), user: sa }),
      'User "system:serviceaccount:default:default" cannot list resource "secrets" in API group "" in the namespace "kube-system"',
    );
  });
});

describe('forbiddenStatusMessage', () => {
  it('list: "<resource> is forbidden"', () => {
    assert.equal(
      forbiddenStatusMessage(req('list', 'pods', { namespace: 'default' })),
      'pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"',
    );
  });
  it('named: `<resource> "<name>" is forbidden`, group-qualified, without the subresource', () => {
    assert.equal(
      forbiddenStatusMessage(req('get', 'pods', { namespace: 'default', name: 'x' })),
      'pods "x" is forbidden: User "jane" cannot get resource "pods" in API group "" in the namespace "default"',
    );
    assert.equal(
      forbiddenStatusMessage(
        req('update', 'deployments', { namespace: 'p', name: 'web', apiGroup: 'apps', subresource: 'scale' }),
      ),
      'deployments.apps "web" is forbidden: User "jane" cannot update resource "deployments/scale" in API group "apps" in the namespace "p"',
    );
  });
  it('non-resource: "forbidden: ..."', () => {
    assert.equal(
      forbiddenStatusMessage(req('get', '', { isResourceRequest: false, path: '/metrics' })),
      'forbidden: User "jane" cannot get path "/metrics"',
    );
  });
  it('appends the authorizer reason after a colon', () => {
    assert.equal(
      forbiddenStatusMessage(
        req('list', 'pods', { namespace: 'default' }),
        'RBAC: clusterrole.rbac.authorization.k8s.io "x" not found',
      ),
      'pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default": ' +
        'RBAC: clusterrole.rbac.authorization.k8s.io "x" not found',
    );
  });
  it('escapes HTML-looking characters of the message, not of the reason', () => {
    assert.equal(
      forbiddenStatusMessage(req('get', '', { isResourceRequest: false, path: '/a<b>&c' }), 'x<y'),
      'forbidden: User "jane" cannot get path "/a&lt;b&gt;&amp;c": x<y',
    );
  });
});

describe('forbiddenError', () => {
  it('is a 403 Forbidden Status with upstream details', () => {
    const err = forbiddenError(req('get', 'pods', { namespace: 'default', name: 'x' }));
    assert.equal(err.code, 403);
    assert.equal(err.status.reason, 'Forbidden');
    assert.deepEqual(err.status.details, { name: 'x', kind: 'pods' });
  });
});

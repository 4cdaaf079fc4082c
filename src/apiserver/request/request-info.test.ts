import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRequestInfo } from './request-info.js';

describe('parseRequestInfo', () => {
  it('decodes percent-escaped names, as upstream sees the decoded path', () => {
    const info = parseRequestInfo(
      'GET',
      '/apis/rbac.authorization.k8s.io/v1/namespaces/kube-public/roles/k8ts%3Abootstrap-signer-clusterinfo',
      new URLSearchParams(),
    );
    assert.deepEqual(
      [info.namespace, info.resource, info.name, info.verb],
      ['kube-public', 'roles', 'k8ts:bootstrap-signer-clusterinfo', 'get'],
    );
  });

  it('keeps a malformed escape as it is', () => {
    assert.equal(parseRequestInfo('GET', '/api/v1/nodes/a%zz', new URLSearchParams()).name, 'a%zz');
  });
});

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ClusterRole, ClusterRoleBinding } from 'kubernetes-types/rbac/v1.js';
import { generateTestRequest, requestField } from '../../../api/certificates/testing/test-requests.js';
import type { KubeObject } from '../../../api/object.js';
import { RbacAuthorizer } from '../../auth/rbac/rbac-authorizer.js';
import { staticRuleSource } from '../../auth/rbac/rule-source.js';
import { certificateApproval } from './certificate-approval.js';
import { certificateSigning } from './certificate-signing.js';
import { certificateSubjectRestriction } from './certificate-subject-restriction.js';
import { testAttributes } from './test-attributes.js';

function signerRole(name: string, verb: string, signer: string): ClusterRole {
  return {
    metadata: { name },
    rules: [
      { apiGroups: ['certificates.k8s.io'], resources: ['signers'], resourceNames: [signer], verbs: [verb] },
    ],
  };
}
function bindUser(role: string, user: string): ClusterRoleBinding {
  return {
    metadata: { name: `${role}-${user}` },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
  };
}

const authorizer = new RbacAuthorizer({
  source: staticRuleSource({
    clusterRoles: [
      signerRole('client-approver', 'approve', 'kubernetes.io/kube-apiserver-client'),
      signerRole('example-signer', 'sign', 'example.com/*'),
    ],
    clusterRoleBindings: [bindUser('client-approver', 'alice'), bindUser('example-signer', 'carol')],
  }),
});

const csr = (signerName: string, status: object = {}): KubeObject => ({
  metadata: { name: 'req' },
  spec: { signerName, usages: ['client auth'] },
  status,
});
const attrs = (user: string, subresource: string, operation: 'CREATE' | 'UPDATE' = 'UPDATE') =>
  testAttributes({
    group: 'certificates.k8s.io',
    resource: 'certificatesigningrequests',
    namespaced: false,
    namespace: '',
    name: 'req',
    operation,
    subresource,
    user: { name: user, groups: ['system:authenticated'] },
  });

describe('CertificateApproval', () => {
  const plugin = certificateApproval({ authorizer });
  const approved = { conditions: [{ type: 'Approved', status: 'True' }] };

  it('lets a user approve for the signers they may approve', async () => {
    const old = csr('kubernetes.io/kube-apiserver-client');
    await plugin.validate!(
      attrs('alice', 'approval'),
      csr('kubernetes.io/kube-apiserver-client', approved),
      old,
    );
  });

  it('refuses other users and other signers with upstream message', async () => {
    const old = csr('kubernetes.io/kubelet-serving');
    await assert.rejects(
      plugin.validate!(attrs('alice', 'approval'), csr('kubernetes.io/kubelet-serving', approved), old),
      {
        message:
          'certificatesigningrequests.certificates.k8s.io "req" is forbidden: user not permitted to approve requests with signerName "kubernetes.io/kubelet-serving"',
      },
    );
    await assert.rejects(
      plugin.validate!(
        attrs('bob', 'approval'),
        csr('kubernetes.io/kube-apiserver-client', approved),
        csr('kubernetes.io/kube-apiserver-client'),
      ),
      /user not permitted to approve requests/,
    );
  });

  it('ignores writes other than approval', async () => {
    await plugin.validate!(attrs('bob', ''), csr('x.io/y', approved), csr('x.io/y'));
  });
});

describe('CertificateSigning', () => {
  const plugin = certificateSigning({ authorizer });
  const issued = { certificate: 'Y2VydA==' };

  it('needs sign on the signer, or on its domain with "<domain>/*"', async () => {
    await plugin.validate!(
      attrs('carol', 'status'),
      csr('example.com/issuer', issued),
      csr('example.com/issuer'),
    );
    await assert.rejects(
      plugin.validate!(
        attrs('alice', 'status'),
        csr('example.com/issuer', issued),
        csr('example.com/issuer'),
      ),
      {
        message:
          'certificatesigningrequests.certificates.k8s.io "req" is forbidden: user not permitted to sign requests with signerName "example.com/issuer"',
      },
    );
  });

  it('lets status writes that change neither certificate nor conditions through', async () => {
    await plugin.validate!(
      attrs('alice', 'status'),
      csr('example.com/issuer', issued),
      csr('example.com/issuer', issued),
    );
  });
});

describe('CertificateSubjectRestriction', () => {
  const plugin = certificateSubjectRestriction();
  let masters = '';
  let developers = '';
  before(async () => {
    masters = requestField(
      (await generateTestRequest({ commonName: 'mallory', organizations: ['system:masters'] })).pem,
    );
    developers = requestField(
      (await generateTestRequest({ commonName: 'dana', organizations: ['dev'] })).pem,
    );
  });
  const request = (signerName: string, req: string): KubeObject => ({
    metadata: { name: 'req' },
    spec: { signerName, request: req, usages: ['client auth'] },
  });

  it('rejects system:masters for the kube-apiserver-client signer', async () => {
    await assert.rejects(
      plugin.validate!(
        attrs('eve', '', 'CREATE'),
        request('kubernetes.io/kube-apiserver-client', masters),
        undefined,
      ),
      {
        message:
          'certificatesigningrequests.certificates.k8s.io "req" is forbidden: use of kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed',
      },
    );
  });

  it('allows other groups and other signers', async () => {
    await plugin.validate!(
      attrs('eve', '', 'CREATE'),
      request('kubernetes.io/kube-apiserver-client', developers),
      undefined,
    );
    await plugin.validate!(attrs('eve', '', 'CREATE'), request('example.com/issuer', masters), undefined);
  });

  it('reports a request it cannot parse', async () => {
    await assert.rejects(
      plugin.validate!(
        attrs('eve', '', 'CREATE'),
        request('kubernetes.io/kube-apiserver-client', 'bm8='),
        undefined,
      ),
      {
        message:
          'certificatesigningrequests.certificates.k8s.io "req" is forbidden: failed to parse CSR: PEM block type must be CERTIFICATE REQUEST',
      },
    );
  });
});

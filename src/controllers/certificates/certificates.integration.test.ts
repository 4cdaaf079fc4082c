// The certificates controllers against a real apiserver: csrsigning issues certificates from the
// cluster CA that then authenticate, and fails requests its signer refuses; csrapproving approves
// kubelet client requests only after a SubjectAccessReview; csrcleaner removes old requests.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SelfSubjectReview } from 'kubernetes-types/authentication/v1.js';
import type { CertificateSigningRequest } from 'kubernetes-types/certificates/v1.js';
import type { ClusterRoleBinding } from 'kubernetes-types/rbac/v1.js';
import { X509Certificate } from '@peculiar/x509';
import {
  generateTestRequest,
  requestField,
  type TestRequestOptions,
} from '../../api/certificates/testing/test-requests.js';
import { itemPath, resourceTarget, type KubeClient } from '../../client/index.js';
import { isStatusError } from '../../machinery/errors/index.js';
import { csrApprovingDescriptor, csrCleanerDescriptor, csrSigningDescriptor } from './index.js';
import { certificateSigningRequestsResource } from './csr-resources.js';
import { CsrTestCluster } from './testing/csr-test-cluster.js';

const hour = 60 * 60 * 1000;

describe('certificates controllers', () => {
  let cluster: CsrTestCluster;
  const csrs = (client: KubeClient = cluster.admin) =>
    client.resource<CertificateSigningRequest>(certificateSigningRequestsResource);

  before(async () => {
    cluster = await CsrTestCluster.start();
    await cluster.startControllers([
      csrSigningDescriptor(cluster.caFiles),
      csrApprovingDescriptor,
      csrCleanerDescriptor,
    ]);
  });
  after(async () => {
    await cluster?.close();
  });

  async function submit(
    name: string,
    subject: TestRequestOptions,
    spec: Partial<CertificateSigningRequest['spec']>,
    client?: KubeClient,
  ): Promise<{ keyPem: string }> {
    const request = await generateTestRequest(subject);
    await csrs(client).create({
      apiVersion: 'certificates.k8s.io/v1',
      kind: 'CertificateSigningRequest',
      metadata: { name },
      spec: {
        request: requestField(request.pem),
        signerName: 'kubernetes.io/kube-apiserver-client',
        usages: ['digital signature', 'client auth'],
        ...spec,
      },
    });
    return { keyPem: request.keyPem };
  }

  // What `kubectl certificate approve|deny` sends: the approval subresource with one more condition.
  async function decide(name: string, type: 'Approved' | 'Denied'): Promise<void> {
    const csr = await csrs().get(name);
    csr.status = {
      ...csr.status,
      conditions: [
        ...(csr.status?.conditions ?? []),
        { type, status: 'True', reason: 'Test', message: 'by test' },
      ],
    };
    await cluster.admin.request({
      method: 'PUT',
      path: itemPath(resourceTarget(certificateSigningRequestsResource), undefined, name, 'approval'),
      body: csr,
    });
  }

  const conditionTypes = (csr: CertificateSigningRequest) =>
    (csr.status?.conditions ?? []).map((c) => c.type);

  it('signs an approved kube-apiserver-client request; the certificate authenticates as its subject', async () => {
    const { keyPem } = await submit(
      'bob',
      { commonName: 'bob', organizations: ['dev'] },
      { expirationSeconds: 3600 },
    );
    await cluster.until(async () => assert.deepEqual(conditionTypes(await csrs().get('bob')), []));
    await decide('bob', 'Approved');
    const issued = await cluster.until(async () => {
      const csr = await csrs().get('bob');
      assert.ok(csr.status?.certificate);
      return csr;
    });
    const pem = Buffer.from(issued.status!.certificate!, 'base64').toString();
    const cert = new X509Certificate(pem);
    // expirationSeconds is honoured (short certificates are not backdated at the end).
    assert.ok(Math.abs(cert.notAfter.getTime() - cert.notBefore.getTime() - hour - 5 * 60_000) < 2000);
    const bob = cluster.clientWith(pem, keyPem);
    const review = await bob
      .resource<SelfSubjectReview>({
        group: 'authentication.k8s.io',
        version: 'v1',
        resource: 'selfsubjectreviews',
      })
      .create({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
    assert.equal(review.status?.userInfo?.username, 'bob');
    assert.deepEqual(review.status?.userInfo?.groups, ['dev', 'system:authenticated']);
  });

  it('leaves pending and denied requests unsigned', async () => {
    await submit('pending', { commonName: 'p' }, {});
    await submit('denied', { commonName: 'd' }, {});
    await decide('denied', 'Denied');
    await submit('approved-after', { commonName: 'a' }, {});
    await decide('approved-after', 'Approved');
    // Once a later request is issued, the earlier ones have certainly been looked at.
    await cluster.until(async () => assert.ok((await csrs().get('approved-after')).status?.certificate));
    assert.equal((await csrs().get('pending')).status?.certificate, undefined);
    assert.equal((await csrs().get('denied')).status?.certificate, undefined);
  });

  it('marks requests its signer refuses Failed instead of signing them', async () => {
    await submit('server-usage', { commonName: 'x' }, { usages: ['server auth'] });
    await decide('server-usage', 'Approved');
    const failed = await cluster.until(async () => {
      const csr = await csrs().get('server-usage');
      const condition = csr.status?.conditions?.find((c) => c.type === 'Failed');
      assert.ok(condition);
      return condition;
    });
    assert.equal(failed.reason, 'SignerValidationFailure');
    assert.equal(failed.message, 'invalid usage for client certificate: server auth');
    await submit(
      'serving-no-sans',
      { commonName: 'system:node:n1', organizations: ['system:nodes'] },
      { signerName: 'kubernetes.io/kubelet-serving', usages: ['digital signature', 'server auth'] },
    );
    await decide('serving-no-sans', 'Approved');
    await cluster.until(async () => {
      const csr = await csrs().get('serving-no-sans');
      assert.equal(
        csr.status?.conditions?.find((c) => c.type === 'Failed')?.message,
        'DNS or IP subjectAltName is required',
      );
      assert.equal(csr.status?.certificate, undefined);
    });
  });

  it('auto-approves and signs a node client request once the node may create selfnodeclient', async () => {
    const clientUsages = ['digital signature', 'client auth'];
    const nodeSubject = { commonName: 'system:node:n1', organizations: ['system:nodes'] };
    const signer = { signerName: 'kubernetes.io/kube-apiserver-client-kubelet', usages: clientUsages };
    const node = await cluster.clientAs('system:node:n1', ['system:nodes']);
    const bindings = cluster.admin.resource<ClusterRoleBinding>({
      group: 'rbac.authorization.k8s.io',
      version: 'v1',
      resource: 'clusterrolebindings',
    });
    const bind = (name: string, role: string) =>
      bindings.create({
        metadata: { name },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:nodes' }],
      });
    await bind('nodes-may-request', 'system:node-bootstrapper');
    // Without the selfnodeclient permission the request stays pending.
    await submit('node-early', nodeSubject, signer, node);
    await sleep(300);
    assert.deepEqual(conditionTypes(await csrs().get('node-early')), []);
    await bind('nodes-renew', 'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient');
    await submit('node-late', nodeSubject, signer, node);
    const late = await cluster.until(async () => {
      const csr = await csrs().get('node-late');
      assert.ok(csr.status?.certificate);
      return csr;
    });
    assert.deepEqual(
      late.status?.conditions?.map((c) => [c.type, c.reason, c.message]),
      [
        [
          'Approved',
          'AutoApproved',
          'Auto approving self kubelet client certificate after SubjectAccessReview.',
        ],
      ],
    );
    // A request the requestor's identity does not match is not "self"; a kube-apiserver-client one never is.
    await submit('not-a-node', { commonName: 'bob' }, {}, node);
    // The early request is retried with backoff and now passes too.
    await cluster.until(async () => assert.ok((await csrs().get('node-early')).status?.certificate), 60_000);
    assert.deepEqual(conditionTypes(await csrs().get('not-a-node')), []);
  });

  it('cleans up denied requests an hour after their denial', async () => {
    await submit('to-clean', { commonName: 'c' }, {});
    await decide('to-clean', 'Denied');
    await cluster.clock.advance(hour + 60_000);
    await cluster.until(async () => {
      await assert.rejects(csrs().get('to-clean'), (err: unknown) => isStatusError(err, 'NotFound'));
    }, hour);
  });
});

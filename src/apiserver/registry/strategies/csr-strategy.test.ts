import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { generateTestRequest, requestField } from '../../../api/certificates/testing/test-requests.js';
import type { KubeObject } from '../../../api/object.js';
import { builtinResources } from '../../../api/scheme/builtin-resources.js';
import type { WriteContext } from '../strategy.js';
import { certificateSigningRequestStrategy } from './csr-strategy.js';

const type = builtinResources.find((r) => r.kind === 'CertificateSigningRequest')!;
const strategy = certificateSigningRequestStrategy(type);
const now = new Date('2025-03-01T10:00:00Z');
const ctx = (user = { name: 'bob', groups: ['dev', 'system:authenticated'] }): WriteContext => ({
  now,
  dryRun: false,
  user,
});

let request = '';
before(async () => {
  request = requestField((await generateTestRequest({ commonName: 'bob' })).pem);
});

function stored(status: Record<string, unknown> = {}): KubeObject {
  return {
    metadata: { name: 'bob', labels: { a: '1' } },
    spec: {
      request,
      signerName: 'kubernetes.io/kube-apiserver-client',
      usages: ['client auth'],
      username: 'bob',
      groups: ['dev'],
    },
    status,
  };
}

describe('CertificateSigningRequest strategy', () => {
  it('stamps the requesting user on create and drops what the client claimed', () => {
    const csr: KubeObject = {
      metadata: { name: 'x' },
      spec: { request, username: 'root', uid: 'u', groups: ['system:masters'], extra: { a: ['b'] } },
      status: { conditions: [{ type: 'Approved', status: 'True' }] },
    };
    const user = { name: 'bob', uid: '42', groups: ['dev'], extra: { scopes: ['x'] } };
    strategy.prepareForCreate!(csr, ctx(user));
    assert.deepEqual(csr['spec'], {
      request,
      username: 'bob',
      uid: '42',
      groups: ['dev'],
      extra: { scopes: ['x'] },
    });
    assert.deepEqual(csr['status'], {});
  });

  it('keeps the spec on main-resource updates', () => {
    const next = stored();
    (next['spec'] as Record<string, unknown>)['signerName'] = 'example.com/other';
    strategy.prepareForUpdate!(next, stored(), ctx());
    assert.equal(
      (next['spec'] as Record<string, unknown>)['signerName'],
      'kubernetes.io/kube-apiserver-client',
    );
  });

  it('approval writes only conditions, with server-set timestamps', () => {
    const next = stored({ conditions: [{ type: 'Approved', status: 'True', reason: 'KubectlApprove' }] });
    next.metadata = { name: 'bob', labels: { a: '2' } };
    (next['spec'] as Record<string, unknown>)['usages'] = ['server auth'];
    const written = strategy.subresourceWrites!['approval']!(next, stored(), ctx());
    assert.deepEqual((written['spec'] as Record<string, unknown>)['usages'], ['client auth']);
    assert.deepEqual(written.metadata?.labels, { a: '2' });
    assert.deepEqual(written['status'], {
      conditions: [
        {
          type: 'Approved',
          status: 'True',
          reason: 'KubectlApprove',
          lastUpdateTime: '2025-03-01T10:00:00Z',
          lastTransitionTime: '2025-03-01T10:00:00Z',
        },
      ],
    });
  });

  it('approval cannot approve and deny at once', () => {
    const next = stored({
      conditions: [
        { type: 'Approved', status: 'True' },
        { type: 'Denied', status: 'True' },
      ],
    });
    assert.throws(() => strategy.subresourceWrites!['approval']!(next, stored(), ctx()), {
      message:
        'CertificateSigningRequest.certificates.k8s.io "bob" is invalid: status.conditions[1].type: Invalid value: "Denied": Approved and Denied conditions are mutually exclusive',
    });
  });

  it('status writes keep the stored approval and reject a certificate that is no PEM', () => {
    const approved = {
      type: 'Approved',
      status: 'True',
      reason: 'Yes',
      lastUpdateTime: '2025-01-01T00:00:00Z',
      lastTransitionTime: '2025-01-01T00:00:00Z',
    };
    const next = stored({
      conditions: [
        { ...approved, reason: 'Changed' },
        { type: 'Failed', status: 'True', reason: 'SignerValidationFailure' },
      ],
    });
    const written = strategy.subresourceWrites!['status']!(next, stored({ conditions: [approved] }), ctx());
    const conditions = (written['status'] as { conditions: Record<string, unknown>[] }).conditions;
    assert.equal(conditions[0]!['reason'], 'Yes');
    assert.equal(conditions[1]!['lastUpdateTime'], '2025-03-01T10:00:00Z');
    const bad = stored({ conditions: [approved], certificate: Buffer.from('junk').toString('base64') });
    assert.throws(
      () => strategy.subresourceWrites!['status']!(bad, stored({ conditions: [approved] }), ctx()),
      {
        message:
          'CertificateSigningRequest.certificates.k8s.io "bob" is invalid: status.certificate: Invalid value: "<certificate data>": must contain at least one CERTIFICATE PEM block',
      },
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CertificateSigningRequest } from 'kubernetes-types/certificates/v1.js';
import { issuedCertificate } from './request-node-certificate.js';

const csr = (conditions: { type: string; reason?: string; message?: string }[], certificate?: string) =>
  ({
    metadata: { name: 'node-csr-x' },
    status: {
      conditions: conditions.map((c) => ({ status: 'True', ...c })),
      ...(certificate ? { certificate: Buffer.from(certificate).toString('base64') } : {}),
    },
  }) as CertificateSigningRequest;

describe('issuedCertificate', () => {
  it('waits until the request is approved and the certificate is there', () => {
    assert.equal(issuedCertificate(csr([])), undefined);
    assert.equal(issuedCertificate(csr([{ type: 'Approved' }])), undefined);
    assert.equal(issuedCertificate(csr([{ type: 'Approved' }], 'PEM')), 'PEM');
  });

  it('reports denied and failed requests with their reason', () => {
    const denied = issuedCertificate(csr([{ type: 'Denied', reason: 'NotOnMyWatch', message: 'no' }]));
    assert.ok(denied instanceof Error);
    assert.equal(
      denied.message,
      'certificate signing request node-csr-x is denied, reason: NotOnMyWatch, message: no',
    );
    const failed = issuedCertificate(
      csr([{ type: 'Approved' }, { type: 'Failed', reason: 'SignerValidationFailure' }]),
    );
    assert.ok(failed instanceof Error);
    assert.match(failed.message, /is failed, reason: SignerValidationFailure/);
  });
});

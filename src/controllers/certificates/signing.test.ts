import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { describe, it } from 'node:test';
import { ExtendedKeyUsageExtension, KeyUsagesExtension, X509Certificate } from '@peculiar/x509';
import { parseCertificateRequest } from '../../api/certificates/certificate-request.js';
import { generateTestRequest } from '../../api/certificates/testing/test-requests.js';
import { SigningAuthority } from './signing-authority.js';
import {
  certificateTtlMs,
  certificateValidity,
  DEFAULT_CLUSTER_SIGNING_DURATION_MS,
  keyUsagesFromStrings,
} from './signing-policy.js';
import { createTestCa } from './testing/test-ca.js';

const minute = 60_000;
const hour = 60 * minute;

describe('signing policy', () => {
  it('maps usages to key usage bits and sorted extended key usages', () => {
    assert.deepEqual(keyUsagesFromStrings(['digital signature', 'key encipherment', 'client auth']), {
      keyUsage: 1 | 4,
      extKeyUsages: ['1.3.6.1.5.5.7.3.2'],
    });
    assert.deepEqual(keyUsagesFromStrings(['client auth', 'server auth', 'any']).extKeyUsages, [
      '2.5.29.37.0',
      '1.3.6.1.5.5.7.3.1',
      '1.3.6.1.5.5.7.3.2',
    ]);
    assert.throws(() => keyUsagesFromStrings(['client auth', 'flying']), {
      message: 'unrecognized usage values: ["flying"]',
    });
  });

  it('honours expirationSeconds between ten minutes and the signing duration', () => {
    const max = DEFAULT_CLUSTER_SIGNING_DURATION_MS;
    assert.equal(certificateTtlMs(undefined, max), max);
    assert.equal(certificateTtlMs(86400, max), 24 * hour);
    assert.equal(certificateTtlMs(10 * 365 * 86400, max), max);
    assert.equal(certificateTtlMs(60, max), 10 * minute);
  });

  it('backdates five minutes, keeps short certificates full length and stops at the CA expiry', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const far = new Date('2030-01-01T00:00:00Z');
    assert.deepEqual(certificateValidity(now, hour, far), {
      notBefore: new Date('2025-12-31T23:55:00Z'),
      notAfter: new Date('2026-01-01T01:00:00Z'),
    });
    assert.deepEqual(certificateValidity(now, 24 * hour, far).notAfter, new Date('2026-01-01T23:55:00Z'));
    const caEnd = new Date('2026-01-01T12:00:00Z');
    assert.deepEqual(certificateValidity(now, 24 * hour, caEnd).notAfter, caEnd);
    assert.throws(() => certificateValidity(now, hour, new Date('2025-12-31T23:00:00Z')), {
      message: 'the signer has expired: NotAfter=2025-12-31 23:00:00 +0000 UTC',
    });
  });
});

describe('signing authority', () => {
  for (const key of ['ec', 'rsa'] as const) {
    it(`issues a client certificate from a ${key} CA that verifies against it`, async () => {
      const ca = await createTestCa({ key });
      const authority = await SigningAuthority.fromPem(ca.certPem, ca.keyPem);
      const { pem } = await generateTestRequest({
        commonName: 'bob',
        organizations: ['dev', 'ops'],
        dnsNames: ['bob.example'],
      });
      const now = new Date();
      const issued = new X509Certificate(
        await authority.sign(parseCertificateRequest(Buffer.from(pem)), {
          usages: ['digital signature', 'client auth'],
          ttlMs: 24 * hour,
          now,
        }),
      );
      const caCert = new X509Certificate(ca.certPem);
      assert.ok(await issued.verify({ publicKey: caCert.publicKey, signatureOnly: true }, webcrypto));
      assert.deepEqual(issued.subjectName.getField('CN'), ['bob']);
      assert.deepEqual(issued.subjectName.getField('O'), ['dev', 'ops']);
      assert.equal(issued.issuer, caCert.subject);
      assert.equal(
        issued.notAfter.getTime(),
        Math.floor((now.getTime() - 5 * minute) / 1000) * 1000 + 24 * hour,
      );
      assert.equal(issued.getExtension(KeyUsagesExtension)?.usages, 1);
      assert.deepEqual(
        [...(issued.getExtension(ExtendedKeyUsageExtension)?.usages ?? [])],
        ['1.3.6.1.5.5.7.3.2'],
      );
    });
  }
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CertificateSigningRequest } from 'kubernetes-types/certificates/v1.js';
import { cleanupReason } from './cleanup-rules.js';
import { createTestCa } from './testing/test-ca.js';

const now = Date.parse('2026-05-01T12:00:00Z');
const ago = (ms: number) => new Date(now - ms).toISOString().replace(/\.\d+Z$/, 'Z');
const minute = 60_000;
const hour = 60 * minute;

function csr(
  created: string,
  conditions: { type: string; at: string }[],
  certificate = '',
): CertificateSigningRequest {
  return {
    metadata: { name: 'x', creationTimestamp: created },
    spec: { request: '', signerName: 'kubernetes.io/kube-apiserver-client' },
    status: {
      conditions: conditions.map((c) => ({ type: c.type, status: 'True', lastUpdateTime: c.at })),
      ...(certificate ? { certificate } : {}),
    },
  };
}

describe('csrcleaner rules', () => {
  it('keeps pending requests for a day', () => {
    assert.equal(cleanupReason(csr(ago(23 * hour), []), now), undefined);
    assert.equal(
      cleanupReason(csr(ago(25 * hour), []), now),
      'it is more than pendingExpiration duration old and unhandled',
    );
  });

  it('keeps issued, denied and failed requests for an hour after their condition', () => {
    const issued = (at: string) => csr(ago(2 * hour), [{ type: 'Approved', at }], 'Y2VydA==');
    assert.equal(cleanupReason(issued(ago(59 * minute)), now), undefined);
    assert.equal(
      cleanupReason(issued(ago(61 * minute)), now),
      'it is more than approvedExpiration duration old and approved',
    );
    // Approved but never issued: the signer may still be working on it.
    assert.equal(
      cleanupReason(csr(ago(2 * hour), [{ type: 'Approved', at: ago(61 * minute) }]), now),
      undefined,
    );
    assert.equal(
      cleanupReason(csr(ago(2 * hour), [{ type: 'Denied', at: ago(61 * minute) }]), now),
      'it is more than deniedExpiration duration old and denied',
    );
    assert.equal(
      cleanupReason(
        csr(ago(2 * hour), [
          { type: 'Approved', at: ago(10 * minute) },
          { type: 'Failed', at: ago(61 * minute) },
        ]),
        now,
      ),
      'it is more than deniedExpiration duration old and failed',
    );
  });

  it('removes a request whose issued certificate expired', async () => {
    const expired = await createTestCa({
      notBefore: new Date(now - 3 * hour),
      notAfter: new Date(now - hour),
    });
    const certificate = Buffer.from(expired.certPem).toString('base64');
    assert.equal(
      cleanupReason(csr(ago(2 * hour), [{ type: 'Approved', at: ago(5 * minute) }], certificate), now),
      'the associated certificate is expired',
    );
  });
});

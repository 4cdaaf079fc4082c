import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeDetachedSignature, detachedSignatureIsValid } from './detached-jws.js';

describe('detached JWS', () => {
  it('matches the signature upstream computes for the same content and token', () => {
    // Interoperability vector from k8s.io/cluster-bootstrap: a kubeadm-signed ConfigMap must verify here.
    const content = 'Hello from the other side. I must have called a thousand times.';
    assert.equal(
      computeDetachedSignature(content, 'joshua', 'my voice is my passcode'),
      'eyJhbGciOiJIUzI1NiIsImtpZCI6Impvc2h1YSJ9..VShe2taLd-YTrmWuRkcL_8QTNDHYxQIEBsAYYiIj1_8',
    );
  });

  it('has the header, an empty payload part and a SHA-256 MAC', () => {
    const sig = computeDetachedSignature('kubeconfig text', 'abcdef', '0123456789abcdef');
    const [header, payload, mac] = sig.split('.');
    assert.deepEqual(JSON.parse(Buffer.from(header!, 'base64url').toString()), {
      alg: 'HS256',
      kid: 'abcdef',
    });
    assert.equal(payload, '');
    assert.equal(Buffer.from(mac!, 'base64url').length, 32);
  });

  it('verifies only the same content under the same token', () => {
    const sig = computeDetachedSignature('content', 'abcdef', '0123456789abcdef');
    assert.ok(detachedSignatureIsValid(sig, 'content', 'abcdef', '0123456789abcdef'));
    assert.ok(!detachedSignatureIsValid(sig, 'content!', 'abcdef', '0123456789abcdef'));
    assert.ok(!detachedSignatureIsValid(sig, 'content', 'abcdef', '0123456789abcdeg'));
    assert.ok(!detachedSignatureIsValid(sig, 'content', 'abcdeg', '0123456789abcdef'));
    assert.ok(!detachedSignatureIsValid(`${sig}x`, 'content', 'abcdef', '0123456789abcdef'));
    assert.ok(!detachedSignatureIsValid('', 'content', 'abcdef', '0123456789abcdef'));
  });
});

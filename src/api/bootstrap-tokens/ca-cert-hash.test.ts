import assert from 'node:assert/strict';
import { createHash, webcrypto } from 'node:crypto';
import { describe, it } from 'node:test';
import { X509CertificateGenerator } from '@peculiar/x509';
import { caCertHashes, caMatchesPins, parseCaCertHash } from './ca-cert-hash.js';

async function selfSignedCa(): Promise<{ pem: string; pin: string }> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const cert = await X509CertificateGenerator.createSelfSigned(
    {
      name: 'CN=test-ca',
      keys,
      signingAlgorithm: alg,
      notBefore: new Date(),
      notAfter: new Date(Date.now() + 3_600_000),
    },
    webcrypto,
  );
  // The pin straight from the key, independent of certificate parsing.
  const spki = Buffer.from(await webcrypto.subtle.exportKey('spki', keys.publicKey));
  return { pem: cert.toString('pem'), pin: `sha256:${createHash('sha256').update(spki).digest('hex')}` };
}

describe('CA certificate hashes', () => {
  it('pins the SubjectPublicKeyInfo of every certificate in a bundle', async () => {
    const a = await selfSignedCa();
    const b = await selfSignedCa();
    assert.deepEqual(caCertHashes(`${a.pem}\n${b.pem}\n`), [a.pin, b.pin]);
    assert.ok(caMatchesPins(`${a.pem}\n${b.pem}`, [b.pin]));
    assert.ok(!caMatchesPins(a.pem, [b.pin]));
    assert.deepEqual(caCertHashes('no certificates here'), []);
  });

  it('accepts sha256:<hex> in any case and rejects anything else', () => {
    const hex = 'AB'.repeat(32);
    assert.equal(parseCaCertHash(`sha256:${hex}`), `sha256:${hex.toLowerCase()}`);
    for (const bad of [hex, `sha1:${hex}`, `sha256:${hex.slice(2)}`, 'sha256:xyz'])
      assert.throws(() => parseCaCertHash(bad), /expected sha256:<64 hex digits>/);
  });
});

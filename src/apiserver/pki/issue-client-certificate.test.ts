import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey, webcrypto } from 'node:crypto';
import { test } from 'node:test';
import {
  BasicConstraintsExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  X509CertificateGenerator,
} from '@peculiar/x509';
import type { CertificateAuthority } from './certificate-authority.js';
import { createCertificateAuthority } from './certificate-authority.js';
import { issueClientCertificate } from './issue-client-certificate.js';

const DAY_MS = 24 * 60 * 60 * 1000;

test('a client certificate names the user in CN and each group in its own O, signed by the CA', async () => {
  const ca = await createCertificateAuthority({ commonName: 'test-ca' });
  const issued = await issueClientCertificate(ca, { commonName: 'jane', organizations: ['dev', 'ops'] });
  const cert = new X509Certificate(issued.certPem);
  assert.equal(cert.subject, 'O=dev\nO=ops\nCN=jane');
  assert.equal(cert.issuer, 'CN=test-ca');
  assert.ok(cert.verify(new X509Certificate(ca.certPem).publicKey));
  assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.2']);
  assert.ok(cert.checkPrivateKey(createPrivateKey(issued.keyPem)));
});

test('component identities and group-less users work, and days sets the lifetime', async () => {
  const ca = await createCertificateAuthority({ commonName: 'test-ca' });
  const now = new Date();
  const scheduler = await issueClientCertificate(ca, {
    commonName: 'system:kube-scheduler',
    organizations: [],
    days: 30,
    now,
  });
  const cert = new X509Certificate(scheduler.certPem);
  assert.equal(cert.subject, 'CN=system:kube-scheduler');
  const days = (Date.parse(cert.validTo) - now.getTime()) / DAY_MS;
  assert.ok(days > 29.9 && days < 30.1, `valid for ${days} days`);
  await assert.rejects(
    issueClientCertificate(ca, { commonName: 'x', organizations: [], days: 0 }),
    /positive/,
  );
  await assert.rejects(
    issueClientCertificate(ca, { commonName: '', organizations: [] }),
    /must not be empty/,
  );
});

test('names are stored verbatim: escapes, quotes, a leading # and non-ASCII are not interpreted', async () => {
  const ca = await createCertificateAuthority({ commonName: 'test-ca' });
  const odd = ['a\\,b', '"quoted"', '#cafe', 'grüppe', 'x=y+z', 'oidc:dev team'];
  const issued = await issueClientCertificate(ca, { commonName: 'José "J" \\ O\'Neil', organizations: odd });
  const cert = new X509Certificate(issued.certPem);
  const subject = cert.toLegacyObject().subject as unknown as Record<string, string | string[]>;
  assert.equal(subject.CN, 'José "J" \\ O\'Neil');
  assert.deepEqual(subject.O, odd);
});

test('a CA key in other PEM forms (SEC1 EC, PKCS#1 RSA as kubeadm writes) still signs', async () => {
  const ecCa = await createCertificateAuthority({ commonName: 'ec-ca' });
  const sec1 = createPrivateKey(ecCa.keyPem).export({ type: 'sec1', format: 'pem' }).toString();
  assert.match(sec1, /BEGIN EC PRIVATE KEY/);
  const fromSec1 = await issueClientCertificate(
    { ...ecCa, keyPem: sec1 },
    { commonName: 'a', organizations: [] },
  );
  assert.ok(new X509Certificate(fromSec1.certPem).verify(new X509Certificate(ecCa.certPem).publicKey));

  const rsaCa = await rsaCertificateAuthority();
  const fromRsa = await issueClientCertificate(rsaCa, { commonName: 'b', organizations: ['g'] });
  const cert = new X509Certificate(fromRsa.certPem);
  assert.ok(cert.verify(new X509Certificate(rsaCa.certPem).publicKey));
  assert.equal(cert.publicKey.asymmetricKeyType, 'ec', 'the issued key is ECDSA whatever the CA uses');
});

async function rsaCertificateAuthority(): Promise<CertificateAuthority> {
  const algorithm = {
    name: 'RSASSA-PKCS1-v1_5',
    hash: 'SHA-256',
    publicExponent: new Uint8Array([1, 0, 1]),
    modulusLength: 2048,
  };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const cert = await X509CertificateGenerator.createSelfSigned(
    {
      name: 'CN=kubernetes',
      keys,
      extensions: [
        new BasicConstraintsExtension(true, undefined, true),
        new KeyUsagesExtension(KeyUsageFlags.keyCertSign, true),
      ],
    },
    webcrypto as unknown as Parameters<typeof X509CertificateGenerator.createSelfSigned>[1],
  );
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const pkcs1 = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({
    type: 'pkcs1',
    format: 'pem',
  });
  return { certPem: cert.toString('pem'), keyPem: pkcs1.toString() };
}

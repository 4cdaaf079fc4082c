import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { certificateRequestError, parseCertificateRequest } from './certificate-request.js';
import { decodePem, encodePem } from './pem.js';
import {
  apiserverClientUsagesError,
  kubeletClientRequestError,
  kubeletServingRequestError,
} from './signer-rules.js';
import { generateTestRequest } from './testing/test-requests.js';

// Swaps one occurrence of `from` in the request's DER for `to` (same length), keeping the signature.
function tamper(pem: string, from: string, to: string): Buffer {
  const der = decodePem(pem).block!.bytes;
  const at = der.indexOf(Buffer.from(from));
  assert.ok(at >= 0);
  Buffer.from(to).copy(der, at);
  return Buffer.from(encodePem('CERTIFICATE REQUEST', der));
}

describe('certificate requests', () => {
  it('parses subject and subject alternative names', async () => {
    const { pem } = await generateTestRequest({
      commonName: 'system:node:n1',
      organizations: ['system:nodes'],
      dnsNames: ['n1.local'],
      ipAddresses: ['10.0.0.1'],
    });
    const req = parseCertificateRequest(Buffer.from(`some text first\n${pem}trailing text`));
    assert.equal(req.commonName, 'system:node:n1');
    assert.deepEqual(req.organizations, ['system:nodes']);
    assert.deepEqual(req.dnsNames, ['n1.local']);
    assert.deepEqual(req.ipAddresses, ['10.0.0.1']);
    assert.deepEqual([req.emailAddresses, req.uris], [[], []]);
  });

  it('verifies ECDSA and RSA signatures and reports Go errors for tampered ones', async () => {
    const ec = await generateTestRequest({ commonName: 'alice' });
    const rsa = await generateTestRequest({ commonName: 'alice', key: 'rsa' });
    assert.equal(certificateRequestError(Buffer.from(ec.pem)), undefined);
    assert.equal(certificateRequestError(Buffer.from(rsa.pem)), undefined);
    assert.equal(
      certificateRequestError(tamper(ec.pem, 'alice', 'alicf')),
      'x509: ECDSA verification failure',
    );
    assert.equal(
      certificateRequestError(tamper(rsa.pem, 'alice', 'alicf')),
      'crypto/rsa: verification error',
    );
  });

  it('wants a CERTIFICATE REQUEST PEM block', async () => {
    const { pem } = await generateTestRequest({ commonName: 'x' });
    const message = 'PEM block type must be CERTIFICATE REQUEST';
    assert.equal(certificateRequestError(Buffer.from('not pem at all')), message);
    assert.equal(
      certificateRequestError(Buffer.from(pem.replaceAll('CERTIFICATE REQUEST', 'CERTIFICATE'))),
      message,
    );
    assert.equal(
      certificateRequestError(Buffer.from(encodePem('CERTIFICATE REQUEST', Buffer.from([0x30, 0x03, 0x02])))),
      'asn1: syntax error: data truncated',
    );
  });
});

describe('signer rules', () => {
  const clientUsages = ['digital signature', 'key encipherment', 'client auth'];

  it('accepts a kubelet client request and names the first broken rule otherwise', async () => {
    const good = parseCertificateRequest(
      Buffer.from(
        (await generateTestRequest({ commonName: 'system:node:a', organizations: ['system:nodes'] })).pem,
      ),
    );
    assert.equal(kubeletClientRequestError(good, clientUsages), undefined);
    assert.equal(kubeletClientRequestError(good, ['digital signature', 'client auth']), undefined);
    assert.equal(
      kubeletClientRequestError(good, ['client auth']),
      'usages did not match [client auth digital signature key encipherment]',
    );
    const wrongOrg = parseCertificateRequest(
      Buffer.from((await generateTestRequest({ commonName: 'system:node:a', organizations: ['x'] })).pem),
    );
    assert.equal(
      kubeletClientRequestError(wrongOrg, clientUsages),
      'subject organization is not system:nodes',
    );
    const withDns = parseCertificateRequest(
      Buffer.from(
        (
          await generateTestRequest({
            commonName: 'system:node:a',
            organizations: ['system:nodes'],
            dnsNames: ['a'],
          })
        ).pem,
      ),
    );
    assert.equal(kubeletClientRequestError(withDns, clientUsages), 'DNS subjectAltNames are not allowed');
    const notNode = parseCertificateRequest(
      Buffer.from((await generateTestRequest({ commonName: 'bob', organizations: ['system:nodes'] })).pem),
    );
    assert.equal(
      kubeletClientRequestError(notNode, clientUsages),
      'subject common name does not begin with system:node:',
    );
  });

  it('wants SANs and server usages for kubelet serving requests', async () => {
    const noSans = parseCertificateRequest(
      Buffer.from(
        (await generateTestRequest({ commonName: 'system:node:a', organizations: ['system:nodes'] })).pem,
      ),
    );
    const serving = ['digital signature', 'key encipherment', 'server auth'];
    assert.equal(kubeletServingRequestError(noSans, serving), 'DNS or IP subjectAltName is required');
    const good = parseCertificateRequest(
      Buffer.from(
        (
          await generateTestRequest({
            commonName: 'system:node:a',
            organizations: ['system:nodes'],
            ipAddresses: ['10.1.1.1'],
          })
        ).pem,
      ),
    );
    assert.equal(kubeletServingRequestError(good, serving), undefined);
    assert.equal(
      kubeletServingRequestError(good, ['server auth']),
      'usages did not match [digital signature key encipherment server auth]',
    );
  });

  it('allows only client usages for kube-apiserver-client', () => {
    assert.equal(apiserverClientUsagesError(['client auth', 'digital signature']), undefined);
    assert.equal(
      apiserverClientUsagesError(['server auth', 'client auth']),
      'invalid usage for client certificate: server auth',
    );
    assert.equal(
      apiserverClientUsagesError(['digital signature']),
      'missing required usage for client certificate: client auth',
    );
  });
});

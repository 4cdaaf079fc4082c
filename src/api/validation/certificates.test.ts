import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { X509CertificateGenerator } from '@peculiar/x509';
import { generateTestRequest, requestField } from '../certificates/testing/test-requests.js';
import type { KubeObject } from '../object.js';
import { fieldErrorMessage } from './field-error.js';
import { validateObject, validateObjectUpdate } from './validate-object.js';

const group = 'certificates.k8s.io';
const kind = 'CertificateSigningRequest';
const create = (o: KubeObject): string[] => validateObject(group, kind, o).map(fieldErrorMessage);
const update = (o: KubeObject, old: KubeObject, subresource?: string): string[] =>
  validateObjectUpdate(group, kind, o, old, subresource ? { subresource } : {}).map(fieldErrorMessage);

let request = '';
let certificate = '';
let otherCertificate = '';

async function selfSigned(cn: string): Promise<string> {
  const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ]);
  const cert = await X509CertificateGenerator.createSelfSigned(
    { name: `CN=${cn}`, keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } },
    webcrypto,
  );
  return Buffer.from(cert.toString('pem') + '\n').toString('base64');
}

before(async () => {
  request = requestField((await generateTestRequest({ commonName: 'bob', organizations: ['dev'] })).pem);
  certificate = await selfSigned('bob');
  otherCertificate = await selfSigned('eve');
});

function csr(spec: Record<string, unknown> = {}, status?: Record<string, unknown>): KubeObject {
  return {
    metadata: { name: 'bob' },
    spec: {
      request,
      signerName: 'kubernetes.io/kube-apiserver-client',
      usages: ['client auth'],
      username: 'admin',
      ...spec,
    },
    ...(status ? { status } : {}),
  };
}
const condition = (type: string, status = 'True') => ({ type, status, reason: 'R' });

describe('CertificateSigningRequest create', () => {
  it('accepts a signed request', () => assert.deepEqual(create(csr()), []));

  it('shows a bad request as Go bytes with the parse error', () => {
    assert.deepEqual(create(csr({ request: Buffer.from('no').toString('base64') })), [
      'spec.request: Invalid value: []byte{0x6e, 0x6f}: PEM block type must be CERTIFICATE REQUEST',
    ]);
    assert.deepEqual(create(csr({ request: undefined })), [
      'spec.request: Invalid value: []byte(nil): PEM block type must be CERTIFICATE REQUEST',
    ]);
  });

  it('checks usages', () => {
    assert.deepEqual(create(csr({ usages: [] })), ['spec.usages: Required value']);
    assert.deepEqual(create(csr({ usages: ['client auth', 'client auth'] })), [
      'spec.usages[1]: Duplicate value: "client auth"',
    ]);
    const [unsupported] = create(csr({ usages: ['flying'] }));
    assert.match(
      unsupported ?? '',
      /^spec\.usages\[0\]: Unsupported value: "flying": supported values: "any", "cert sign", .*"timestamping"$/,
    );
  });

  it('checks the signer name and the requested duration', () => {
    assert.deepEqual(create(csr({ signerName: '' })), ['spec.signerName: Required value']);
    assert.deepEqual(create(csr({ signerName: 'example' })), [
      'spec.signerName: Invalid value: "example": must be a fully qualified domain and path of the form \'example.com/signer-name\'',
    ]);
    assert.deepEqual(create(csr({ signerName: 'example/x' })), [
      'spec.signerName: Invalid value: "example": should be a domain with at least two segments separated by dots',
    ]);
    assert.deepEqual(create(csr({ signerName: 'kubernetes.io/legacy-unknown' })), [
      'spec.signerName: Invalid value: "kubernetes.io/legacy-unknown": the legacy signerName is not allowed via this API version',
    ]);
    assert.deepEqual(create(csr({ expirationSeconds: 599 })), [
      'spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 600 seconds (10 minutes)',
    ]);
    assert.deepEqual(create(csr({ expirationSeconds: 600 })), []);
  });

  it('checks conditions', () => {
    assert.deepEqual(create(csr({}, { conditions: [condition('Approved', 'False')] })), [
      'status.conditions[0].status: Unsupported value: "False": supported values: "True"',
    ]);
    assert.deepEqual(create(csr({}, { conditions: [condition('Approved'), condition('Denied')] })), [
      'status.conditions[1].type: Invalid value: "Denied": Approved and Denied conditions are mutually exclusive',
    ]);
    assert.deepEqual(create(csr({}, { conditions: [condition('Custom', 'False'), condition('Custom')] })), [
      'status.conditions[1].type: Duplicate value: "Custom"',
    ]);
    assert.deepEqual(create(csr({}, { conditions: [{ type: '', status: '' }] })), [
      'status.conditions[0].type: Required value',
      'status.conditions[0].status: Required value',
    ]);
  });
});

describe('CertificateSigningRequest updates', () => {
  it('lets only the approval subresource add Approved or Denied', () => {
    const approved = csr({}, { conditions: [condition('Approved')] });
    assert.deepEqual(update(approved, csr(), 'approval'), []);
    assert.deepEqual(update(approved, csr(), 'status'), [
      'status.conditions: Forbidden: updates may not add a condition of type "Approved"',
    ]);
    assert.deepEqual(update(approved, csr()), [
      'status.conditions: Forbidden: updates may not add a condition of type "Approved"',
    ]);
  });

  it('never removes Approved, Denied or Failed', () => {
    const failed = csr({}, { conditions: [condition('Approved'), condition('Failed')] });
    assert.deepEqual(update(csr({}, { conditions: [condition('Approved')] }), failed, 'status'), [
      'status.conditions: Forbidden: updates may not remove a condition of type "Failed"',
    ]);
    assert.deepEqual(update(csr(), failed, 'approval'), [
      'status.conditions: Forbidden: updates may not remove a condition of type "Approved"',
      'status.conditions: Forbidden: updates may not remove a condition of type "Failed"',
    ]);
  });

  it('lets the status subresource set a PEM certificate once', () => {
    const approved = csr({}, { conditions: [condition('Approved')] });
    const issued = csr({}, { conditions: [condition('Approved')], certificate });
    assert.deepEqual(update(issued, approved, 'status'), []);
    assert.deepEqual(update(issued, approved), [
      'status.certificate: Forbidden: updates may not set certificate content',
    ]);
    assert.deepEqual(
      update(
        csr({}, { conditions: [condition('Approved')], certificate: otherCertificate }),
        issued,
        'status',
      ),
      ['status.certificate: Forbidden: updates may not modify existing certificate content'],
    );
    const garbage = csr(
      {},
      {
        conditions: [condition('Approved')],
        certificate: Buffer.from('not a certificate').toString('base64'),
      },
    );
    assert.deepEqual(update(garbage, approved, 'status'), [
      'status.certificate: Invalid value: "<certificate data>": must contain at least one CERTIFICATE PEM block',
    ]);
  });
});

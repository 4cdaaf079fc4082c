import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../object.js';
import { certificateSigningRequestPrinter } from './certificates.js';

const now = new Date('2025-01-01T12:00:00Z');

function csr(spec: object, status: object = {}): KubeObject {
  return { metadata: { name: 'bob', creationTimestamp: '2025-01-01T11:59:15Z' }, spec, status };
}
const cells = (o: KubeObject) => certificateSigningRequestPrinter.row(o, now).cells;

test('certificate signing requests: signer, requestor, requested duration and condition', () => {
  assert.deepEqual(
    cells(
      csr({ signerName: 'kubernetes.io/kube-apiserver-client', username: 'admin', expirationSeconds: 86400 }),
    ),
    ['bob', '45s', 'kubernetes.io/kube-apiserver-client', 'admin', '24h', 'Pending'],
  );
  assert.deepEqual(cells(csr({})).slice(2), ['<none>', '', '<none>', 'Pending']);
  const condition = (type: string) => ({ type, status: 'True' });
  assert.equal(
    cells(csr({}, { conditions: [condition('Approved')], certificate: 'Y2VydA==' }))[5],
    'Approved,Issued',
  );
  assert.equal(
    cells(csr({}, { conditions: [condition('Approved'), condition('Failed')] }))[5],
    'Approved,Failed',
  );
  // Denied wins over Approved, as upstream's precedence says.
  assert.equal(cells(csr({}, { conditions: [condition('Approved'), condition('Denied')] }))[5], 'Denied');
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCertificateRequest } from '../../api/certificates/certificate-request.js';
import { kubeletClientRequestError } from '../../api/certificates/signer-rules.js';
import { newNodeClientRequest, NODE_CLIENT_USAGES, nodeCsrName } from './node-client-request.js';

describe('node client certificate requests', () => {
  it('ask for what the kubelet client signer and the auto-approver accept', async () => {
    const { requestPem, keyPem, csrName } = await newNodeClientRequest('worker-1');
    const request = parseCertificateRequest(Buffer.from(requestPem));
    assert.equal(request.commonName, 'system:node:worker-1');
    assert.deepEqual(request.organizations, ['system:nodes']);
    assert.equal(kubeletClientRequestError(request, NODE_CLIENT_USAGES), undefined);
    assert.match(keyPem, /^-----BEGIN PRIVATE KEY-----\n/);
    assert.match(csrName, /^node-csr-[A-Za-z0-9_-]{43}$/);
  });

  it('name a request after its key, subject and usages', () => {
    const key = new Uint8Array([1, 2, 3]);
    const name = nodeCsrName(key, 'system:node:a', ['system:nodes'], NODE_CLIENT_USAGES);
    assert.equal(nodeCsrName(key, 'system:node:a', ['system:nodes'], NODE_CLIENT_USAGES), name);
    assert.notEqual(
      nodeCsrName(new Uint8Array([1, 2, 4]), 'system:node:a', ['system:nodes'], NODE_CLIENT_USAGES),
      name,
    );
    assert.notEqual(nodeCsrName(key, 'system:node:b', ['system:nodes'], NODE_CLIENT_USAGES), name);
    // The delimiter keeps parts from running into each other.
    assert.notEqual(nodeCsrName(key, 'ab', ['c'], []), nodeCsrName(key, 'a', ['bc'], []));
  });

  it('get fresh keys every time', async () => {
    const [a, b] = await Promise.all([newNodeClientRequest('n'), newNodeClientRequest('n')]);
    assert.notEqual(a.csrName, b.csrName);
  });
});

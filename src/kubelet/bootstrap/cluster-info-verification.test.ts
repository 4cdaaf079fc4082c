import assert from 'node:assert/strict';
import { createHash, webcrypto } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { X509CertificateGenerator } from '@peculiar/x509';
import type { ConfigMap } from 'kubernetes-types/core/v1.js';
import { clusterInfoKubeconfig } from '../../api/bootstrap-tokens/cluster-info.js';
import { computeDetachedSignature } from '../../api/bootstrap-tokens/detached-jws.js';
import { verifyClusterInfo } from './cluster-info-verification.js';

const token = { id: 'abcdef', secret: '0123456789abcdef' };
const server = 'https://127.0.0.1:6443';
let caPem = '';
let pin = '';

before(async () => {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const cert = await X509CertificateGenerator.createSelfSigned(
    {
      name: 'CN=k8ts-ca',
      keys,
      signingAlgorithm: alg,
      notBefore: new Date(),
      notAfter: new Date(Date.now() + 3_600_000),
    },
    webcrypto,
  );
  caPem = cert.toString('pem');
  const spki = Buffer.from(await webcrypto.subtle.exportKey('spki', keys.publicKey));
  pin = `sha256:${createHash('sha256').update(spki).digest('hex')}`;
});

function clusterInfo(signWith = token, kubeconfig = clusterInfoKubeconfig({ server, caPem })): ConfigMap {
  return {
    metadata: { name: 'cluster-info', namespace: 'kube-public' },
    data: {
      kubeconfig,
      [`jws-kubeconfig-${signWith.id}`]: computeDetachedSignature(kubeconfig, signWith.id, signWith.secret),
    },
  };
}

describe('verifyClusterInfo', () => {
  it('trusts a ConfigMap signed with the token, and yields its server and CA', () => {
    const verdict = verifyClusterInfo(clusterInfo(), token, []);
    assert.ok(verdict.ok);
    assert.equal(verdict.server, server);
    assert.equal(verdict.caPem, caPem);
  });

  it('waits when there is no signature for the token id yet', () => {
    const verdict = verifyClusterInfo(clusterInfo({ id: 'zzzzzz', secret: token.secret }), token, []);
    assert.deepEqual(verdict.ok ? undefined : [verdict.retry, verdict.message.slice(0, 52)], [
      true,
      'cluster-info has no signature for token id "abcdef":',
    ]);
  });

  it('refuses at once a signature made with another secret or over other content', () => {
    const wrongSecret = verifyClusterInfo(clusterInfo(), { ...token, secret: 'ffffffffffffffff' }, []);
    assert.ok(!wrongSecret.ok && !wrongSecret.retry);
    assert.match(wrongSecret.message, /does not match the token: the token secret is wrong/);
    const tampered = clusterInfo();
    tampered.data!['kubeconfig'] = clusterInfoKubeconfig({ server: 'https://evil:6443', caPem });
    const verdict = verifyClusterInfo(tampered, token, []);
    assert.ok(!verdict.ok && !verdict.retry);
  });

  it('checks the CA against the pins when there are any', () => {
    assert.ok(verifyClusterInfo(clusterInfo(), token, [pin]).ok);
    const other = `sha256:${'0'.repeat(64)}`;
    const verdict = verifyClusterInfo(clusterInfo(), token, [other]);
    assert.ok(!verdict.ok && !verdict.retry);
    assert.equal(verdict.message, `the cluster CA (${pin}) matches none of the --ca-cert-hash pins`);
  });

  it('refuses a ConfigMap without a kubeconfig or CA', () => {
    assert.deepEqual(verifyClusterInfo({ data: {} }, token, []), {
      ok: false,
      retry: false,
      message: 'the cluster-info ConfigMap holds no kubeconfig',
    });
    const noCa = clusterInfo(
      token,
      'apiVersion: v1\nkind: Config\nclusters:\n- name: ""\n  cluster:\n    server: https://x\n',
    );
    assert.deepEqual(verifyClusterInfo(noCa, token, []), {
      ok: false,
      retry: false,
      message: 'the cluster-info kubeconfig names no CA',
    });
  });
});

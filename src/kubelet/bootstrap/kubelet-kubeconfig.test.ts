import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PemConverter, X509CertificateGenerator } from '@peculiar/x509';
import {
  kubeletKubeconfigPath,
  reusableKubeletKubeconfig,
  writeKubeletKubeconfig,
} from './kubelet-kubeconfig.js';

let dir = '';

async function credentials(commonName: string, validForMs: number) {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const notAfter = new Date(Date.now() + validForMs);
  const cert = await X509CertificateGenerator.createSelfSigned(
    {
      name: `O=system:nodes, CN=${commonName}`,
      keys,
      signingAlgorithm: alg,
      notBefore: new Date(Date.now() - 7_200_000),
      notAfter,
    },
    webcrypto,
  );
  const keyPem = PemConverter.encode(
    await webcrypto.subtle.exportKey('pkcs8', keys.privateKey),
    'PRIVATE KEY',
  );
  return {
    server: 'https://127.0.0.1:6443',
    caPem: cert.toString('pem'),
    certPem: cert.toString('pem'),
    keyPem,
  };
}

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'k8ts-kubelet-kubeconfig-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the kubelet kubeconfig', () => {
  it('is written private and reused while its certificate names this node and is valid', async () => {
    const file = kubeletKubeconfigPath(dir);
    assert.deepEqual(await reusableKubeletKubeconfig(file, 'n1', Date.now()), {
      reason: `${file} does not exist yet`,
    });
    const creds = await credentials('system:node:n1', 3_600_000);
    await writeKubeletKubeconfig(file, creds);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const reused = await reusableKubeletKubeconfig(file, 'n1', Date.now());
    assert.ok('config' in reused);
    assert.equal(reused.config.server, creds.server);
    assert.equal(reused.config.certData, creds.certPem);
    assert.equal(reused.config.keyData, creds.keyPem);

    const other = await reusableKubeletKubeconfig(file, 'n2', Date.now());
    assert.deepEqual(other, { reason: 'its certificate is for system:node:n1, not this node' });
    const later = await reusableKubeletKubeconfig(file, 'n1', Date.now() + 7_200_000);
    assert.ok('reason' in later && later.reason.startsWith('its certificate expired at'));
  });

  it('is not reused when unreadable', async () => {
    const file = path.join(dir, 'broken.kubeconfig');
    await writeFile(file, 'clusters: 7\n');
    const result = await reusableKubeletKubeconfig(file, 'n1', Date.now());
    assert.ok('reason' in result && result.reason.startsWith(`${file} is unreadable`));
  });
});

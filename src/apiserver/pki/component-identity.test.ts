import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { createCertificateAuthority } from './certificate-authority.js';
import { ensureComponentKubeconfig, KUBE_SCHEDULER_IDENTITY, nodeIdentityFor } from './component-identity.js';

const DAY_MS = 24 * 60 * 60 * 1000;

interface Kubeconfig {
  clusters: { cluster: { server: string } }[];
  users: { name: string; user: { 'client-certificate-data': string } }[];
}

test('a component kubeconfig carries its own identity, is kept across starts and follows the server address', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'k8ts-component-'));
  try {
    const ca = await createCertificateAuthority({ commonName: 'test-ca' });
    const first = await ensureComponentKubeconfig({
      dataDir,
      server: 'https://127.0.0.1:1111',
      ca,
      identity: nodeIdentityFor('node-1'),
    });
    assert.equal(first.kubeconfigPath, join(dataDir, 'cred', 'node-node-1.kubeconfig'));
    assert.equal(new X509Certificate(first.certPem).subject, 'O=system:nodes\nCN=system:node:node-1');
    assert.equal((await stat(first.kubeconfigPath)).mode & 0o777, 0o600);
    assert.equal((await stat(join(dataDir, 'pki', 'client-node-node-1.key'))).mode & 0o777, 0o600);

    const again = await ensureComponentKubeconfig({
      dataDir,
      server: 'https://127.0.0.1:2222',
      ca,
      identity: nodeIdentityFor('node-1'),
    });
    assert.equal(again.certPem, first.certPem, 'the certificate is minted once');
    const config = parse(await readFile(again.kubeconfigPath, 'utf8')) as Kubeconfig;
    assert.equal(config.clusters[0]!.cluster.server, 'https://127.0.0.1:2222');
    assert.equal(config.users[0]!.name, 'system:node:node-1');
    assert.equal(
      Buffer.from(config.users[0]!.user['client-certificate-data'], 'base64').toString(),
      first.certPem,
    );
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('a component certificate is re-issued when it nears expiry or the CA changed', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'k8ts-component-'));
  try {
    const ca = await createCertificateAuthority({ commonName: 'test-ca' });
    const server = 'https://127.0.0.1:1';
    const identity = KUBE_SCHEDULER_IDENTITY;
    const first = await ensureComponentKubeconfig({ dataDir, server, ca, identity });
    assert.equal(new X509Certificate(first.certPem).subject, 'CN=system:kube-scheduler');
    const later = new Date(Date.now() + 340 * DAY_MS);
    const renewed = await ensureComponentKubeconfig({ dataDir, server, ca, identity, now: later });
    assert.notEqual(renewed.certPem, first.certPem);
    const otherCa = await createCertificateAuthority({ commonName: 'other-ca' });
    const resigned = await ensureComponentKubeconfig({ dataDir, server, ca: otherCa, identity });
    assert.ok(new X509Certificate(resigned.certPem).verify(new X509Certificate(otherCa.certPem).publicKey));
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

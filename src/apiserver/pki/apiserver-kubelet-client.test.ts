import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { APISERVER_KUBELET_CLIENT, ensureApiserverKubeletClient } from './apiserver-kubelet-client.js';
import { createCertificateAuthority } from './certificate-authority.js';
import { issueClientCertificate } from './issue-client-certificate.js';
import { PRIVATE_FILE_MODE, PUBLIC_FILE_MODE, writeFileAtomic } from './pem-files.js';

const dirs: string[] = [];
after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'k8ts-kubelet-client-'));
  dirs.push(dir);
  return dir;
}

test('issued once as kube-apiserver-kubelet-client without groups, then reused byte for byte', async () => {
  const dir = await dataDir();
  const ca = await createCertificateAuthority({ commonName: 'test-ca' });
  const first = await ensureApiserverKubeletClient({ dataDir: dir, ca });
  assert.equal(first.change, 'created');
  assert.equal(first.certPath, join(dir, 'pki', 'apiserver-kubelet-client.crt'));
  assert.equal((await stat(first.keyPath)).mode & 0o777, 0o600);
  const cert = new X509Certificate(first.certPem);
  assert.equal(cert.subject, `CN=${APISERVER_KUBELET_CLIENT.user}`);
  assert.ok(cert.verify(new X509Certificate(ca.certPem).publicKey));
  // clientAuth only.
  assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.2']);

  const second = await ensureApiserverKubeletClient({ dataDir: dir, ca });
  assert.equal(second.change, undefined);
  assert.equal(second.certPem, first.certPem);
  assert.equal(await readFile(second.certPath, 'utf8'), first.certPem);
});

test('re-issued when the CA changed or the subject is not the kubelet client', async () => {
  const dir = await dataDir();
  const ca = await createCertificateAuthority({ commonName: 'test-ca' });
  await ensureApiserverKubeletClient({ dataDir: dir, ca });
  const newCa = await createCertificateAuthority({ commonName: 'other-ca' });
  assert.equal(
    (await ensureApiserverKubeletClient({ dataDir: dir, ca: newCa })).change,
    're-issued (not signed by the current CA)',
  );

  const admin = await issueClientCertificate(newCa, {
    commonName: 'kubernetes-admin',
    organizations: ['system:masters'],
  });
  await writeFileAtomic(join(dir, 'pki', 'apiserver-kubelet-client.crt'), admin.certPem, PUBLIC_FILE_MODE);
  await writeFileAtomic(join(dir, 'pki', 'apiserver-kubelet-client.key'), admin.keyPem, PRIVATE_FILE_MODE);
  const fixed = await ensureApiserverKubeletClient({ dataDir: dir, ca: newCa });
  assert.equal(fixed.change, 're-issued (subject differs)');
  assert.equal(new X509Certificate(fixed.certPem).subject, 'CN=kube-apiserver-kubelet-client');
});

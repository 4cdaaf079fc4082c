import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ensureServingCertificate } from './serving-certificate.js';

let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'k8ts-kubelet-cert-'));
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('without files a pair is generated once into the cert dir: node name and IP as SANs, signed by its own CA', async () => {
  const certDir = join(dir, 'pki');
  const now = new Date(Date.UTC(2025, 5, 1));
  const first = await ensureServingCertificate({ certDir, nodeName: 'worker-1', nodeIP: '10.0.0.7', now });
  assert.equal(first.generated, true);
  assert.equal(first.certFile, join(certDir, 'kubelet.crt'));
  assert.equal((await stat(first.keyFile)).mode & 0o777, 0o600);
  const [leafPem, caPem] = first.certPem.split(/(?<=-----END CERTIFICATE-----\n)/);
  const leaf = new X509Certificate(leafPem!);
  const ca = new X509Certificate(caPem!);
  assert.equal(leaf.subject, `CN=worker-1@${now.getTime() / 1000}`);
  assert.equal(ca.subject, `CN=worker-1-ca@${now.getTime() / 1000}`);
  assert.ok(leaf.verify(ca.publicKey));
  assert.equal(leaf.checkHost('worker-1'), 'worker-1');
  assert.equal(leaf.checkIP('10.0.0.7'), '10.0.0.7');
  assert.ok(new Date(leaf.validTo).getTime() - now.getTime() >= 364 * 24 * 3600 * 1000);

  const again = await ensureServingCertificate({ certDir, nodeName: 'worker-1', nodeIP: '10.0.0.7' });
  assert.equal(again.generated, false);
  assert.equal(again.certPem, first.certPem);
});

test('an unusable pair is replaced; given files are used as they are and must come together', async () => {
  const certDir = join(dir, 'broken');
  const made = await ensureServingCertificate({ certDir, nodeName: 'n', nodeIP: '127.0.0.1' });
  await writeFile(made.keyFile, 'garbage');
  const remade = await ensureServingCertificate({ certDir, nodeName: 'n', nodeIP: '127.0.0.1' });
  assert.equal(remade.generated, true);
  assert.notEqual(remade.certPem, made.certPem);

  const given = await ensureServingCertificate({
    certFile: remade.certFile,
    keyFile: remade.keyFile,
    certDir: join(dir, 'unused'),
    nodeName: 'x',
    nodeIP: '127.0.0.1',
  });
  assert.deepEqual([given.generated, given.certPem], [false, remade.certPem]);
  await assert.rejects(
    ensureServingCertificate({ certFile: remade.certFile, certDir, nodeName: 'x', nodeIP: '127.0.0.1' }),
    /--tls-cert-file and --tls-private-key-file must be given together/,
  );
});

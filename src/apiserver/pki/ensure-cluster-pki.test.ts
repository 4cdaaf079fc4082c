import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { ClusterPki } from './ensure-cluster-pki.js';
import { ensureClusterPki } from './ensure-cluster-pki.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const dirs: string[] = [];

after(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'k8ts-pki-'));
  dirs.push(dir);
  return dir;
}

async function fileBytes(pki: ClusterPki): Promise<string[]> {
  const paths = [pki.ca, pki.serving, pki.admin].flatMap((p) => [p.certPath, p.keyPath]);
  return Promise.all(paths.map((path) => readFile(path, 'utf8')));
}

test('first start creates the CA, serving and admin pairs under DATA_DIR/pki with private keys 0600', async () => {
  const dataDir = await tempDataDir();
  const started = performance.now();
  const pki = await ensureClusterPki({ dataDir, serviceIp: '10.43.0.1' });
  const elapsedMs = performance.now() - started;
  assert.ok(elapsedMs < 5000, `PKI creation took ${elapsedMs} ms`);

  assert.equal(pki.dir, join(dataDir, 'pki'));
  assert.deepEqual(pki.changes, ['ca: created', 'server: created', 'admin: created']);
  for (const [pair, name] of [
    [pki.ca, 'ca'],
    [pki.serving, 'server'],
    [pki.admin, 'admin'],
  ] as const) {
    assert.equal(pair.certPath, join(dataDir, 'pki', `${name}.crt`));
    assert.equal(pair.keyPath, join(dataDir, 'pki', `${name}.key`));
    assert.equal(await readFile(pair.certPath, 'utf8'), pair.certPem);
    assert.equal(await readFile(pair.keyPath, 'utf8'), pair.keyPem);
    assert.match(pair.certPem, /^-----BEGIN CERTIFICATE-----\n/);
    assert.match(pair.keyPem, /^-----BEGIN PRIVATE KEY-----\n/);
    assert.equal((await stat(pair.keyPath)).mode & 0o777, 0o600);
    assert.equal((await stat(pair.certPath)).mode & 0o777, 0o644);
  }
  assert.equal((await stat(pki.dir)).mode & 0o077, 0, 'pki dir is private to its owner');
});

test('later starts reuse every file unchanged, byte for byte', async () => {
  const dataDir = await tempDataDir();
  const first = await ensureClusterPki({ dataDir, serviceIp: '10.43.0.1', hostnames: ['api.test'] });
  const before = await fileBytes(first);
  const second = await ensureClusterPki({ dataDir, serviceIp: '10.43.0.1', hostnames: ['api.test'] });
  assert.deepEqual(second.changes, []);
  assert.deepEqual(await fileBytes(second), before);
  assert.equal(second.ca.certPem, first.ca.certPem);
  assert.equal(second.serving.certPem, first.serving.certPem);
  assert.equal(second.serving.keyPem, first.serving.keyPem);
  assert.equal(second.admin.certPem, first.admin.certPem);
});

test('the CA is a ten-year self-signed k8ts-ca and signs both leaf certificates', async () => {
  const now = new Date();
  const pki = await ensureClusterPki({ dataDir: await tempDataDir(), serviceIp: '10.43.0.1', now });
  const ca = new X509Certificate(pki.ca.certPem);
  const serving = new X509Certificate(pki.serving.certPem);
  const admin = new X509Certificate(pki.admin.certPem);

  assert.equal(ca.subject, 'CN=k8ts-ca');
  assert.equal(ca.issuer, 'CN=k8ts-ca');
  assert.equal(ca.ca, true);
  assert.ok(ca.verify(ca.publicKey), 'self-signed');
  const caYears = (Date.parse(ca.validTo) - now.getTime()) / (365 * DAY_MS);
  assert.ok(caYears > 9.9 && caYears < 10.1, `CA valid for ${caYears} years`);

  for (const leaf of [serving, admin]) {
    assert.equal(leaf.ca, false);
    assert.ok(leaf.verify(ca.publicKey), 'signed by the CA');
    assert.ok(leaf.checkIssued(ca), 'issuer matches the CA subject');
    assert.ok(Date.parse(leaf.validFrom) < now.getTime(), 'valid from before now (clock skew)');
    const days = (Date.parse(leaf.validTo) - now.getTime()) / DAY_MS;
    assert.ok(days > 364 && days < 366, `leaf valid for ${days} days`);
  }
  assert.deepEqual(serving.keyUsage, [SERVER_AUTH]);
  assert.deepEqual(admin.keyUsage, [CLIENT_AUTH]);
  assert.equal(admin.subject, 'O=system:masters\nCN=kubernetes-admin');
  assert.equal(serving.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
});

test('the serving certificate carries every required subjectAltName plus the extras', async () => {
  const pki = await ensureClusterPki({
    dataDir: await tempDataDir(),
    serviceIp: '10.96.0.1',
    hostname: 'node-a',
    hostnames: ['api.example.com'],
    ips: ['192.168.7.7', 'fd00::10'],
  });
  const sans = new X509Certificate(pki.serving.certPem).subjectAltName?.split(', ') ?? [];
  for (const expected of [
    'DNS:localhost',
    'DNS:node-a',
    'DNS:kubernetes',
    'DNS:kubernetes.default',
    'DNS:kubernetes.default.svc',
    'DNS:kubernetes.default.svc.cluster.local',
    'DNS:api.example.com',
    'IP Address:127.0.0.1',
    'IP Address:10.96.0.1',
    'IP Address:192.168.7.7',
    'IP Address:FD00:0:0:0:0:0:0:10',
  ]) {
    assert.ok(sans.includes(expected), `${expected} in ${sans.join(', ')}`);
  }
});

test('the os hostname is a SAN by default', async () => {
  const { hostname } = await import('node:os');
  const pki = await ensureClusterPki({ dataDir: await tempDataDir(), serviceIp: '10.43.0.1' });
  assert.ok(new X509Certificate(pki.serving.certPem).checkHost(hostname(), { subject: 'never' }));
});

test('a newly requested name re-issues only the serving certificate', async () => {
  const dataDir = await tempDataDir();
  const first = await ensureClusterPki({ dataDir, serviceIp: '10.43.0.1' });
  const second = await ensureClusterPki({ dataDir, serviceIp: '10.43.0.1', hostnames: ['new.example.com'] });
  assert.deepEqual(second.changes, ['server: re-issued (missing SAN new.example.com)']);
  assert.equal(second.ca.certPem, first.ca.certPem);
  assert.equal(second.admin.certPem, first.admin.certPem);
  assert.notEqual(second.serving.keyPem, first.serving.keyPem);
  assert.ok(new X509Certificate(second.serving.certPem).checkHost('new.example.com'));
  assert.equal(await readFile(second.serving.certPath, 'utf8'), second.serving.certPem);

  const moved = await ensureClusterPki({ dataDir, serviceIp: '10.96.0.1', hostnames: ['new.example.com'] });
  assert.deepEqual(moved.changes, ['server: re-issued (missing SAN 10.96.0.1)']);
  // Dropping a name is not a reason to re-issue: the certificate still covers what is asked.
  const fewer = await ensureClusterPki({ dataDir, serviceIp: '10.96.0.1' });
  assert.deepEqual(fewer.changes, []);
});

test('leaf certificates are renewed within 30 days of expiry; the CA is kept', async () => {
  const dataDir = await tempDataDir();
  const issuedAt = new Date();
  const first = await ensureClusterPki({ dataDir, serviceIp: '10.43.0.1', now: issuedAt });

  const at300 = new Date(issuedAt.getTime() + 300 * DAY_MS);
  assert.deepEqual((await ensureClusterPki({ dataDir, serviceIp: '10.43.0.1', now: at300 })).changes, []);

  const at340 = new Date(issuedAt.getTime() + 340 * DAY_MS);
  const renewed = await ensureClusterPki({ dataDir, serviceIp: '10.43.0.1', now: at340 });
  assert.equal(renewed.changes.length, 2);
  assert.match(renewed.changes[0] ?? '', /^server: re-issued \(expires /);
  assert.match(renewed.changes[1] ?? '', /^admin: re-issued \(expires /);
  assert.equal(renewed.ca.certPem, first.ca.certPem);
  const days = (Date.parse(new X509Certificate(renewed.serving.certPem).validTo) - at340.getTime()) / DAY_MS;
  assert.ok(days > 364, `renewed for ${days} days`);
});

test('a lost CA certificate means a new CA, and every leaf is re-issued under it', async () => {
  const dataDir = await tempDataDir();
  const first = await ensureClusterPki({ dataDir, serviceIp: '10.43.0.1' });
  await unlink(first.ca.certPath); // as if the first start died between ca.key and ca.crt
  const second = await ensureClusterPki({ dataDir, serviceIp: '10.43.0.1' });
  assert.deepEqual(second.changes, [
    'ca: created',
    'server: re-issued (not signed by the current CA)',
    'admin: re-issued (not signed by the current CA)',
  ]);
  assert.notEqual(second.ca.keyPem, first.ca.keyPem);
  assert.ok(
    new X509Certificate(second.admin.certPem).verify(new X509Certificate(second.ca.certPem).publicKey),
  );
});

test('a mismatched leaf key is repaired; a CA without its key or with a wrong key is an error', async () => {
  const dataDir = await tempDataDir();
  const first = await ensureClusterPki({ dataDir, serviceIp: '10.43.0.1' });
  await writeFile(first.admin.keyPath, first.serving.keyPem);
  const repaired = await ensureClusterPki({ dataDir, serviceIp: '10.43.0.1' });
  assert.deepEqual(repaired.changes, ['admin: re-issued (key does not match certificate)']);

  await writeFile(first.ca.keyPath, first.serving.keyPem);
  await assert.rejects(ensureClusterPki({ dataDir, serviceIp: '10.43.0.1' }), /ca\.key does not match/);
  await unlink(first.ca.keyPath);
  await assert.rejects(ensureClusterPki({ dataDir, serviceIp: '10.43.0.1' }), /ca\.key is missing/);
});

test('an expired CA is reported, not silently replaced', async () => {
  const dataDir = await tempDataDir();
  await ensureClusterPki({ dataDir, serviceIp: '10.43.0.1' });
  const later = new Date(Date.now() + 3651 * DAY_MS);
  await assert.rejects(
    ensureClusterPki({ dataDir, serviceIp: '10.43.0.1', now: later }),
    /cluster CA .* expired/,
  );
});

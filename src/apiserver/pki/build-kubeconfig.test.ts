import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { buildKubeconfig, writeKubeconfig } from './build-kubeconfig.js';
import type { ClusterPki } from './ensure-cluster-pki.js';
import { ensureClusterPki } from './ensure-cluster-pki.js';
import { issueClientCertificate } from './issue-client-certificate.js';
import { userFromTlsSocket } from './user-from-peer-certificate.js';

const run = promisify(execFile);
let dir: string;
let pki: ClusterPki;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'k8ts-kubeconfig-'));
  pki = await ensureClusterPki({ dataDir: dir, serviceIp: '10.43.0.1' });
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the real kubectl with a private HOME so no user config or cache leaks in or out. */
async function kubectl(...args: string[]): Promise<string> {
  const env = { PATH: process.env.PATH ?? '', HOME: dir };
  const { stdout } = await run('kubectl', args, { env, timeout: 30_000 });
  return stdout;
}

function adminKubeconfig(server = 'https://127.0.0.1:6443'): string {
  return buildKubeconfig({
    server,
    caPem: pki.ca.certPem,
    clientCertPem: pki.admin.certPem,
    clientKeyPem: pki.admin.keyPem,
  });
}

const b64 = (text: string): string => Buffer.from(text).toString('base64');

test('buildKubeconfig embeds the CA, certificate and key and sets the current context', () => {
  const config = parse(adminKubeconfig()) as Record<string, unknown>;
  assert.deepEqual(config, {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'k8ts',
        cluster: { server: 'https://127.0.0.1:6443', 'certificate-authority-data': b64(pki.ca.certPem) },
      },
    ],
    contexts: [{ name: 'admin@k8ts', context: { cluster: 'k8ts', user: 'admin' } }],
    'current-context': 'admin@k8ts',
    preferences: {},
    users: [
      {
        name: 'admin',
        user: { 'client-certificate-data': b64(pki.admin.certPem), 'client-key-data': b64(pki.admin.keyPem) },
      },
    ],
  });
});

test('buildKubeconfig takes cluster, user and context names', () => {
  const text = buildKubeconfig({
    server: 'https://10.0.0.5:6443',
    caPem: pki.ca.certPem,
    clientCertPem: pki.admin.certPem,
    clientKeyPem: pki.admin.keyPem,
    clusterName: 'lab',
    userName: 'jane',
    contextName: 'jane-lab',
  });
  const config = parse(text) as { 'current-context': string; contexts: unknown[] };
  assert.equal(config['current-context'], 'jane-lab');
  assert.deepEqual(config.contexts, [{ name: 'jane-lab', context: { cluster: 'lab', user: 'jane' } }]);
});

test('writeKubeconfig writes mode 0600, tightening a file that was world-readable', async () => {
  const path = join(dir, 'nested', 'kubeconfig');
  await writeKubeconfig(path, adminKubeconfig());
  assert.equal((await stat(path)).mode & 0o777, 0o600);
  const loose = join(dir, 'loose-kubeconfig');
  await writeFile(loose, 'old', { mode: 0o644 });
  await writeKubeconfig(loose, adminKubeconfig());
  assert.equal((await stat(loose)).mode & 0o777, 0o600);
  assert.equal(await readFile(loose, 'utf8'), adminKubeconfig());
});

test('the real kubectl parses the kubeconfig', async () => {
  const path = join(dir, 'kubeconfig');
  await writeKubeconfig(path, adminKubeconfig());
  const certData = await kubectl(
    '--kubeconfig',
    path,
    'config',
    'view',
    '--raw',
    '-o',
    'jsonpath={.users[0].user.client-certificate-data}',
  );
  assert.equal(certData, b64(pki.admin.certPem));
  assert.equal((await kubectl('--kubeconfig', path, 'config', 'current-context')).trim(), 'admin@k8ts');
  const server = await kubectl(
    '--kubeconfig',
    path,
    'config',
    'view',
    '-o',
    'jsonpath={.clusters[0].cluster.server}',
  );
  assert.equal(server, 'https://127.0.0.1:6443');
});

test('the real kubectl (Go TLS) trusts the serving certificate and authenticates with the client one', async () => {
  // Not the apiserver: a bare https server demanding a client certificate and echoing the user.
  const server = createServer(
    {
      cert: pki.serving.certPem,
      key: pki.serving.keyPem,
      ca: pki.ca.certPem,
      requestCert: true,
      rejectUnauthorized: true,
    },
    (req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ path: req.url, user: userFromTlsSocket(req.socket as TLSSocket) }));
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  try {
    const byIp = join(dir, 'kubeconfig-ip');
    await writeKubeconfig(byIp, adminKubeconfig(`https://127.0.0.1:${port}`));
    assert.deepEqual(JSON.parse(await kubectl('--kubeconfig', byIp, 'get', '--raw', '/whoami')), {
      path: '/whoami',
      user: { name: 'kubernetes-admin', groups: ['system:masters'] },
    });

    // A DNS SAN, and a user issued later for `k8ts kubeconfig --user jane --group dev --group ops`.
    const jane = await issueClientCertificate(pki.ca, { commonName: 'jane', organizations: ['dev', 'ops'] });
    const byName = join(dir, 'kubeconfig-jane');
    const text = buildKubeconfig({
      server: `https://localhost:${port}`,
      caPem: pki.ca.certPem,
      clientCertPem: jane.certPem,
      clientKeyPem: jane.keyPem,
      userName: 'jane',
    });
    await writeKubeconfig(byName, text);
    assert.deepEqual(JSON.parse(await kubectl('--kubeconfig', byName, 'get', '--raw', '/whoami')).user, {
      name: 'jane',
      groups: ['dev', 'ops'],
    });
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

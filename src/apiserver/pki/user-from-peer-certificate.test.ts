import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { createServer, request } from 'node:https';
import type { ServerOptions } from 'node:https';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import { after, before, test } from 'node:test';
import type { CertificateAndKey } from './certificate-authority.js';
import { createCertificateAuthority } from './certificate-authority.js';
import type { ClusterPki } from './ensure-cluster-pki.js';
import { ensureClusterPki } from './ensure-cluster-pki.js';
import { issueClientCertificate } from './issue-client-certificate.js';
import { userFromPeerCertificate, userFromTlsSocket } from './user-from-peer-certificate.js';

let dataDir: string;
let pki: ClusterPki;

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'k8ts-pki-tls-'));
  pki = await ensureClusterPki({ dataDir, serviceIp: '10.43.0.1' });
});
after(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

interface TestServer {
  readonly port: number;
  close(): Promise<void>;
}

/** An https server that answers every request with the JSON of what `identify` sees. */
async function startServer(
  options: ServerOptions,
  identify: (socket: TLSSocket) => unknown,
): Promise<TestServer> {
  const server = createServer(
    { cert: pki.serving.certPem, key: pki.serving.keyPem, ca: pki.ca.certPem, requestCert: true, ...options },
    (req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ user: identify(req.socket as TLSSocket) ?? null }));
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** GET / as a client presenting `client` (or nothing), trusting only the cluster CA. */
function get(port: number, client: CertificateAndKey | undefined, servername?: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/',
        ca: pki.ca.certPem,
        agent: false,
        ...(client && { cert: client.certPem, key: client.keyPem }),
        ...(servername !== undefined && { servername }),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve((JSON.parse(body) as { user: unknown }).user));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

test('TLS round trip: the server sees the admin certificate as kubernetes-admin in system:masters', async () => {
  const server = await startServer({ rejectUnauthorized: true }, (socket) =>
    userFromPeerCertificate(socket.getPeerCertificate()),
  );
  try {
    assert.deepEqual(await get(server.port, pki.admin), {
      name: 'kubernetes-admin',
      groups: ['system:masters'],
    });
    // The serving certificate also verifies by DNS name, not just by IP.
    assert.deepEqual(await get(server.port, pki.admin, 'kubernetes.default.svc'), {
      name: 'kubernetes-admin',
      groups: ['system:masters'],
    });
    await assert.rejects(get(server.port, pki.admin, 'not-a-san.example.com'), /altnames/);
    // rejectUnauthorized: a client without a certificate never gets an answer.
    await assert.rejects(get(server.port, undefined));
  } finally {
    await server.close();
  }
});

test('TLS round trip: several groups and unusual names arrive exactly as issued', async () => {
  const groups = ['dev', 'ops', 'a,b', 'x=y', 'grüppe', '#tag'];
  const jane = await issueClientCertificate(pki.ca, {
    commonName: 'jane@example.com',
    organizations: groups,
  });
  const one = await issueClientCertificate(pki.ca, {
    commonName: 'system:kube-scheduler',
    organizations: [],
  });
  const server = await startServer({ rejectUnauthorized: true }, (socket) => userFromTlsSocket(socket));
  try {
    assert.deepEqual(await get(server.port, jane), { name: 'jane@example.com', groups });
    assert.deepEqual(await get(server.port, one), { name: 'system:kube-scheduler', groups: [] });
  } finally {
    await server.close();
  }
});

test('with optional client certificates only a chain to the cluster CA with clientAuth yields a user', async () => {
  // The apiserver must also admit token and anonymous clients, so it cannot reject at handshake.
  const server = await startServer({ rejectUnauthorized: false }, (socket) => userFromTlsSocket(socket));
  const foreignCa = await createCertificateAuthority({ commonName: 'someone-else' });
  const forged = await issueClientCertificate(foreignCa, {
    commonName: 'kubernetes-admin',
    organizations: ['system:masters'],
  });
  try {
    assert.equal(await get(server.port, undefined), null, 'no certificate: no user');
    assert.equal(await get(server.port, forged), null, 'foreign CA: no user');
    assert.equal(await get(server.port, pki.serving), null, 'serverAuth-only certificate: no user');
    assert.deepEqual(await get(server.port, pki.admin), {
      name: 'kubernetes-admin',
      groups: ['system:masters'],
    });
  } finally {
    await server.close();
  }
});

test('userFromPeerCertificate handles no certificate, no CN, one or many values', () => {
  const cert = (subject: Record<string, string | string[]> | undefined): PeerCertificate =>
    ({ subject }) as unknown as PeerCertificate;
  assert.equal(userFromPeerCertificate(undefined), undefined);
  assert.equal(userFromPeerCertificate(null), undefined);
  assert.equal(userFromPeerCertificate({} as PeerCertificate), undefined);
  assert.equal(userFromPeerCertificate(cert({ O: 'g' })), undefined);
  assert.deepEqual(userFromPeerCertificate(cert({ CN: 'u' })), { name: 'u', groups: [] });
  assert.deepEqual(userFromPeerCertificate(cert({ CN: 'u', O: 'g' })), { name: 'u', groups: ['g'] });
  // Like Go's pkix.Name, the last CN wins when there are several.
  assert.deepEqual(userFromPeerCertificate(cert({ CN: ['a', 'b'], O: ['g', 'h'] })), {
    name: 'b',
    groups: ['g', 'h'],
  });
});

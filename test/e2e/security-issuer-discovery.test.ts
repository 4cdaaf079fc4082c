/**
 * Service account issuer discovery against a real `k8ts server`: /.well-known/openid-configuration
 * and /openid/v1/jwks as upstream serves them (content types, public caching, the key set at the
 * server's address), readable by service accounts through system:service-account-issuer-discovery
 * and forbidden to other users, and the key set verifies a token from `kubectl create token`.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { ensureComponentKubeconfig } from '../../src/apiserver/pki/component-identity.js';
import { kubectl } from '../support/kubectl.js';
import { kubectlSession } from '../support/kubectl-session.js';
import { startK8tsServer, type K8tsServer } from '../support/k8ts-server.js';
import { clusterOf } from '../support/token-kubeconfig.js';

let server: K8tsServer | undefined;
const admin = kubectlSession(() => {
  if (server === undefined) throw new Error('server did not start');
  return server.kubeconfig;
});

interface Fetched {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** A GET with a bearer token, seeing the response headers kubectl hides. */
async function getWithToken(path: string, token: string): Promise<Fetched> {
  const { server: base, caPem } = await clusterOf(server!.kubeconfig);
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, base),
      { ca: caPem, headers: { Authorization: `Bearer ${token}` } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

before(async () => {
  server = await startK8tsServer();
  await admin.ok(['create', 'serviceaccount', 'relying-party']);
});
after(async () => {
  await server?.stop();
});

describe('service account issuer discovery', () => {
  it('serves the discovery document and key set to a service account', async () => {
    const token = (await admin.ok(['create', 'token', 'relying-party'])).stdout.trim();
    const config = await getWithToken('/.well-known/openid-configuration', token);
    assert.equal(config.status, 200, config.body);
    assert.equal(config.headers['content-type'], 'application/json');
    assert.equal(config.headers['cache-control'], 'public, max-age=3600');
    const { port } = new URL(server!.url);
    assert.deepEqual(JSON.parse(config.body), {
      issuer: 'https://kubernetes.default.svc.cluster.local',
      jwks_uri: `https://127.0.0.1:${port}/openid/v1/jwks`,
      response_types_supported: ['id_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
    });
    const keys = await getWithToken('/openid/v1/jwks', token);
    assert.equal(keys.status, 200, keys.body);
    assert.equal(keys.headers['content-type'], 'application/jwk-set+json');
    assert.equal(keys.headers['cache-control'], 'public, max-age=3600');
    const set = JSON.parse(keys.body) as JSONWebKeySet;
    assert.deepEqual(Object.keys(set.keys[0]!), ['use', 'kty', 'kid', 'alg', 'n', 'e']);
    // What a relying party does with them: verify the token offline.
    const verified = await jwtVerify(token, createLocalJWKSet(set), {
      issuer: 'https://kubernetes.default.svc.cluster.local',
    });
    assert.equal(verified.payload.sub, 'system:serviceaccount:default:relying-party');
  });

  it('serves them to the cluster admin through kubectl', async () => {
    const raw = await admin.ok(['get', '--raw', '/openid/v1/jwks']);
    assert.equal((JSON.parse(raw.stdout) as JSONWebKeySet).keys.length, 1);
  });

  it('forbids users outside system:serviceaccounts', async () => {
    const pki = join(server!.dataDir, 'pki');
    const jane = await ensureComponentKubeconfig({
      dataDir: server!.dataDir,
      server: server!.url,
      ca: {
        certPem: await readFile(join(pki, 'ca.crt'), 'utf8'),
        keyPem: await readFile(join(pki, 'ca.key'), 'utf8'),
      },
      identity: { user: 'jane', groups: [] },
    });
    const r = await kubectl(['get', '--raw', '/.well-known/openid-configuration'], {
      kubeconfig: jane.kubeconfigPath,
    });
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      'Error from server (Forbidden): forbidden: User "jane" cannot get path "/.well-known/openid-configuration"\n',
    );
  });
});

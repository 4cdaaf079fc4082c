import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../../api/object.js';
import { isStatusError } from '../../machinery/errors/index.js';
import { BearerTokenAuthenticator } from './bearer-token-authenticator.js';
import { populateLegacyTokenSecret } from './legacy-token-secret.js';
import { jwks, openIdConfiguration } from './openid-metadata.js';
import { ServiceAccountAuthenticator } from './service-account-authenticator.js';
import { DEFAULT_ISSUER } from './service-account-claims.js';
import { ensureServiceAccountKey, type ServiceAccountSigningKey } from './service-account-key.js';
import type { ServiceAccountTokenLookups } from './service-account-lookups.js';
import { ServiceAccountTokenSigner } from './service-account-token-signer.js';
import { issueTokenRequest, type TokenIssuerConfig } from './token-request.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');

class World implements ServiceAccountTokenLookups {
  objects = new Map<string, KubeObject>();
  put(kind: string, o: KubeObject): void {
    this.objects.set(`${kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`, o);
  }
  del(kind: string, ns: string, name: string): void {
    this.objects.delete(`${kind}/${ns}/${name}`);
  }
  async getServiceAccount(ns: string, name: string) {
    return this.objects.get(`sa/${ns}/${name}`);
  }
  async getPod(ns: string, name: string) {
    return this.objects.get(`pod/${ns}/${name}`);
  }
  async getSecret(ns: string, name: string) {
    return this.objects.get(`secret/${ns}/${name}`);
  }
  async getNode(name: string) {
    return this.objects.get(`node//${name}`);
  }
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
}

describe('service account tokens', () => {
  let key: ServiceAccountSigningKey;
  let dir: string;
  let world: World;
  let now: number;
  let config: TokenIssuerConfig;
  let authn: ServiceAccountAuthenticator;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'k8ts-sa-'));
    key = await ensureServiceAccountKey(dir);
  });

  function setup(): void {
    world = new World();
    now = T0;
    world.put('sa', { metadata: { namespace: 'default', name: 'default', uid: 'sa-uid' } });
    world.put('node', { metadata: { name: 'n1', uid: 'node-uid' } });
    world.put('pod', {
      metadata: { namespace: 'default', name: 'p1', uid: 'pod-uid' },
      spec: { serviceAccountName: 'default', nodeName: 'n1' },
    });
    config = {
      signer: new ServiceAccountTokenSigner(key),
      issuer: DEFAULT_ISSUER,
      apiAudiences: [DEFAULT_ISSUER],
      lookups: world,
    };
    authn = new ServiceAccountAuthenticator({
      issuers: [DEFAULT_ISSUER],
      publicKeys: [key.publicKey],
      apiAudiences: [DEFAULT_ISSUER],
      lookups: world,
      now: () => now,
    });
  }

  async function issue(spec: Record<string, unknown> = {}, name = 'default'): Promise<KubeObject> {
    const r = await issueTokenRequest(config, { namespace: 'default', name, request: { spec }, now });
    return r.tokenRequest;
  }
  const tokenOf = (tr: KubeObject) => (tr.status as { token: string }).token;

  it('persists the key under pki/ (private 0600) and reuses it', async () => {
    assert.equal((await stat(join(dir, 'pki', 'sa.key'))).mode & 0o777, 0o600);
    assert.match(await readFile(join(dir, 'pki', 'sa.pub'), 'utf8'), /BEGIN PUBLIC KEY/);
    const again = await ensureServiceAccountKey(dir);
    assert.equal(again.keyId, key.keyId);
  });

  it('issues a token with upstream claims (sorted keys) and default 1 h expiry', async () => {
    setup();
    const tr = await issue();
    assert.deepEqual(tr.metadata, {
      name: 'default',
      namespace: 'default',
      creationTimestamp: '2026-01-01T00:00:00Z',
    });
    assert.deepEqual((tr as { spec: unknown }).spec, {
      expirationSeconds: 3600,
      audiences: [DEFAULT_ISSUER],
    });
    assert.equal((tr.status as { expirationTimestamp: string }).expirationTimestamp, '2026-01-01T01:00:00Z');
    const token = tokenOf(tr);
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString());
    assert.deepEqual(header, { alg: 'RS256', kid: key.keyId });
    const c = claimsOf(token);
    assert.deepEqual(Object.keys(c), ['aud', 'exp', 'iat', 'iss', 'jti', 'kubernetes.io', 'nbf', 'sub']);
    assert.deepEqual(
      { ...c, jti: 'x' },
      {
        aud: [DEFAULT_ISSUER],
        exp: T0 / 1000 + 3600,
        iat: T0 / 1000,
        iss: DEFAULT_ISSUER,
        jti: 'x',
        'kubernetes.io': { namespace: 'default', serviceaccount: { name: 'default', uid: 'sa-uid' } },
        nbf: T0 / 1000,
        sub: 'system:serviceaccount:default:default',
      },
    );
  });

  it('verifies into the service account user, with credential-id, then stops at expiry (+60 s leeway)', async () => {
    setup();
    const token = tokenOf(await issue({ expirationSeconds: 600 }));
    const bearer = new BearerTokenAuthenticator([authn]);
    const user = await bearer.authenticateBearer(token);
    assert.equal(user?.name, 'system:serviceaccount:default:default');
    assert.equal(user?.uid, 'sa-uid');
    assert.deepEqual(user?.groups, [
      'system:serviceaccounts',
      'system:serviceaccounts:default',
      'system:authenticated',
    ]);
    assert.match(
      user?.extra?.['authentication.kubernetes.io/credential-id']?.[0] ?? '',
      /^JTI=[0-9a-f-]{36}$/,
    );
    now = T0 + 660_000;
    assert.ok(await bearer.authenticateBearer(token));
    now = T0 + 661_000;
    assert.equal(await bearer.authenticateBearer(token), undefined);
    assert.deepEqual(await bearer.authenticateToken(token), {
      ok: false,
      error: 'service account token has expired',
    });
  });

  it('enforces audiences', async () => {
    setup();
    const token = tokenOf(await issue({ audiences: ['vault'] }));
    await assert.rejects(authn.authenticate(token), {
      message: `token audiences ["vault"] is invalid for the target audiences ["${DEFAULT_ISSUER}"]`,
    });
    assert.deepEqual((await authn.authenticate(token, ['vault']))?.audiences, ['vault']);
  });

  it('rejects bad expirations with upstream validation messages', async () => {
    setup();
    await assert.rejects(issue({ expirationSeconds: 10 }), {
      message:
        'TokenRequest.authentication.k8s.io "default" is invalid: spec.expirationSeconds: Invalid value: 10: may not specify a duration less than 10 minutes',
    });
    await assert.rejects(issue({}, 'nope'), { message: 'serviceaccounts "nope" not found' });
  });

  it('caps expiration at the server maximum with a warning', async () => {
    setup();
    const r = await issueTokenRequest(
      { ...config, maxExpirationSeconds: 7200 },
      {
        namespace: 'default',
        name: 'default',
        request: { spec: { expirationSeconds: 86400 } },
        now,
      },
    );
    assert.deepEqual(r.warnings, ['requested expiration of 86400 seconds shortened to 7200 seconds']);
    assert.equal(claimsOf(tokenOf(r.tokenRequest)).exp, T0 / 1000 + 7200);
  });

  it('binds to a pod (with its node); deleting or replacing the pod invalidates the token', async () => {
    setup();
    const tr = await issue({ boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: 'p1', uid: 'pod-uid' } });
    const c = claimsOf(tokenOf(tr));
    assert.deepEqual(c['kubernetes.io'], {
      namespace: 'default',
      node: { name: 'n1', uid: 'node-uid' },
      pod: { name: 'p1', uid: 'pod-uid' },
      serviceaccount: { name: 'default', uid: 'sa-uid' },
    });
    const ok = await authn.authenticate(tokenOf(tr));
    assert.deepEqual(ok?.user.extra, {
      'authentication.kubernetes.io/pod-name': ['p1'],
      'authentication.kubernetes.io/pod-uid': ['pod-uid'],
      'authentication.kubernetes.io/credential-id': [`JTI=${c.jti}`],
      'authentication.kubernetes.io/node-name': ['n1'],
      'authentication.kubernetes.io/node-uid': ['node-uid'],
    });
    world.put('pod', {
      metadata: { namespace: 'default', name: 'p1', uid: 'other' },
      spec: { serviceAccountName: 'default' },
    });
    await assert.rejects(authn.authenticate(tokenOf(tr)), {
      message: 'pod UID (other) does not match service account pod ref claim (pod-uid)',
    });
    world.del('pod', 'default', 'p1');
    await assert.rejects(authn.authenticate(tokenOf(tr)), {
      message: 'service account token has been invalidated',
    });
  });

  it('refuses bindings that do not fit', async () => {
    setup();
    world.put('sa', { metadata: { namespace: 'default', name: 'other', uid: 'u2' } });
    await assert.rejects(issue({ boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: 'p1' } }, 'other'), {
      message:
        'cannot bind token for serviceaccount "other" to pod running with different serviceaccount name.',
    });
    await assert.rejects(
      issue({ boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: 'p1', uid: 'stale' } }),
      {
        message:
          'Operation cannot be fulfilled on Pod "p1": the UID in the bound object reference (stale) does not match the UID in record. The object might have been deleted and then recreated',
      },
    );
    await assert.rejects(
      issue({ boundObjectRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd' } }),
      {
        message: 'cannot bind token to object of type apps/v1, Kind=Deployment',
      },
    );
  });

  it('binds to a secret and dies with it; a deleted service account invalidates every token', async () => {
    setup();
    world.put('secret', { metadata: { namespace: 'default', name: 's1', uid: 'sec-uid' } });
    const token = tokenOf(await issue({ boundObjectRef: { apiVersion: 'v1', kind: 'Secret', name: 's1' } }));
    assert.ok(await authn.authenticate(token));
    world.del('secret', 'default', 's1');
    await assert.rejects(authn.authenticate(token), {
      message: 'service account token has been invalidated',
    });
    const plain = tokenOf(await issue());
    world.put('sa', { metadata: { namespace: 'default', name: 'default', uid: 'new-uid' } });
    await assert.rejects(authn.authenticate(plain), {
      message: 'service account UID (new-uid) does not match claim (sa-uid)',
    });
  });

  it('extends kubelet projected tokens (3607 s) to a year, warning after the requested time', async () => {
    setup();
    const tr = await issue({
      expirationSeconds: 3607,
      boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: 'p1' },
    });
    const c = claimsOf(tokenOf(tr));
    assert.equal(c.exp, T0 / 1000 + 365 * 24 * 3600);
    assert.equal((c['kubernetes.io'] as { warnafter: number }).warnafter, T0 / 1000 + 3607);
    assert.equal((tr.status as { expirationTimestamp: string }).expirationTimestamp, '2026-01-01T01:00:07Z');
    now = T0 + 7200_000;
    const r = await authn.authenticate(tokenOf(tr));
    assert.equal(
      r?.auditAnnotations?.['authentication.k8s.io/stale-token'],
      'subject: system:serviceaccount:default:default, seconds after warning threshold: 3593',
    );
  });

  it('ignores tokens from other issuers and rejects forged signatures', async () => {
    setup();
    assert.equal(await authn.authenticate('abc.def'), undefined);
    const other = await ensureServiceAccountKey(await mkdtemp(join(tmpdir(), 'k8ts-sa2-')));
    const forged = await issueTokenRequest(
      { ...config, signer: new ServiceAccountTokenSigner(other) },
      {
        namespace: 'default',
        name: 'default',
        request: {},
        now,
      },
    );
    await assert.rejects(authn.authenticate(tokenOf(forged.tokenRequest)), {
      message: 'invalid signature, no keys found',
    });
  });

  it('legacy token Secrets validate while the Secret holds the token', async () => {
    setup();
    const sa = (await world.getServiceAccount('default', 'default'))!;
    const filled = await populateLegacyTokenSecret({
      secret: {
        metadata: {
          namespace: 'default',
          name: 'legacy',
          uid: 'lu',
          annotations: { 'kubernetes.io/service-account.name': 'default' },
        },
        type: 'kubernetes.io/service-account-token',
      } as KubeObject,
      serviceAccount: sa,
      signer: new ServiceAccountTokenSigner(key),
      caCertPem: 'CA PEM',
    });
    const data = (filled as { data: Record<string, string> }).data;
    assert.equal(Buffer.from(data['ca.crt']!, 'base64').toString(), 'CA PEM');
    assert.equal(Buffer.from(data.namespace!, 'base64').toString(), 'default');
    assert.equal(filled.metadata?.annotations?.['kubernetes.io/service-account.uid'], 'sa-uid');
    const token = Buffer.from(data.token!, 'base64').toString();
    assert.equal(claimsOf(token).iss, 'kubernetes/serviceaccount');
    world.put('secret', filled);
    let used = 0;
    const legacy = new ServiceAccountAuthenticator({
      issuers: [DEFAULT_ISSUER],
      publicKeys: [key.publicKey],
      apiAudiences: [DEFAULT_ISSUER],
      lookups: world,
      onLegacyTokenUsed: () => used++,
    });
    const r = await legacy.authenticate(token);
    assert.equal(r?.user.name, 'system:serviceaccount:default:default');
    assert.deepEqual(r?.audiences, [DEFAULT_ISSUER]);
    assert.equal(
      r?.auditAnnotations?.['authentication.k8s.io/legacy-token'],
      'system:serviceaccount:default:default',
    );
    assert.equal(used, 1);
    world.del('secret', 'default', 'legacy');
    await assert.rejects(legacy.authenticate(token), {
      message: 'service account token has been invalidated',
    });
  });

  it('publishes the OIDC discovery documents', () => {
    const set = jwks([key.publicKey]);
    assert.equal(set.keys[0]!.kid, key.keyId);
    assert.equal(set.keys[0]!.alg, 'RS256');
    assert.equal(openIdConfiguration(DEFAULT_ISSUER).jwks_uri, `${DEFAULT_ISSUER}/openid/v1/jwks`);
  });

  it('errors are StatusErrors', async () => {
    setup();
    await assert.rejects(issue({ expirationSeconds: 1 }), (e) => isStatusError(e, 'Invalid'));
  });
});

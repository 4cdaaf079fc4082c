import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../api/object.js';
import type { Authorizer } from '../auth/rbac/authorizer.js';
import {
  selfSubjectReviewResponse,
  tokenReviewResponse,
  tokenReviewToken,
} from './authentication-reviews.js';
import { bearerTokenFromHeader, BearerTokenAuthenticator } from './bearer-token-authenticator.js';
import { BootstrapTokenAuthenticator } from './bootstrap-token-authenticator.js';
import { impersonate, impersonatedUser, parseImpersonationHeaders } from './impersonation.js';
import { parseStaticTokens, StaticTokenAuthenticator } from './static-token-file.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

function bootstrapSecret(data: Record<string, string>, type = 'bootstrap.kubernetes.io/token'): KubeObject {
  return {
    metadata: { name: 'bootstrap-token-abcdef', namespace: 'kube-system' },
    type,
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])),
  } as KubeObject;
}

describe('bootstrap tokens', () => {
  const good = {
    'token-id': 'abcdef',
    'token-secret': '0123456789abcdef',
    'usage-bootstrap-authentication': 'true',
  };
  const auth = (secret: KubeObject | undefined, now = Date.parse('2026-01-01T00:00:00Z')) =>
    new BootstrapTokenAuthenticator({
      getSecret: async (n) => (n === secret?.metadata?.name ? secret : undefined),
      now: () => now,
    });

  it('authenticates as system:bootstrap:<id> in system:bootstrappers plus extra groups', async () => {
    const r = await auth(
      bootstrapSecret({ ...good, 'auth-extra-groups': 'system:bootstrappers:k8ts:default-node-token' }),
    ).authenticate('abcdef.0123456789abcdef');
    assert.deepEqual(r?.user, {
      name: 'system:bootstrap:abcdef',
      groups: ['system:bootstrappers', 'system:bootstrappers:k8ts:default-node-token'],
    });
  });

  it('rejects wrong secrets, types, usages, bad groups and expired tokens', async () => {
    const token = 'abcdef.0123456789abcdef';
    assert.equal(await auth(bootstrapSecret(good)).authenticate('abcdef.0123456789abcdeX'), undefined);
    assert.equal(await auth(bootstrapSecret(good)).authenticate('not-a-token'), undefined);
    assert.equal(await auth(bootstrapSecret(good, 'Opaque')).authenticate(token), undefined);
    assert.equal(
      await auth(bootstrapSecret({ ...good, 'usage-bootstrap-authentication': 'false' })).authenticate(token),
      undefined,
    );
    assert.equal(
      await auth(bootstrapSecret({ ...good, 'auth-extra-groups': 'admins' })).authenticate(token),
      undefined,
    );
    assert.equal(
      await auth(bootstrapSecret({ ...good, expiration: '2025-12-31T00:00:00Z' })).authenticate(token),
      undefined,
    );
    assert.ok(
      await auth(bootstrapSecret({ ...good, expiration: '2026-01-02T00:00:00Z' })).authenticate(token),
    );
    assert.equal(await auth(undefined).authenticate(token), undefined);
  });
});

describe('static token file', () => {
  it('parses token,user,uid,"groups" records', async () => {
    const tokens = parseStaticTokens('\uFEFFt1,alice,u1,"admins,devs"\n\nt2,bob,u2\n');
    assert.deepEqual(tokens.get('t1'), { name: 'alice', uid: 'u1', groups: ['admins', 'devs'] });
    assert.deepEqual(tokens.get('t2'), { name: 'bob', uid: 'u2', groups: [] });
    const chain = new BearerTokenAuthenticator([new StaticTokenAuthenticator(tokens)]);
    assert.deepEqual(await chain.authenticateBearer('t1'), {
      name: 'alice',
      uid: 'u1',
      groups: ['admins', 'devs', 'system:authenticated'],
    });
    assert.equal(await chain.authenticateBearer('t3'), undefined);
  });

  it('refuses short records with upstream message', () => {
    assert.throws(() => parseStaticTokens('t1,alice\n', '/etc/tokens.csv'), {
      message:
        "token file '/etc/tokens.csv' must have at least 3 columns (token, user name, user uid), found 2",
    });
  });

  it('reads bearer headers', () => {
    assert.equal(bearerTokenFromHeader('Bearer abc'), 'abc');
    assert.equal(bearerTokenFromHeader('bearer  abc '), 'abc');
    assert.equal(bearerTokenFromHeader('Basic abc'), undefined);
  });
});

describe('impersonation', () => {
  const bob = { name: 'bob', groups: ['system:authenticated'] };

  it('parses users, service accounts, groups, extras and uids into checks', () => {
    const reqs = parseImpersonationHeaders({
      'impersonate-user': ['system:serviceaccount:ns1:builder'],
      'impersonate-group': ['g1', 'g2'],
      'impersonate-extra-scopes%2Fview': ['a', 'b'],
      'impersonate-uid': ['1234'],
    });
    assert.deepEqual(reqs, [
      { kind: 'ServiceAccount', namespace: 'ns1', name: 'builder' },
      { kind: 'Group', name: 'g1' },
      { kind: 'Group', name: 'g2' },
      { kind: 'UserExtra', name: 'a', extraKey: 'scopes/view' },
      { kind: 'UserExtra', name: 'b', extraKey: 'scopes/view' },
      { kind: 'UID', name: '1234' },
    ]);
    assert.deepEqual(impersonatedUser(reqs), {
      name: 'system:serviceaccount:ns1:builder',
      uid: '1234',
      groups: ['g1', 'g2', 'system:authenticated'],
      extra: { 'scopes/view': ['a', 'b'] },
    });
  });

  it('gives service accounts their groups and anonymous system:unauthenticated', () => {
    assert.deepEqual(
      impersonatedUser(parseImpersonationHeaders({ 'impersonate-user': ['system:serviceaccount:a:b'] }))
        .groups,
      ['system:serviceaccounts', 'system:serviceaccounts:a', 'system:authenticated'],
    );
    assert.deepEqual(
      impersonatedUser(parseImpersonationHeaders({ 'impersonate-user': ['system:anonymous'] })).groups,
      ['system:unauthenticated'],
    );
  });

  it('needs a user for groups (500 with upstream text)', () => {
    assert.throws(() => parseImpersonationHeaders({ 'impersonate-group': ['system:masters'] }), {
      message:
        'Internal error occurred: requested [{Group  system:masters    }] without impersonating a user',
    });
  });

  it('authorizes each impersonation with verb impersonate and answers upstream 403', () => {
    const seen: string[] = [];
    const authz: Authorizer = {
      authorize(a) {
        seen.push(
          `${a.verb} ${a.apiGroup}/${a.resource}${a.subresource ? `/${a.subresource}` : ''} ${a.namespace}/${a.name}`,
        );
        return { decision: a.resource === 'groups' ? 'no-opinion' : 'allow', reason: '' };
      },
    };
    assert.deepEqual(impersonate(bob, { 'impersonate-user': ['jane'] }, authz), {
      name: 'jane',
      groups: ['system:authenticated'],
    });
    assert.equal(impersonate(bob, {}, authz), undefined);
    assert.throws(
      () => impersonate(bob, { 'impersonate-user': ['jane'], 'impersonate-group': ['admins'] }, authz),
      {
        message:
          'groups "admins" is forbidden: User "bob" cannot impersonate resource "groups" in API group "" at the cluster scope',
      },
    );
    impersonate(
      bob,
      {
        'impersonate-user': ['system:serviceaccount:ns:sa'],
        'impersonate-extra-k': ['v'],
        'impersonate-uid': ['u'],
      },
      authz,
    );
    assert.deepEqual(seen.slice(-3), [
      'impersonate /serviceaccounts ns/sa',
      'impersonate authentication.k8s.io/userextras/k /v',
      'impersonate authentication.k8s.io/uids /u',
    ]);
  });
});

describe('reviews', () => {
  it('builds TokenReview responses', () => {
    const review = {
      kind: 'TokenReview',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: {},
      spec: { token: 't' },
    };
    assert.deepEqual(tokenReviewToken(review), { token: 't' });
    assert.throws(() => tokenReviewToken({ spec: {} }), {
      message: 'token is required for TokenReview in authentication',
    });
    assert.deepEqual(
      tokenReviewResponse(review, {
        ok: true,
        result: { user: { name: 'a', uid: 'u', groups: ['g'] }, audiences: ['x'] },
      }).status,
      { authenticated: true, user: { username: 'a', uid: 'u', groups: ['g'] }, audiences: ['x'] },
    );
    assert.deepEqual(
      tokenReviewResponse(review, { ok: false, error: 'service account token has expired' }).status,
      {
        user: {},
        error: 'service account token has expired',
      },
    );
  });

  it('builds the SelfSubjectReview kubectl auth whoami prints', () => {
    assert.deepEqual(
      selfSubjectReviewResponse(
        { name: 'jane', groups: ['system:authenticated'] },
        Date.parse('2026-01-01T00:00:00Z'),
      ),
      {
        kind: 'SelfSubjectReview',
        apiVersion: 'authentication.k8s.io/v1',
        metadata: { creationTimestamp: '2026-01-01T00:00:00Z' },
        status: { userInfo: { username: 'jane', groups: ['system:authenticated'] } },
      },
    );
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TokenRequest } from 'kubernetes-types/authentication/v1.js';
import { FakeClock } from '../../base/clock.js';
import { createLogger } from '../../base/logger.js';
import { KubeClient } from '../../client/index.js';
import { FakeTransport, jsonResponse, statusResponse } from '../../client/testing/fake-transport.js';
import { ServiceAccountTokenManager, type TokenRequestInput } from './service-account-tokens.js';

const quiet = createLogger('test', { write: () => {} });

// A TokenRequest endpoint at the process boundary: issues numbered tokens, or fails on demand.
function issuer(clock: FakeClock) {
  let n = 0;
  let failing = false;
  const transport = new FakeTransport({
    handler: (req) => {
      if (failing) return statusResponse(503, 'ServiceUnavailable', 'etcd is down');
      if (req.path.includes('/serviceaccounts/missing/')) {
        return statusResponse(404, 'NotFound', 'serviceaccounts "missing" not found');
      }
      const body = JSON.parse(req.body!) as TokenRequest;
      const seconds = body.spec.expirationSeconds!;
      return jsonResponse(201, {
        ...body,
        status: {
          token: `token-${++n}`,
          expirationTimestamp: new Date(clock.now() + seconds * 1000).toISOString(),
        },
      });
    },
  });
  const client = new KubeClient({ transport, qps: Infinity, retry: { maxRetries: 0 }, logger: quiet, clock });
  return { transport, client, fail: (on: boolean) => (failing = on) };
}

const input = (over: Partial<TokenRequestInput> = {}): TokenRequestInput => ({
  namespace: 'shop',
  serviceAccountName: 'default',
  audiences: [],
  expirationSeconds: 3600,
  pod: { name: 'web-0', uid: 'uid-1' },
  ...over,
});

test('the request binds the token to the pod with the audience and lifetime asked for', async () => {
  const clock = new FakeClock();
  const { transport, client } = issuer(clock);
  const tokens = new ServiceAccountTokenManager({ client, clock, random: () => 0 });
  const issued = await tokens.token(input({ audiences: ['vault'], expirationSeconds: 600 }));
  assert.equal(issued.token, 'token-1');
  const req = transport.requests[0]!;
  assert.equal(req.method, 'POST');
  assert.equal(req.path, '/api/v1/namespaces/shop/serviceaccounts/default/token');
  assert.deepEqual(JSON.parse(req.body!).spec, {
    audiences: ['vault'],
    expirationSeconds: 600,
    boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: 'web-0', uid: 'uid-1' },
  });
});

test('a token is reused until 80% of its lifetime passed, then renewed', async () => {
  const clock = new FakeClock();
  const { transport, client } = issuer(clock);
  const tokens = new ServiceAccountTokenManager({ client, clock, random: () => 0 });
  assert.equal((await tokens.token(input())).token, 'token-1');
  await clock.advance(2879_000); // 48 min: under 80% of an hour
  assert.equal((await tokens.token(input())).token, 'token-1');
  await clock.advance(2_000); // past 48 min
  assert.equal((await tokens.token(input())).token, 'token-2');
  assert.equal(transport.requests.length, 2);
  assert.equal(
    (await tokens.token(input({ audiences: ['other'] }))).token,
    'token-3',
    'another audience is another token',
  );
});

test('long-lived tokens are renewed after 24 hours; the jitter renews up to 10 s early', async () => {
  const clock = new FakeClock();
  const { client } = issuer(clock);
  const week = 7 * 24 * 3600;
  const tokens = new ServiceAccountTokenManager({ client, clock, random: () => 0.99 });
  const first = await tokens.token(input({ expirationSeconds: week }));
  assert.equal(tokens.requiresRefresh(first), false);
  await clock.advance(24 * 3600_000 - 10_000);
  assert.equal(tokens.requiresRefresh(first), false, 'exactly at 24 h minus the 9 s jitter is not past it');
  await clock.advance(2_000);
  assert.equal(tokens.requiresRefresh(first), true);
  assert.equal((await tokens.token(input({ expirationSeconds: week }))).token, 'token-2');
});

test('a failed renewal serves the old token while valid; errors carry upstream wording', async () => {
  const clock = new FakeClock();
  const { client, fail } = issuer(clock);
  const tokens = new ServiceAccountTokenManager({ client, clock, random: () => 0 });
  await tokens.token(input());
  await clock.advance(3000_000);
  fail(true);
  assert.equal((await tokens.token(input())).token, 'token-1');
  await clock.advance(700_000);
  await assert.rejects(tokens.token(input()), /^Error: token .* expired and refresh failed: etcd is down$/);
  fail(false);
  await assert.rejects(tokens.token(input({ serviceAccountName: 'missing' })), {
    message: 'failed to fetch token: serviceaccounts "missing" not found',
  });
});

test('forgetPod and collectGarbage drop tokens', async () => {
  const clock = new FakeClock();
  const { client } = issuer(clock);
  const tokens = new ServiceAccountTokenManager({ client, clock, random: () => 0 });
  await tokens.token(input());
  await tokens.token(input({ pod: { name: 'web-1', uid: 'uid-2' }, expirationSeconds: 600 }));
  assert.equal(tokens.size, 2);
  tokens.forgetPod('uid-1');
  assert.equal(tokens.size, 1);
  await clock.advance(601_000);
  tokens.collectGarbage();
  assert.equal(tokens.size, 0);
});

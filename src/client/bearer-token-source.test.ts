import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../base/clock.js';
import { createLogger } from '../base/logger.js';
import { RefreshingTokenSource, type IssuedToken } from './bearer-token-source.js';
import { KubeClient } from './kube-client.js';
import { FakeTransport, jsonResponse, statusResponse } from './testing/fake-transport.js';

const hour = 3600_000;
const quiet = createLogger('test', { write: () => {} });

function issuer(clock: FakeClock) {
  let n = 0;
  let failing = false;
  return {
    get issued() {
      return n;
    },
    fail(on: boolean) {
      failing = on;
    },
    fetch: async (): Promise<IssuedToken> => {
      if (failing) throw new Error('issuer down');
      n++;
      return { token: `t${n}`, expiresAt: clock.now() + hour };
    },
  };
}

test('a token is fetched once, shared, and renewed when a fifth of its life is left', async () => {
  const clock = new FakeClock();
  const tokens = issuer(clock);
  const source = new RefreshingTokenSource({ fetch: tokens.fetch, clock });
  assert.deepEqual(await Promise.all([source.token(), source.token()]), ['t1', 't1']);
  assert.equal(tokens.issued, 1);
  await clock.advance(0.79 * hour);
  assert.equal(await source.token(), 't1');
  await clock.advance(0.02 * hour);
  assert.equal(await source.token(), 't2');
});

test('while the issuer fails the current token is used until it expires', async () => {
  const clock = new FakeClock();
  const tokens = issuer(clock);
  const source = new RefreshingTokenSource({ fetch: tokens.fetch, clock });
  assert.equal(await source.token(), 't1');
  tokens.fail(true);
  await clock.advance(0.9 * hour);
  assert.equal(await source.token(), 't1');
  await clock.advance(0.2 * hour);
  await assert.rejects(source.token(), /issuer down/);
  tokens.fail(false);
  assert.equal(await source.token(), 't2');
});

test('a client sends the bearer token and retries once with a fresh one after a 401', async () => {
  const clock = new FakeClock();
  const tokens = issuer(clock);
  const source = new RefreshingTokenSource({ fetch: tokens.fetch, clock });
  const transport = new FakeTransport({
    handler: (req) =>
      req.headers['authorization'] === 'Bearer t2'
        ? jsonResponse(200, { metadata: { name: 'a' } })
        : statusResponse(401, 'Unauthorized', 'Unauthorized'),
  });
  const client = new KubeClient({ transport, clock, logger: quiet, qps: Infinity, bearerToken: source });
  const cm = await client
    .resource({ group: '', version: 'v1', resource: 'configmaps' })
    .namespace('d')
    .get('a');
  assert.equal(cm.metadata?.name, 'a');
  assert.deepEqual(
    transport.requests.map((r) => r.headers['authorization']),
    ['Bearer t1', 'Bearer t2'],
  );
  // A token that keeps failing is not retried forever: the 401 reaches the caller.
  const rejecting = new KubeClient({
    transport: new FakeTransport({ handler: () => statusResponse(401, 'Unauthorized', 'Unauthorized') }),
    clock,
    logger: quiet,
    qps: Infinity,
    bearerToken: source,
  });
  await assert.rejects(rejecting.resource({ group: '', version: 'v1', resource: 'configmaps' }).list(), {
    name: 'StatusError',
  });
});

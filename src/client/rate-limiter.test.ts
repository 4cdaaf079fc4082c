import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../base/clock.js';
import { TokenBucketRateLimiter, rateLimiterFor, unlimitedRateLimiter } from './rate-limiter.js';

test('a burst passes at once, then requests are spaced 1/qps apart', async () => {
  const clock = new FakeClock();
  const limiter = new TokenBucketRateLimiter({ qps: 5, burst: 2, clock });
  const done: number[] = [];
  const start = clock.now();
  for (let i = 0; i < 4; i++) void limiter.acquire().then(() => done.push(clock.now() - start));
  await clock.advance(0);
  assert.deepEqual(done, [0, 0]);
  await clock.advance(199);
  assert.deepEqual(done, [0, 0]);
  await clock.advance(1);
  assert.deepEqual(done, [0, 0, 200]);
  await clock.advance(200);
  assert.deepEqual(done, [0, 0, 200, 400]);
});

test('tokens refill while idle, up to the burst', async () => {
  const clock = new FakeClock();
  const limiter = new TokenBucketRateLimiter({ qps: 10, burst: 3, clock });
  for (let i = 0; i < 3; i++) await limiter.acquire();
  await clock.advance(10_000);
  let passed = 0;
  for (let i = 0; i < 4; i++) void limiter.acquire().then(() => passed++);
  await clock.advance(0);
  assert.equal(passed, 3);
});

test('an aborted wait rejects and gives its token back', async () => {
  const clock = new FakeClock();
  const limiter = new TokenBucketRateLimiter({ qps: 1, burst: 1, clock });
  await limiter.acquire();
  const ac = new AbortController();
  const waiting = limiter.acquire(ac.signal);
  ac.abort(new Error('cancelled'));
  await assert.rejects(waiting, /cancelled/);
  let passed = false;
  void limiter.acquire().then(() => (passed = true));
  await clock.advance(1000);
  assert.ok(passed);
});

test('qps Infinity means no limit', async () => {
  assert.equal(rateLimiterFor({ qps: Infinity, burst: 1 }), unlimitedRateLimiter);
  for (let i = 0; i < 1000; i++) await unlimitedRateLimiter.acquire();
});

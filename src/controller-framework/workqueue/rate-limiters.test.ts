import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../base/clock.js';
import { BucketRateLimiter } from './bucket-rate-limiter.js';
import { defaultControllerRateLimiter } from './default-controller-rate-limiter.js';
import { ItemExponentialFailureRateLimiter } from './item-exponential-failure-rate-limiter.js';
import { MaxOfRateLimiter } from './max-of-rate-limiter.js';
import { TokenBucket } from './token-bucket.js';

describe('ItemExponentialFailureRateLimiter', () => {
  it('doubles from 5 ms per failure and caps at 1000 s', () => {
    const limiter = new ItemExponentialFailureRateLimiter<string>({ baseDelayMs: 5, maxDelayMs: 1_000_000 });
    const delays = Array.from({ length: 21 }, () => limiter.when('a'));
    assert.deepEqual(delays.slice(0, 5), [5, 10, 20, 40, 80]);
    assert.equal(delays[17], 5 * 2 ** 17); // 655.36 s, the last step under the cap
    assert.deepEqual(delays.slice(18), [1_000_000, 1_000_000, 1_000_000]);
    assert.equal(limiter.numRequeues('a'), 21);
  });

  it('tracks items separately and starts over after forget', () => {
    const limiter = new ItemExponentialFailureRateLimiter<string>({ baseDelayMs: 5, maxDelayMs: 1_000_000 });
    limiter.when('a');
    limiter.when('a');
    assert.equal(limiter.when('b'), 5);
    limiter.forget('a');
    assert.equal(limiter.numRequeues('a'), 0);
    assert.equal(limiter.when('a'), 5);
  });

  it('caps instead of overflowing after very many failures', () => {
    const limiter = new ItemExponentialFailureRateLimiter<string>({ baseDelayMs: 5, maxDelayMs: 1_000_000 });
    let last = 0;
    for (let i = 0; i < 2000; i++) last = limiter.when('a');
    assert.equal(last, 1_000_000);
  });
});

describe('TokenBucket and BucketRateLimiter', () => {
  it('lets a burst of 100 through, then spaces retries 100 ms apart at 10 qps', () => {
    const clock = new FakeClock(0);
    const limiter = new BucketRateLimiter<string>({ qps: 10, burst: 100, clock });
    for (let i = 0; i < 100; i++) assert.equal(limiter.when(`item-${i}`), 0);
    assert.equal(limiter.when('x'), 100);
    assert.equal(limiter.when('y'), 200);
    assert.equal(limiter.numRequeues('x'), 0);
  });

  it('refills at qps up to the burst', async () => {
    const clock = new FakeClock(0);
    const bucket = new TokenBucket({ qps: 10, burst: 100, clock });
    for (let i = 0; i < 100; i++) bucket.reserve();
    await clock.advance(1000);
    for (let i = 0; i < 10; i++) assert.equal(bucket.reserve(), 0);
    assert.equal(bucket.reserve(), 100);
    await clock.advance(3_600_000);
    for (let i = 0; i < 100; i++) assert.equal(bucket.reserve(), 0, 'never more than burst');
    assert.ok(bucket.reserve() > 0);
  });

  it('tryAccept takes a token only when one is there', async () => {
    const clock = new FakeClock(0);
    const bucket = new TokenBucket({ qps: 1 / 300, burst: 2, clock });
    assert.equal(bucket.tryAccept(), true);
    assert.equal(bucket.tryAccept(), true);
    assert.equal(bucket.tryAccept(), false);
    await clock.advance(299_000);
    assert.equal(bucket.tryAccept(), false);
    await clock.advance(1_000);
    assert.equal(bucket.tryAccept(), true);
  });
});

describe('MaxOfRateLimiter and the default controller rate limiter', () => {
  it('waits for the longer of the per-item backoff and the overall bucket', () => {
    const clock = new FakeClock(0);
    const limiter = defaultControllerRateLimiter<string>({ clock });
    assert.equal(limiter.when('a'), 5);
    assert.equal(limiter.when('a'), 10);
    // Drain the bucket with other items: its wait then exceeds a fresh item's 5 ms backoff.
    for (let i = 0; i < 98; i++) limiter.when(`other-${i}`);
    assert.equal(limiter.when('fresh'), 100);
    assert.equal(limiter.numRequeues('a'), 2);
    limiter.forget('a');
    assert.equal(limiter.numRequeues('a'), 0);
  });

  it('asks every limiter so each records the failure', () => {
    const a = new ItemExponentialFailureRateLimiter<string>({ baseDelayMs: 1, maxDelayMs: 1000 });
    const b = new ItemExponentialFailureRateLimiter<string>({ baseDelayMs: 3, maxDelayMs: 1000 });
    const both = new MaxOfRateLimiter<string>({ limiters: [a, b] });
    assert.equal(both.when('k'), 3);
    assert.equal(a.numRequeues('k'), 1);
    assert.equal(b.numRequeues('k'), 1);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../base/clock.js';
import { ItemExponentialFailureRateLimiter } from './item-exponential-failure-rate-limiter.js';
import { RateLimitingQueue } from './rate-limiting-queue.js';

describe('RateLimitingQueue', () => {
  it('requeues failures after the backoff schedule and forget starts it over', async () => {
    const clock = new FakeClock(0);
    const q = new RateLimitingQueue<string>({ clock });
    const readyTimes: number[] = [];
    for (let i = 0; i < 4; i++) {
      const start = clock.now();
      q.addRateLimited('a');
      while (q.len() === 0) await clock.advance(1);
      readyTimes.push(clock.now() - start);
      const [item] = await q.get();
      q.done(item!);
    }
    assert.deepEqual(readyTimes, [5, 10, 20, 40]);
    assert.equal(q.numRequeues('a'), 4);
    q.forget('a');
    assert.equal(q.numRequeues('a'), 0);
    q.addRateLimited('a');
    await clock.advance(5);
    assert.equal(q.len(), 1);
  });

  it('uses the rate limiter it is given', async () => {
    const clock = new FakeClock(0);
    const q = new RateLimitingQueue<string>({
      clock,
      rateLimiter: new ItemExponentialFailureRateLimiter({ baseDelayMs: 1000, maxDelayMs: 1000 }),
    });
    q.addRateLimited('a');
    await clock.advance(999);
    assert.equal(q.len(), 0);
    await clock.advance(1);
    assert.equal(q.len(), 1);
  });
});

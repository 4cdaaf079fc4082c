import assert from 'node:assert/strict';
import { it } from 'node:test';
import { FakeClock } from '../../base/clock.js';
import { RateLimitedTimedQueue } from './rate-limited-timed-queue.js';

it('releases one node per 1/qps seconds, keeps handled nodes until removed, and stops at rate 0', async () => {
  const clock = new FakeClock(0);
  const q = new RateLimitedTimedQueue({ clock, qps: 0.1 });
  const handled: string[] = [];
  const pass = () => q.try(async (v) => (handled.push(v.value), { done: true }));
  assert.equal(q.add('a', 'ua'), true);
  assert.equal(q.add('b', 'ub'), true);
  assert.equal(q.add('a', 'ua'), false);
  await pass();
  assert.deepEqual(handled, ['a']);
  await clock.advance(5_000);
  await pass();
  assert.deepEqual(handled, ['a']);
  await clock.advance(5_000);
  await pass();
  assert.deepEqual(handled, ['a', 'b']);
  // Handled nodes are not queued again until removed.
  assert.equal(q.add('a', 'ua'), false);
  assert.equal(q.remove('a'), true);
  assert.equal(q.add('a', 'ua'), true);
  q.swapLimiter(0);
  await clock.advance(60_000);
  await pass();
  assert.deepEqual(handled, ['a', 'b']);
  q.swapLimiter(1);
  await pass();
  assert.deepEqual(handled, ['a', 'b'], 'a bucket that was empty starts empty');
  await clock.advance(1_000);
  await pass();
  assert.deepEqual(handled, ['a', 'b', 'a']);
});

it('retries an item later when asked to', async () => {
  const clock = new FakeClock(0);
  const q = new RateLimitedTimedQueue({ clock, qps: 100 });
  let calls = 0;
  q.add('x', 'u');
  const pass = () => q.try(async () => (++calls === 1 ? { done: false, retryAfterMs: 50 } : { done: true }));
  await pass();
  await clock.advance(20);
  await pass();
  assert.equal(calls, 1);
  await clock.advance(40);
  await pass();
  assert.equal(calls, 2);
  assert.equal(q.has('x'), false);
});

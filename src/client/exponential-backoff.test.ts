import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../base/clock.js';
import { ExponentialBackoff } from './exponential-backoff.js';

test('delays double from the initial value up to the cap', () => {
  const b = new ExponentialBackoff({ initialMs: 800, maxMs: 30_000, clock: new FakeClock() });
  const delays = Array.from({ length: 8 }, () => b.next());
  assert.deepEqual(delays, [800, 1600, 3200, 6400, 12_800, 25_600, 30_000, 30_000]);
});

test('jitter adds up to jitter × the delay on top', () => {
  const b = new ExponentialBackoff({ initialMs: 800, maxMs: 30_000, jitter: 1, random: () => 0.5 });
  assert.equal(b.next(), 1200);
  assert.equal(b.next(), 2400);
});

test('a quiet period longer than resetAfterMs starts over', async () => {
  const clock = new FakeClock();
  const b = new ExponentialBackoff({ initialMs: 800, maxMs: 30_000, resetAfterMs: 120_000, clock });
  b.next();
  b.next();
  await clock.advance(60_000);
  assert.equal(b.next(), 3200);
  await clock.advance(120_001);
  assert.equal(b.next(), 800);
});

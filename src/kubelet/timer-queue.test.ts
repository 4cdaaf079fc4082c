import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../base/clock.js';
import { TimerQueue } from './timer-queue.js';

function recorder(clock: FakeClock, maxBatch?: number) {
  const fired: [string, number][] = [];
  const t0 = clock.now();
  const queue = new TimerQueue<string>({
    clock,
    onDue: (key, now) => fired.push([key, now - t0]),
    ...(maxBatch !== undefined ? { maxBatch } : {}),
  });
  return { queue, fired, t0 };
}

test('fires keys in deadline order, each once, on one clock timer', async () => {
  const clock = new FakeClock();
  const { queue, fired, t0 } = recorder(clock);
  queue.schedule('c', t0 + 300);
  queue.schedule('a', t0 + 100);
  queue.schedule('b', t0 + 200);
  assert.equal(clock.pending, 1, 'only the earliest deadline holds a timer');
  await clock.advance(250);
  assert.deepEqual(fired, [
    ['a', 100],
    ['b', 200],
  ]);
  await clock.advance(1000);
  assert.deepEqual(
    fired.map(([k]) => k),
    ['a', 'b', 'c'],
  );
  assert.equal(queue.size, 0);
});

test('rescheduling a key replaces its deadline; cancel removes it', async () => {
  const clock = new FakeClock();
  const { queue, fired, t0 } = recorder(clock);
  queue.schedule('a', t0 + 100);
  queue.schedule('a', t0 + 500);
  queue.schedule('b', t0 + 200);
  queue.cancel('b');
  assert.equal(queue.deadlineOf('a'), t0 + 500);
  await clock.advance(1000);
  assert.deepEqual(fired, [['a', 500]]);
});

test('an earlier deadline re-arms the timer', async () => {
  const clock = new FakeClock();
  const { queue, fired, t0 } = recorder(clock);
  queue.schedule('late', t0 + 10_000);
  queue.schedule('soon', t0 + 10);
  await clock.advance(20);
  assert.deepEqual(fired, [['soon', 10]]);
});

test('a burst of due keys runs in batches, yielding between them', async () => {
  const clock = new FakeClock();
  const { queue, fired, t0 } = recorder(clock, 10);
  for (let i = 0; i < 25; i++) queue.schedule(`k${i}`, t0 + 5);
  await clock.advance(5);
  assert.equal(fired.length, 25);
  assert.deepEqual(
    fired.slice(0, 3).map(([k]) => k),
    ['k0', 'k1', 'k2'],
  );
});

test('keys scheduled from a callback fire in the same pass when already due', async () => {
  const clock = new FakeClock();
  const t0 = clock.now();
  const fired: string[] = [];
  const queue: TimerQueue<string> = new TimerQueue<string>({
    clock,
    onDue: (key) => {
      fired.push(key);
      if (key === 'first') queue.schedule('second', t0);
    },
  });
  queue.schedule('first', t0 + 1);
  await clock.advance(1);
  assert.deepEqual(fired, ['first', 'second']);
});

test('close drops every deadline', async () => {
  const clock = new FakeClock();
  const { queue, fired, t0 } = recorder(clock);
  queue.schedule('a', t0 + 1);
  queue.close();
  queue.schedule('b', t0 + 1);
  await clock.advance(10);
  assert.deepEqual(fired, []);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../base/clock.js';
import { WriteQueue } from './write-queue.js';

/** A write that waits until the test releases it. */
function gate() {
  const waiting: { key: string; release: (err?: Error) => void }[] = [];
  const write = (key: string) =>
    new Promise<void>((resolve, reject) =>
      waiting.push({ key, release: (err) => (err ? reject(err) : resolve()) }),
    );
  const releaseAll = async (err?: Error) => {
    for (const w of waiting.splice(0)) w.release(err);
    await new Promise((r) => setImmediate(r));
  };
  return { write, waiting, releaseAll };
}

test('coalesces repeated enqueues of a waiting key into one write', async () => {
  const clock = new FakeClock();
  const g = gate();
  const q = new WriteQueue<string>({ clock, write: g.write, concurrency: 1 });
  q.enqueue('a');
  q.enqueue('b');
  q.enqueue('b');
  q.enqueue('b');
  assert.deepEqual(
    g.waiting.map((w) => w.key),
    ['a'],
  );
  await g.releaseAll();
  assert.deepEqual(
    g.waiting.map((w) => w.key),
    ['b'],
  );
  await g.releaseAll();
  assert.equal(q.written, 2);
  await q.idle();
});

test('never runs a key twice at once: an enqueue during its write writes it once more afterwards', async () => {
  const clock = new FakeClock();
  const g = gate();
  const q = new WriteQueue<string>({ clock, write: g.write, concurrency: 4 });
  q.enqueue('a');
  q.enqueue('a');
  assert.equal(g.waiting.length, 1);
  await g.releaseAll();
  assert.deepEqual(
    g.waiting.map((w) => w.key),
    ['a'],
  );
  await g.releaseAll();
  assert.equal(q.written, 2);
});

test('lower lanes go first, and a key can move up to a better lane', async () => {
  const clock = new FakeClock();
  const g = gate();
  const q = new WriteQueue<string>({ clock, write: g.write, concurrency: 1, lanes: 3 });
  q.enqueue('busy', 0);
  q.enqueue('pod', 2);
  q.enqueue('node', 1);
  q.enqueue('lease', 0);
  q.enqueue('pod2', 2);
  q.enqueue('pod2', 0);
  const order: string[] = [];
  for (let i = 0; i < 5; i++) {
    order.push(g.waiting[0]!.key);
    await g.releaseAll();
  }
  assert.deepEqual(order, ['busy', 'lease', 'pod2', 'node', 'pod']);
});

test('retries a failed write after a doubling backoff', async () => {
  const clock = new FakeClock();
  const g = gate();
  const errors: string[] = [];
  const q = new WriteQueue<string>({
    clock,
    write: g.write,
    retry: { initialMs: 100, maxMs: 1000 },
    onError: (key) => errors.push(key),
  });
  q.enqueue('a');
  await g.releaseAll(new Error('boom'));
  assert.deepEqual(errors, ['a']);
  q.enqueue('a'); // the pending retry will write the latest state anyway
  await clock.advance(99);
  assert.equal(g.waiting.length, 0);
  await clock.advance(1);
  assert.equal(g.waiting.length, 1);
  await g.releaseAll(new Error('again'));
  await clock.advance(199);
  assert.equal(g.waiting.length, 0);
  await clock.advance(1);
  assert.equal(g.waiting.length, 1);
  await g.releaseAll();
  assert.equal(q.failed, 2);
  assert.equal(q.written, 1);
});

test('forget drops a queued write and a pending retry', async () => {
  const clock = new FakeClock();
  const g = gate();
  const q = new WriteQueue<string>({
    clock,
    write: g.write,
    concurrency: 1,
    retry: { initialMs: 10, maxMs: 10 },
  });
  q.enqueue('a');
  q.enqueue('b');
  q.forget('b');
  await g.releaseAll(new Error('fail'));
  q.forget('a');
  await clock.advance(100);
  assert.equal(g.waiting.length, 0);
  await q.idle();
});

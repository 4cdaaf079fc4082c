import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../base/clock.js';
import { Registry } from '../../base/metrics/index.js';
import { Queue } from './queue.js';
import { WorkqueueMetrics } from './workqueue-metrics.js';

/** Resolves with the item if `get` settles within a few turns of the event loop, else 'pending'. */
async function getNow<T>(queue: Queue<T>): Promise<T | 'pending' | 'shutdown'> {
  const result = queue.get().then(([item, shutdown]) => (shutdown ? 'shutdown' : item));
  const pending = new Promise<'pending'>((r) => setImmediate(() => r('pending')));
  return Promise.race([result, pending]);
}

describe('Queue', () => {
  it('processes an item added twice before a worker takes it once', async () => {
    const q = new Queue<string>();
    q.add('a');
    q.add('b');
    q.add('a');
    assert.equal(q.len(), 2);
    assert.deepEqual(await q.get(), ['a', false]);
    assert.deepEqual(await q.get(), ['b', false]);
    assert.equal(q.len(), 0);
  });

  it('hands items out in the order they were first added', async () => {
    const q = new Queue<number>();
    for (const n of [3, 1, 2, 1, 3]) q.add(n);
    const got: number[] = [];
    for (let i = 0; i < 3; i++) {
      const [item] = await q.get();
      got.push(item!);
    }
    assert.deepEqual(got, [3, 1, 2]);
  });

  it('defers an item re-added while it is processed until done, then hands it out once', async () => {
    const q = new Queue<string>();
    q.add('a');
    const [a] = await q.get();
    q.add('a');
    q.add('a');
    assert.equal(q.len(), 0, 'not queued while a worker holds it');
    const second = q.get();
    assert.equal(await getNow(q), 'pending');
    q.done(a!);
    assert.deepEqual(await second, ['a', false]);
    q.done('a');
    assert.equal(q.len(), 0);
  });

  it('never lets two concurrent workers process the same key', async () => {
    const q = new Queue<string>();
    const active = new Set<string>();
    const processed = new Map<string, number>();
    let overlaps = 0;
    const worker = async () => {
      for (;;) {
        const [key, shutdown] = await q.get();
        if (shutdown) return;
        if (active.has(key)) overlaps++;
        active.add(key);
        // Yield a varying number of turns so other workers run while this key is held.
        for (let i = 0; i < (key.length % 3) + 1; i++) await new Promise((r) => setImmediate(r));
        processed.set(key, (processed.get(key) ?? 0) + 1);
        active.delete(key);
        q.done(key);
      }
    };
    const workers = Array.from({ length: 8 }, () => worker());
    const keys = ['a', 'bb', 'ccc', 'dddd'];
    for (let round = 0; round < 50; round++) {
      for (const k of keys) q.add(k);
      await new Promise((r) => setImmediate(r));
    }
    await q.shutDownWithDrain();
    await Promise.all(workers);
    assert.equal(overlaps, 0);
    for (const k of keys) assert.ok((processed.get(k) ?? 0) >= 1, `${k} processed`);
  });

  it('wakes a waiting worker when an item arrives', async () => {
    const q = new Queue<string>();
    const waiting = q.get();
    q.add('x');
    assert.deepEqual(await waiting, ['x', false]);
  });

  it('after shutDown ignores adds, still hands out queued items, then reports shutdown', async () => {
    const q = new Queue<string>();
    q.add('a');
    q.shutDown();
    q.add('b');
    assert.equal(q.shuttingDown(), true);
    assert.deepEqual(await q.get(), ['a', false]);
    assert.deepEqual(await q.get(), [undefined, true]);
  });

  it('shutDown releases workers blocked in get', async () => {
    const q = new Queue<string>();
    const blocked = [q.get(), q.get()];
    q.shutDown();
    assert.deepEqual(await Promise.all(blocked), [
      [undefined, true],
      [undefined, true],
    ]);
  });

  it('shutDownWithDrain resolves only after in-flight and queued items are done', async () => {
    const q = new Queue<string>();
    q.add('a');
    q.add('b');
    const [a] = await q.get();
    let drained = false;
    const drain = q.shutDownWithDrain().then(() => (drained = true));
    await new Promise((r) => setImmediate(r));
    assert.equal(drained, false);
    q.done(a!);
    await new Promise((r) => setImmediate(r));
    assert.equal(drained, false, 'b is still queued');
    const [b] = await q.get();
    q.done(b!);
    await drain;
    assert.equal(drained, true);
    assert.deepEqual(await q.get(), [undefined, true]);
  });

  it('a plain shutDown releases a pending drain', async () => {
    const q = new Queue<string>();
    q.add('a');
    await q.get();
    const drain = q.shutDownWithDrain();
    q.shutDown();
    await drain;
  });

  it('records the workqueue_* metrics of a named queue', async () => {
    const clock = new FakeClock(0);
    const registry = new Registry();
    const q = new Queue<string>({ name: 'pods', clock, metrics: new WorkqueueMetrics({ registry }) });
    q.add('a');
    q.add('a');
    q.add('b');
    await clock.advance(2000);
    const [a] = await q.get();
    await clock.advance(3000);
    let text = registry.render();
    assert.match(text, /^workqueue_depth\{name="pods"\} 1$/m);
    assert.match(text, /^workqueue_adds_total\{name="pods"\} 2$/m);
    assert.match(text, /^workqueue_queue_duration_seconds_sum\{name="pods"\} 2$/m);
    assert.match(text, /^workqueue_unfinished_work_seconds\{name="pods"\} 3$/m);
    assert.match(text, /^workqueue_longest_running_processor_seconds\{name="pods"\} 3$/m);
    q.done(a!);
    text = registry.render();
    assert.match(text, /^workqueue_work_duration_seconds_sum\{name="pods"\} 3$/m);
    assert.match(text, /^workqueue_work_duration_seconds_count\{name="pods"\} 1$/m);
    assert.match(text, /^workqueue_unfinished_work_seconds\{name="pods"\} 0$/m);
    assert.ok(registry.get('workqueue_retries_total'), 'retries are registered too');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../base/clock.js';
import { Registry } from '../../base/metrics/index.js';
import { DelayingQueue } from './delaying-queue.js';
import { WorkqueueMetrics } from './workqueue-metrics.js';

describe('DelayingQueue', () => {
  it('adds an item only once its delay has passed on the clock', async () => {
    const clock = new FakeClock(0);
    const q = new DelayingQueue<string>({ clock });
    q.addAfter('a', 50);
    assert.equal(q.len(), 0);
    assert.equal(q.waiting(), 1);
    await clock.advance(49);
    assert.equal(q.len(), 0);
    await clock.advance(1);
    assert.equal(q.len(), 1);
    assert.equal(q.waiting(), 0);
    assert.deepEqual(await q.get(), ['a', false]);
  });

  it('adds at once for a zero or negative delay', () => {
    const q = new DelayingQueue<string>({ clock: new FakeClock(0) });
    q.addAfter('a', 0);
    q.addAfter('b', -5);
    assert.equal(q.len(), 2);
  });

  it('moves a waiting item earlier, never later', async () => {
    const clock = new FakeClock(0);
    const q = new DelayingQueue<string>({ clock });
    q.addAfter('a', 100);
    q.addAfter('a', 30);
    q.addAfter('a', 500);
    assert.equal(q.waiting(), 1);
    await clock.advance(30);
    assert.equal(q.len(), 1);
    await clock.advance(1000);
    assert.equal(q.len(), 1, 'the later request was dropped');
  });

  it('releases items in time order, several on one tick', async () => {
    const clock = new FakeClock(0);
    const q = new DelayingQueue<string>({ clock });
    q.addAfter('c', 30);
    q.addAfter('a', 10);
    q.addAfter('b', 20);
    q.addAfter('b2', 20);
    await clock.advance(25);
    const got: string[] = [];
    while (q.len() > 0) got.push((await q.get())[0]!);
    assert.deepEqual(got, ['a', 'b', 'b2']);
    await clock.advance(5);
    assert.deepEqual(await q.get(), ['c', false]);
  });

  it('deduplicates an item that became ready while already queued', async () => {
    const clock = new FakeClock(0);
    const q = new DelayingQueue<string>({ clock });
    q.add('a');
    q.addAfter('a', 10);
    await clock.advance(10);
    assert.equal(q.len(), 1);
  });

  it('drops waiting items on shutdown and ignores later addAfter', async () => {
    const clock = new FakeClock(0);
    const q = new DelayingQueue<string>({ clock });
    q.addAfter('a', 10);
    q.shutDown();
    q.addAfter('b', 10);
    await clock.advance(100);
    assert.equal(q.len(), 0);
    assert.equal(clock.pending, 0);
    assert.deepEqual(await q.get(), [undefined, true]);
  });

  it('counts every addAfter as a retry', () => {
    const registry = new Registry();
    const q = new DelayingQueue<string>({
      name: 'retrying',
      clock: new FakeClock(0),
      metrics: new WorkqueueMetrics({ registry }),
    });
    q.addAfter('a', 10);
    q.addAfter('a', 0);
    assert.match(registry.render(), /^workqueue_retries_total\{name="retrying"\} 2$/m);
  });
});

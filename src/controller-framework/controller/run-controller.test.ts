import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../base/clock.js';
import { createLogger } from '../../base/logger.js';
import { RateLimitingQueue } from '../workqueue/rate-limiting-queue.js';
import { TerminalError } from './reconciler.js';
import type { Reconciler } from './reconciler.js';
import { runController } from './run-controller.js';

const log = createLogger('test', { write: () => {} });

function setup(
  reconcile: Reconciler<string>,
  options: { workers?: number; hasSynced?: (() => boolean)[] } = {},
) {
  const clock = new FakeClock(0);
  const queue = new RateLimitingQueue<string>({ clock });
  const controller = new AbortController();
  const done = runController({
    name: 'test',
    queue,
    workers: options.workers ?? 1,
    reconcile,
    signal: controller.signal,
    clock,
    log,
    ...(options.hasSynced ? { hasSynced: options.hasSynced } : {}),
  });
  const stop = async () => {
    controller.abort();
    await clock.advance(0);
    await done;
  };
  return { clock, queue, stop };
}

describe('runController', () => {
  it('reconciles a key added twice while waiting once, and forgets its backoff on success', async () => {
    const calls: string[] = [];
    const { clock, queue, stop } = setup(async (key) => {
      calls.push(key);
      await clock.sleep(10);
    });
    queue.add('busy'); // keeps the only worker occupied while ns/a is added twice
    queue.add('ns/a');
    queue.add('ns/a');
    await clock.advance(100);
    assert.deepEqual(calls, ['busy', 'ns/a']);
    assert.equal(queue.numRequeues('ns/a'), 0);
    await stop();
  });

  it('requeues a failing key with the rate-limited backoff until it succeeds', async () => {
    const times: number[] = [];
    const { clock, queue, stop } = setup(async () => {
      times.push(clock.now());
      if (times.length <= 3) throw new Error('transient');
    });
    queue.add('k');
    await clock.advance(1_000);
    assert.deepEqual(times, [0, 5, 15, 35]);
    assert.equal(queue.numRequeues('k'), 0, 'forgotten after the success');
    await stop();
  });

  it('requeues after requeueAfter without counting it as a failure', async () => {
    const times: number[] = [];
    const { clock, queue, stop } = setup(async () => {
      times.push(clock.now());
      return { requeueAfter: 30_000 };
    });
    queue.add('k');
    await clock.advance(65_000);
    assert.deepEqual(times, [0, 30_000, 60_000]);
    assert.equal(queue.numRequeues('k'), 0);
    await stop();
  });

  it('requeues rate-limited on requeue: true', async () => {
    const times: number[] = [];
    const { clock, queue, stop } = setup(async () => {
      times.push(clock.now());
      return times.length < 3 ? { requeue: true } : {};
    });
    queue.add('k');
    await clock.advance(1_000);
    assert.deepEqual(times, [0, 5, 15]);
    await stop();
  });

  it('does not retry a TerminalError', async () => {
    let calls = 0;
    const { clock, queue, stop } = setup(async () => {
      calls++;
      throw new TerminalError('invalid spec');
    });
    queue.add('k');
    await clock.advance(10_000);
    assert.equal(calls, 1);
    assert.equal(queue.numRequeues('k'), 0);
    await stop();
  });

  it('never reconciles one key on two workers, even when re-added mid-reconcile', async () => {
    const active = new Set<string>();
    let overlaps = 0;
    let calls = 0;
    const { clock, queue, stop } = setup(
      async (key) => {
        calls++;
        if (active.has(key)) overlaps++;
        active.add(key);
        await clock.sleep(10);
        active.delete(key);
      },
      { workers: 4 },
    );
    queue.add('a');
    await clock.advance(1);
    queue.add('a'); // arrives while 'a' is being reconciled: deferred, not parallel
    queue.add('b');
    await clock.advance(50);
    assert.equal(overlaps, 0);
    assert.equal(calls, 3);
    await stop();
  });

  it('waits for the caches before the first reconcile', async () => {
    let synced = false;
    const calls: number[] = [];
    const { clock, queue, stop } = setup(
      async () => {
        calls.push(clock.now());
      },
      { hasSynced: [() => true, () => synced] },
    );
    queue.add('k');
    await clock.advance(1_000);
    assert.deepEqual(calls, []);
    synced = true;
    await clock.advance(100);
    assert.deepEqual(calls, [1_100]);
    await stop();
  });

  it('stops on abort: the signal reaches the reconcile, waiting keys are dropped', async () => {
    let seen: AbortSignal | undefined;
    let calls = 0;
    const { clock, queue, stop } = setup(async (_key, signal) => {
      calls++;
      seen = signal;
      await clock.sleep(1_000);
    });
    queue.add('a');
    queue.add('b');
    await clock.advance(1);
    const stopped = stop();
    await clock.advance(1_000);
    await stopped;
    assert.equal(seen?.aborted, true);
    assert.equal(calls, 1);
    assert.equal(queue.shuttingDown(), true);
  });
});

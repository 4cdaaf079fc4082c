import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from './clock.js';

describe('FakeClock', () => {
  it('fires timers in time order only when advanced past them', async () => {
    const clock = new FakeClock(0);
    const fired: string[] = [];
    clock.after(200, () => fired.push('b'));
    clock.after(100, () => fired.push('a'));
    const cancel = clock.after(150, () => fired.push('cancelled'));
    cancel();
    await clock.advance(99);
    assert.deepEqual(fired, []);
    await clock.advance(101);
    assert.deepEqual(fired, ['a', 'b']);
    assert.equal(clock.now(), 200);
  });

  it('lets async code scheduled by a timer make progress within one advance', async () => {
    const clock = new FakeClock(0);
    const steps: number[] = [];
    void (async () => {
      await clock.sleep(10);
      steps.push(clock.now());
      await clock.sleep(10);
      steps.push(clock.now());
    })();
    await clock.advance(25);
    assert.deepEqual(steps, [10, 20]);
  });

  it('sleep rejects when aborted', async () => {
    const clock = new FakeClock(0);
    const controller = new AbortController();
    const p = clock.sleep(1000, controller.signal);
    controller.abort(new Error('stop'));
    await assert.rejects(p, /stop/);
    assert.equal(clock.pending, 0);
  });
});

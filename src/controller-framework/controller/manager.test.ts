import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../base/clock.js';
import { createLogger } from '../../base/logger.js';
import { FakeLeaseStore } from '../leader-election/fake-lease-store.js';
import type { FakeLeaseClient } from '../leader-election/fake-lease-store.js';
import { LeaseLock } from '../leader-election/lease-lock.js';
import { Controller } from './controller.js';
import { Manager } from './manager.js';
import { runnableFunc } from './runnable.js';

const log = createLogger('test', { write: () => {} });

/** A runnable that records when it runs and returns once its signal aborts. */
function probe(clock: FakeClock, needLeaderElection?: boolean) {
  const state = { running: false, starts: 0, stoppedAt: undefined as number | undefined };
  const runnable = runnableFunc(
    (signal) =>
      new Promise<void>((resolve) => {
        state.running = true;
        state.starts++;
        signal.addEventListener('abort', () => {
          state.running = false;
          state.stoppedAt = clock.now();
          resolve();
        });
      }),
    needLeaderElection === undefined ? {} : { needLeaderElection },
  );
  return { runnable, state };
}

function electedManager(store: FakeLeaseStore, clock: FakeClock, identity: string) {
  const client: FakeLeaseClient = store.client();
  const manager = new Manager({
    clock,
    log,
    leaderElection: {
      lock: new LeaseLock({ client, namespace: 'kube-system', name: 'k8ts-controller-manager' }),
      identity,
      releaseOnCancel: true,
      random: () => 0,
    },
  });
  return { manager, client };
}

describe('Manager', () => {
  it('starts runnables once the caches have synced and stops them on abort', async () => {
    const clock = new FakeClock(0);
    let synced = false;
    const manager = new Manager({ clock, log, hasSynced: [() => synced] });
    const p = probe(clock);
    manager.add(p.runnable);
    const controller = new AbortController();
    const done = manager.start(controller.signal);
    await clock.advance(500);
    assert.equal(p.state.running, false);
    synced = true;
    await clock.advance(100);
    assert.equal(p.state.running, true);
    controller.abort();
    await done;
    assert.equal(p.state.running, false);
  });

  it('runs a Controller that reconciles enqueued keys', async () => {
    const clock = new FakeClock(0);
    const seen: string[] = [];
    const ctrl = new Controller<string>({
      name: 'demo',
      clock,
      log,
      reconcile: async (key) => {
        seen.push(key);
      },
    });
    const manager = new Manager({ clock, log });
    manager.add(ctrl);
    const controller = new AbortController();
    const done = manager.start(controller.signal);
    ctrl.enqueue('default/web');
    await clock.advance(0);
    assert.deepEqual(seen, ['default/web']);
    controller.abort();
    await done;
  });

  it('rejects with the first runnable failure after stopping the others', async () => {
    const clock = new FakeClock(0);
    const manager = new Manager({ clock, log });
    const p = probe(clock);
    manager.add(p.runnable);
    manager.add(runnableFunc(() => Promise.reject(new Error('boom'))));
    await assert.rejects(manager.start(new AbortController().signal), /boom/);
    assert.equal(p.state.running, false);
  });

  it('runs leader-elected runnables on one replica only and fails over on shutdown', async () => {
    const clock = new FakeClock(0);
    const store = new FakeLeaseStore();
    const a = electedManager(store, clock, 'a');
    const b = electedManager(store, clock, 'b');
    const aElected = probe(clock);
    const aEverywhere = probe(clock, false);
    const bElected = probe(clock);
    const bEverywhere = probe(clock, false);
    a.manager.add(aElected.runnable);
    a.manager.add(aEverywhere.runnable);
    b.manager.add(bElected.runnable);
    b.manager.add(bEverywhere.runnable);
    const aStop = new AbortController();
    const bStop = new AbortController();
    const aDone = a.manager.start(aStop.signal);
    await clock.advance(0);
    const bDone = b.manager.start(bStop.signal);
    await clock.advance(30_000);
    assert.deepEqual(
      [aElected.state.running, aEverywhere.state.running, bElected.state.running, bEverywhere.state.running],
      [true, true, false, true],
    );

    aStop.abort();
    await aDone;
    assert.equal(aElected.state.running, false);
    assert.equal(store.peek('kube-system', 'k8ts-controller-manager')?.spec?.holderIdentity, '');
    await clock.advance(2_000);
    assert.equal(bElected.state.running, true, 'b took over at its next attempt after the release');

    bStop.abort();
    await bDone;
  });

  it('stops everything and rejects when leadership is lost', async () => {
    const clock = new FakeClock(0);
    const store = new FakeLeaseStore();
    const a = electedManager(store, clock, 'a');
    const elected = probe(clock);
    const everywhere = probe(clock, false);
    a.manager.add(elected.runnable);
    a.manager.add(everywhere.runnable);
    const done = a.manager.start(new AbortController().signal);
    const rejected = assert.rejects(done, /leader election lost/);
    await clock.advance(1_000);
    assert.equal(elected.state.running, true);
    a.client.partitioned = true;
    await clock.advance(20_000);
    await rejected;
    assert.equal(elected.state.running, false);
    assert.equal(everywhere.state.running, false);
  });
});

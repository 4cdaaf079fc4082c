import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../base/clock.js';
import { createLogger } from '../../base/logger.js';
import { parseRfc3339 } from '../../base/rfc3339.js';
import type { ElectionPhase } from './election-phase.js';
import { FakeLeaseStore } from './fake-lease-store.js';
import type { FakeLeaseClient } from './fake-lease-store.js';
import { LeaderElector } from './leader-elector.js';
import type { LeaderElectorOptions } from './leader-elector.js';
import { LeaseLock } from './lease-lock.js';

const quiet = createLogger('test', { write: () => {} });

interface Candidate {
  readonly id: string;
  readonly elector: LeaderElector;
  readonly client: FakeLeaseClient;
  readonly controller: AbortController;
  /** Phase changes with the fake time they happened at. */
  readonly transitions: { at: number; from: ElectionPhase; to: ElectionPhase }[];
  readonly log: string[];
  leadingSignal?: AbortSignal;
  startedAt?: number;
  stoppedAt?: number;
  readonly done: Promise<void>;
}

function candidate(
  store: FakeLeaseStore,
  clock: FakeClock,
  id: string,
  options: Partial<LeaderElectorOptions> = {},
): Candidate {
  const client = store.client();
  const controller = new AbortController();
  const c: Partial<Candidate> & Pick<Candidate, 'transitions' | 'log'> = { transitions: [], log: [] };
  const elector = new LeaderElector({
    lock: new LeaseLock({ client, namespace: 'kube-system', name: 'kube-controller-manager' }),
    identity: id,
    clock,
    log: quiet,
    random: () => 0.5,
    onTransition: (from, to) => c.transitions.push({ at: clock.now(), from, to }),
    callbacks: {
      onStartedLeading: (signal) => {
        c.leadingSignal = signal;
        c.startedAt = clock.now();
        c.log.push('started');
      },
      onStoppedLeading: () => {
        c.stoppedAt = clock.now();
        c.log.push('stopped');
      },
      onNewLeader: (leader) => c.log.push(`leader=${leader}`),
    },
    ...options,
  });
  return Object.assign(c, {
    id,
    elector,
    client,
    controller,
    done: elector.run(controller.signal),
  }) as Candidate;
}

function lease(store: FakeLeaseStore) {
  return store.peek('kube-system', 'kube-controller-manager')?.spec;
}

describe('LeaderElector', () => {
  it('creates a missing lease and leads, with upstream defaults', async () => {
    const clock = new FakeClock(0);
    const store = new FakeLeaseStore();
    const a = candidate(store, clock, 'a');
    await clock.advance(0);
    assert.equal(a.elector.phase, 'Leader');
    assert.equal(a.elector.isLeader(), true);
    assert.deepEqual(a.log, ['leader=a', 'started']);
    assert.equal(a.leadingSignal?.aborted, false);
    assert.deepEqual(lease(store), {
      holderIdentity: 'a',
      leaseDurationSeconds: 15,
      acquireTime: '1970-01-01T00:00:00.000000Z',
      renewTime: '1970-01-01T00:00:00.000000Z',
      leaseTransitions: 0,
    });
    a.controller.abort();
    await clock.advance(0);
    await a.done;
  });

  it('renews every retry period, keeping acquireTime', async () => {
    const clock = new FakeClock(0);
    const store = new FakeLeaseStore();
    const a = candidate(store, clock, 'a');
    await clock.advance(0);
    for (const t of [2000, 4000, 6000]) {
      await clock.advance(2000);
      assert.equal(parseRfc3339(lease(store)!.renewTime!).getTime(), t);
    }
    assert.equal(lease(store)!.acquireTime, '1970-01-01T00:00:00.000000Z');
    a.controller.abort();
    await clock.advance(0);
    await a.done;
  });

  it('a second candidate follows while the leader renews', async () => {
    const clock = new FakeClock(0);
    const store = new FakeLeaseStore();
    const a = candidate(store, clock, 'a');
    await clock.advance(0);
    const b = candidate(store, clock, 'b');
    await clock.advance(60_000);
    assert.equal(a.elector.phase, 'Leader');
    assert.equal(b.elector.phase, 'Follower');
    assert.equal(b.elector.getLeader(), 'a');
    assert.deepEqual(b.log, ['leader=a']);
    for (const c of [a, b]) c.controller.abort();
    await clock.advance(0);
    await Promise.all([a.done, b.done]);
  });

  it('fails over within the lease duration when the leader stops renewing, never overlapping', async () => {
    const clock = new FakeClock(0);
    const store = new FakeLeaseStore();
    const a = candidate(store, clock, 'a');
    await clock.advance(0);
    const b = candidate(store, clock, 'b');
    await clock.advance(30_000);
    assert.equal(a.elector.phase, 'Leader');

    a.client.partitioned = true; // a can no longer reach the API: its renewals fail
    const lastRenew = parseRfc3339(lease(store)!.renewTime!).getTime();
    await clock.advance(40_000);

    // a steps down once its renew deadline passes...
    assert.equal(a.elector.phase, 'Lost');
    assert.equal(a.elector.isLeader(), false);
    assert.equal(a.leadingSignal?.aborted, true);
    assert.ok(
      a.stoppedAt! - lastRenew <= 2_000 + 10_000,
      `a stopped ${a.stoppedAt! - lastRenew} ms after renewing`,
    );
    await a.done;

    // ...and b takes over once the lease expired, not before and not much later.
    assert.equal(b.elector.phase, 'Leader');
    const takeover = b.startedAt! - lastRenew;
    const maxRetry = 2_000 * (1 + 0.5 * 1.2);
    assert.ok(takeover >= 15_000, `b took over after ${takeover} ms, before the lease expired`);
    assert.ok(takeover <= 15_000 + 2 * maxRetry, `b took over only after ${takeover} ms`);
    assert.ok(a.stoppedAt! < b.startedAt!, 'the old leader stopped before the new one started');
    assert.equal(lease(store)!.holderIdentity, 'b');
    assert.equal(lease(store)!.leaseTransitions, 1);
    assert.deepEqual(
      b.transitions.map((t) => t.to),
      ['Follower', 'Leader'],
    );

    b.controller.abort();
    await clock.advance(0);
    await b.done;
  });

  it('loses leadership exactly at the renew deadline when renewals keep failing', async () => {
    const clock = new FakeClock(0);
    const store = new FakeLeaseStore();
    const a = candidate(store, clock, 'a');
    await clock.advance(2_000); // renewed at 2 s
    a.client.partitioned = true;
    await clock.advance(30_000);
    // The round starting at 4 s retries at 4, 6, 8, 10, 12 s and gives up at its 14 s deadline.
    assert.deepEqual(a.transitions.at(-1), { at: 14_000, from: 'Leader', to: 'Lost' });
    assert.deepEqual(a.log, ['leader=a', 'started', 'stopped']);
    await a.done;
  });

  it('releases on cancel so a successor need not wait for expiry', async () => {
    const clock = new FakeClock(0);
    const store = new FakeLeaseStore();
    const a = candidate(store, clock, 'a', { releaseOnCancel: true });
    await clock.advance(0);
    const b = candidate(store, clock, 'b');
    await clock.advance(10_000);
    a.controller.abort();
    await clock.advance(0);
    await a.done;
    assert.equal(a.elector.phase, 'Released');
    assert.equal(a.leadingSignal?.aborted, true);
    assert.deepEqual(
      a.transitions.map((t) => t.to),
      ['Leader', 'Releasing', 'Released'],
    );
    assert.equal(lease(store)!.holderIdentity, '');
    assert.equal(lease(store)!.leaseDurationSeconds, 1);
    await clock.advance(4_000); // b's next jittered attempt finds the lease free
    assert.equal(b.elector.phase, 'Leader');
    assert.ok(b.startedAt! - 10_000 <= 3_200, 'b took over at its next attempt');
    b.controller.abort();
    await clock.advance(0);
    await b.done;
  });

  it('without releaseOnCancel stops and leaves the lease to expire', async () => {
    const clock = new FakeClock(0);
    const store = new FakeLeaseStore();
    const a = candidate(store, clock, 'a');
    await clock.advance(0);
    a.controller.abort();
    await clock.advance(0);
    await a.done;
    assert.equal(a.elector.phase, 'Stopped');
    assert.equal(lease(store)!.holderIdentity, 'a');
  });

  it('lets exactly one of two simultaneous candidates win an empty store', async () => {
    const clock = new FakeClock(0);
    const store = new FakeLeaseStore();
    const a = candidate(store, clock, 'a');
    const b = candidate(store, clock, 'b');
    await clock.advance(20_000);
    const phases = [a.elector.phase, b.elector.phase].sort();
    assert.deepEqual(phases, ['Follower', 'Leader']);
    for (const c of [a, b]) c.controller.abort();
    await clock.advance(0);
    await Promise.all([a.done, b.done]);
  });

  it('calls onStoppedLeading even when cancelled before ever leading', async () => {
    const clock = new FakeClock(0);
    const store = new FakeLeaseStore();
    const a = candidate(store, clock, 'a');
    await clock.advance(0);
    const b = candidate(store, clock, 'b');
    await clock.advance(3_000);
    b.controller.abort();
    await clock.advance(0);
    await b.done;
    assert.equal(b.elector.phase, 'Stopped');
    assert.deepEqual(b.log, ['leader=a', 'stopped']);
    assert.equal(b.startedAt, undefined);
    a.controller.abort();
    await clock.advance(0);
    await a.done;
  });

  it('retries while the API is unreachable and leads once it answers', async () => {
    const clock = new FakeClock(0);
    const store = new FakeLeaseStore();
    const a = candidate(store, clock, 'a');
    a.client.partitioned = true;
    await clock.advance(10_000);
    assert.equal(a.elector.phase, 'Candidate');
    assert.ok(a.client.requests >= 3);
    a.client.partitioned = false;
    await clock.advance(4_000);
    assert.equal(a.elector.phase, 'Leader');
    a.controller.abort();
    await clock.advance(0);
    await a.done;
  });

  it('rejects timings that could let two leaders overlap', () => {
    const lock = new LeaseLock({ client: new FakeLeaseStore().client(), namespace: 'ns', name: 'l' });
    const callbacks = { onStartedLeading: () => {} };
    assert.throws(
      () =>
        new LeaderElector({
          lock,
          identity: 'a',
          callbacks,
          leaseDurationMs: 10_000,
          renewDeadlineMs: 10_000,
        }),
      /leaseDuration must be greater than renewDeadline/,
    );
    assert.throws(
      () =>
        new LeaderElector({ lock, identity: 'a', callbacks, renewDeadlineMs: 2_400, retryPeriodMs: 2_000 }),
      /renewDeadline must be greater than retryPeriod\*JitterFactor/,
    );
    assert.throws(() => new LeaderElector({ lock, identity: '', callbacks }), /identity is empty/);
  });
});

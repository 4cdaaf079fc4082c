import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../base/clock.js';
import { QueueSet, type QueuingConfig, type Rejection, type StartResult, type Ticket } from './queue-set.js';
import { flowHash } from './shuffle-shard-dealer.js';
import { oneSeat } from './work-estimate.js';

const queuing: QueuingConfig = { queues: 8, handSize: 2, queueLengthLimit: 3 };

function request(flow: string, waitLimitMs = 15_000, signal?: AbortSignal) {
  const onCancel =
    signal === undefined
      ? undefined
      : (cancel: () => void) => {
          signal.addEventListener('abort', cancel);
          return () => signal.removeEventListener('abort', cancel);
        };
  return { estimate: oneSeat, hash: flowHash('fs', flow), waitLimitMs, onCancel };
}

async function decided(result: StartResult): Promise<Ticket | Rejection> {
  return result.kind === 'queued' ? result.decision : result;
}

describe('QueueSet', () => {
  it('runs requests at once while seats are free and queues the rest until one finishes', async () => {
    const qs = new QueueSet(new FakeClock(0), queuing, 2);
    const a = qs.start(request('a'));
    const b = qs.start(request('a'));
    assert.equal(a.kind, 'execute');
    assert.equal(b.kind, 'execute');
    const c = qs.start(request('a'));
    assert.equal(c.kind, 'queued');
    assert.equal(qs.waitingCount, 1);
    (a as Ticket).finish();
    const third = await decided(c);
    assert.equal(third.kind, 'execute');
    assert.equal(qs.executingCount, 2);
    assert.equal(qs.waitingCount, 0);
  });

  it('refuses with queue-full once the chosen queue holds queueLengthLimit requests', () => {
    const qs = new QueueSet(new FakeClock(0), { queues: 1, handSize: 1, queueLengthLimit: 2 }, 1);
    assert.equal(qs.start(request('a')).kind, 'execute');
    assert.equal(qs.start(request('a')).kind, 'queued');
    assert.equal(qs.start(request('a')).kind, 'queued');
    const refused = qs.start(request('a'));
    assert.deepEqual(refused, { kind: 'reject', reason: 'queue-full', queuedMs: 0 });
  });

  it('rejects a queued request with time-out once its wait limit passes', async () => {
    const clock = new FakeClock(0);
    const qs = new QueueSet(clock, queuing, 1);
    const running = qs.start(request('a'));
    const waiting = qs.start(request('a', 1000));
    await clock.advance(1000);
    assert.deepEqual(await decided(waiting), { kind: 'reject', reason: 'time-out', queuedMs: 1000 });
    assert.equal(qs.waitingCount, 0);
    (running as Ticket).finish();
    assert.ok(qs.idle);
  });

  it('rejects a queued request with cancelled when its client goes away', async () => {
    const qs = new QueueSet(new FakeClock(0), queuing, 1);
    qs.start(request('a'));
    const abort = new AbortController();
    const waiting = qs.start(request('a', 15_000, abort.signal));
    abort.abort();
    assert.equal((await decided(waiting)).kind, 'reject');
    assert.equal(((await decided(waiting)) as Rejection).reason, 'cancelled');
  });

  it('shares seats fairly: a second flow is served before a busy flow’s backlog', async () => {
    const qs = new QueueSet(new FakeClock(0), { queues: 64, handSize: 1, queueLengthLimit: 50 }, 1);
    const order: string[] = [];
    const track = async (name: string, result: StartResult) => {
      const outcome = await decided(result);
      order.push(name);
      if (outcome.kind === 'execute') setImmediate(() => outcome.finish());
    };
    const all = [track('busy0', qs.start(request('busy')))];
    for (let i = 1; i <= 4; i++) all.push(track(`busy${i}`, qs.start(request('busy'))));
    all.push(track('quiet', qs.start(request('quiet'))));
    await Promise.all(all);
    // The quiet flow's first request goes ahead of the busy flow's queued ones.
    assert.deepEqual(order, ['busy0', 'quiet', 'busy1', 'busy2', 'busy3', 'busy4']);
  });

  it('Reject levels (no queues) refuse with concurrency-limit when full', () => {
    const qs = new QueueSet(new FakeClock(0), { queues: 0, handSize: 0, queueLengthLimit: 0 }, 1);
    assert.equal(qs.start(request('a')).kind, 'execute');
    assert.deepEqual(qs.start(request('a')), { kind: 'reject', reason: 'concurrency-limit', queuedMs: 0 });
  });

  it('Exempt levels (-1 queues) never limit', () => {
    const qs = new QueueSet(new FakeClock(0), { queues: -1, handSize: 0, queueLengthLimit: 0 }, 0);
    for (let i = 0; i < 100; i++) assert.equal(qs.start(request('a')).kind, 'execute');
    assert.equal(qs.executingCount, 100);
  });

  it('holds a write’s seats through its final phase', async () => {
    const clock = new FakeClock(0);
    const qs = new QueueSet(clock, queuing, 2);
    const write = qs.start({
      estimate: { initialSeats: 1, finalSeats: 2, additionalLatencyMs: 10 },
      hash: flowHash('fs', 'a'),
      waitLimitMs: 15_000,
    }) as Ticket;
    assert.equal(qs.seatsInUseCount, 2);
    write.finish();
    assert.equal(qs.seatsInUseCount, 2);
    const next = qs.start(request('b'));
    assert.equal(next.kind, 'queued');
    await clock.advance(10);
    assert.equal(qs.seatsInUseCount, 1);
    assert.equal((await decided(next)).kind, 'execute');
  });

  it('dispatches more when its concurrency limit grows', async () => {
    const qs = new QueueSet(new FakeClock(0), queuing, 1);
    qs.start(request('a'));
    const waiting = qs.start(request('b'));
    assert.equal(waiting.kind, 'queued');
    qs.setConcurrencyLimit(2);
    assert.equal((await decided(waiting)).kind, 'execute');
  });
});

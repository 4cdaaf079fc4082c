import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Event } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '../../base/clock.js';
import { createLogger } from '../../base/logger.js';
import { forbidden, notFound } from '../../machinery/errors/status-error-factories.js';
import { EventBroadcaster } from './event-broadcaster.js';
import type { EventPatch, EventSink } from './event-sink.js';

const log = createLogger('test', { write: () => {} });
const events = { group: '', resource: 'events' };

/** Events kept in memory, with a log of the writes made, and switchable failures. */
class MemorySink implements EventSink {
  readonly stored = new Map<string, Event>();
  readonly writes: string[] = [];
  failWith: (() => Error) | undefined;
  private rv = 0;

  async create(event: Event): Promise<Event> {
    this.writes.push(`create ${event.metadata.name}`);
    if (this.failWith) throw this.failWith();
    const key = `${event.metadata.namespace}/${event.metadata.name}`;
    assert.ok(!this.stored.has(key), `${key} created twice`);
    const stored = { ...event, metadata: { ...event.metadata, resourceVersion: String(++this.rv) } };
    this.stored.set(key, stored);
    return structuredClone(stored);
  }

  async patch(event: Event, patch: EventPatch): Promise<Event> {
    this.writes.push(`patch ${event.metadata.name} count=${patch.count}`);
    if (this.failWith) throw this.failWith();
    const key = `${event.metadata.namespace}/${event.metadata.name}`;
    const existing = this.stored.get(key);
    if (existing === undefined) throw notFound(events, event.metadata.name ?? '');
    const stored = {
      ...existing,
      ...patch,
      metadata: { ...existing.metadata, resourceVersion: String(++this.rv) },
    };
    this.stored.set(key, stored);
    return structuredClone(stored);
  }

  single(): Event {
    assert.equal(this.stored.size, 1);
    return [...this.stored.values()][0]!;
  }
}

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-0', namespace: 'shop', uid: 'uid-1', resourceVersion: '42' },
};

function setup(options: { random?: () => number } = {}) {
  const clock = new FakeClock(Date.parse('2026-03-01T10:00:00Z'));
  const sink = new MemorySink();
  const broadcaster = new EventBroadcaster({ sink, clock, log, random: options.random ?? (() => 0.5) });
  const recorder = broadcaster.newRecorder({ component: 'statefulset-controller', host: 'node-1' });
  return { clock, sink, broadcaster, recorder };
}

describe('EventRecorder', () => {
  it('writes a core/v1 Event with upstream naming, source, reporting fields and involvedObject', async () => {
    const { clock, sink, broadcaster, recorder } = setup();
    recorder.event(
      pod,
      'Normal',
      'SuccessfulCreate',
      'create Pod %s in StatefulSet %s successful',
      'web-0',
      'web',
    );
    await broadcaster.flush();
    const event = sink.single();
    const nanos = BigInt(clock.now()) * 1_000_000n;
    assert.equal(event.metadata.name, `web-0.${nanos.toString(16)}`);
    assert.deepEqual(
      { ...event, metadata: { namespace: event.metadata.namespace } },
      {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { namespace: 'shop' },
        involvedObject: {
          apiVersion: 'v1',
          kind: 'Pod',
          name: 'web-0',
          namespace: 'shop',
          uid: 'uid-1',
          resourceVersion: '42',
        },
        reason: 'SuccessfulCreate',
        message: 'create Pod web-0 in StatefulSet web successful',
        firstTimestamp: '2026-03-01T10:00:00Z',
        lastTimestamp: '2026-03-01T10:00:00Z',
        count: 1,
        type: 'Normal',
        source: { component: 'statefulset-controller', host: 'node-1' },
        reportingComponent: 'statefulset-controller',
        reportingInstance: 'node-1',
      },
    );
  });

  it('takes a reference with a fieldPath, and puts cluster-scoped objects in default', async () => {
    const { sink, broadcaster, recorder } = setup();
    recorder.event(
      { apiVersion: 'v1', kind: 'Pod', name: 'web-0', namespace: 'shop', fieldPath: 'spec.containers{app}' },
      'Warning',
      'BackOff',
      'Back-off restarting failed container',
    );
    recorder.event(
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' } },
      'Normal',
      'Starting',
      'Starting kubelet.',
    );
    await broadcaster.flush();
    const [backoff, starting] = [...sink.stored.values()];
    assert.equal(backoff!.involvedObject.fieldPath, 'spec.containers{app}');
    assert.equal(starting!.metadata.namespace, 'default');
    assert.equal(starting!.involvedObject.namespace, undefined);
  });

  it('counts a repeated event into the first one with a patch instead of a new Event', async () => {
    const { clock, sink, broadcaster, recorder } = setup();
    recorder.event(pod, 'Warning', 'FailedMount', 'volume %q not found', 'data');
    await broadcaster.flush();
    const first = sink.single();
    for (let i = 0; i < 3; i++) {
      await clock.advance(60_000);
      recorder.event(pod, 'Warning', 'FailedMount', 'volume %q not found', 'data');
    }
    await broadcaster.flush();
    const event = sink.single();
    assert.equal(event.metadata.name, first.metadata.name);
    assert.equal(event.count, 4);
    assert.equal(event.firstTimestamp, '2026-03-01T10:00:00Z');
    assert.equal(event.lastTimestamp, '2026-03-01T10:03:00Z');
    assert.deepEqual(sink.writes.slice(1), [
      `patch ${first.metadata.name} count=2`,
      `patch ${first.metadata.name} count=3`,
      `patch ${first.metadata.name} count=4`,
    ]);
  });

  it('aggregates similar events once 10 distinct messages arrive within 10 minutes', async () => {
    const { clock, sink, broadcaster, recorder } = setup();
    for (let i = 1; i <= 12; i++) {
      recorder.event(pod, 'Warning', 'FailedScheduling', '0/%d nodes are available', i);
      await clock.advance(1_000);
    }
    await broadcaster.flush();
    const stored = [...sink.stored.values()];
    assert.equal(stored.length, 10, '9 individual events and 1 aggregate');
    assert.deepEqual(
      stored.slice(0, 9).map((e) => e.message),
      Array.from({ length: 9 }, (_, i) => `0/${i + 1} nodes are available`),
    );
    const aggregate = stored[9]!;
    assert.equal(aggregate.message, '(combined from similar events): 0/12 nodes are available');
    assert.equal(aggregate.count, 3);
    assert.equal(aggregate.reason, 'FailedScheduling');
  });

  it('starts a new aggregation window after 10 quiet minutes', async () => {
    const { clock, sink, broadcaster, recorder } = setup();
    for (let i = 1; i <= 9; i++) recorder.event(pod, 'Warning', 'Unhealthy', 'probe failed: %d', i);
    await clock.advance(600_001);
    recorder.event(pod, 'Warning', 'Unhealthy', 'probe failed: %d', 10);
    await broadcaster.flush();
    assert.equal(sink.stored.size, 10);
    assert.ok([...sink.stored.values()].every((e) => !e.message!.startsWith('(combined')));
  });

  it('lets a source send 25 events about an object, then one per 5 minutes', async () => {
    const { clock, sink, broadcaster, recorder } = setup();
    const other = { ...pod, metadata: { ...pod.metadata, name: 'web-1', uid: 'uid-2' } };
    for (let i = 0; i < 30; i++) recorder.event(pod, 'Normal', 'Pulled', 'image pulled');
    recorder.event(other, 'Normal', 'Pulled', 'image pulled');
    await broadcaster.flush();
    assert.equal(sink.writes.length, 26, '25 about web-0 and 1 about web-1');
    await clock.advance(299_000);
    recorder.event(pod, 'Normal', 'Pulled', 'image pulled');
    await broadcaster.flush();
    assert.equal(sink.writes.length, 26, 'still limited before the refill');
    await clock.advance(1_000);
    recorder.event(pod, 'Normal', 'Pulled', 'image pulled');
    recorder.event(pod, 'Normal', 'Pulled', 'image pulled');
    await broadcaster.flush();
    assert.equal(sink.writes.length, 27, 'one token refilled after 5 minutes');
  });

  it('creates the event again when the one being counted was deleted', async () => {
    const { sink, broadcaster, recorder } = setup();
    recorder.event(pod, 'Normal', 'Killing', 'Stopping container app');
    await broadcaster.flush();
    const name = sink.single().metadata.name;
    sink.stored.clear();
    recorder.event(pod, 'Normal', 'Killing', 'Stopping container app');
    await broadcaster.flush();
    assert.deepEqual(sink.writes, [`create ${name}`, `patch ${name} count=2`, `create ${name}`]);
    assert.equal(sink.single().count, 2);
    assert.equal(sink.single().metadata.resourceVersion, '2', 'created without the stale resourceVersion');
  });

  it('retries while the server is unreachable, first after a random fraction of 10 s', async () => {
    const { clock, sink, broadcaster, recorder } = setup({ random: () => 0.25 });
    sink.failWith = () => new Error('connect ECONNREFUSED');
    recorder.event(pod, 'Normal', 'Scheduled', 'assigned');
    await clock.advance(2_500);
    assert.equal(sink.writes.length, 2);
    await clock.advance(10_000);
    assert.equal(sink.writes.length, 3);
    sink.failWith = undefined;
    await clock.advance(10_000);
    await broadcaster.flush();
    assert.equal(sink.stored.size, 1);
  });

  it('gives up after 12 attempts', async () => {
    const { clock, sink, broadcaster, recorder } = setup();
    sink.failWith = () => new Error('connect ECONNREFUSED');
    recorder.event(pod, 'Normal', 'Scheduled', 'assigned');
    await clock.advance(200_000);
    await broadcaster.flush();
    assert.equal(sink.writes.length, 12);
  });

  it('drops an event the server rejects instead of retrying', async () => {
    const { clock, sink, broadcaster, recorder } = setup();
    sink.failWith = () => forbidden(events, 'x', new Error('no'));
    recorder.event(pod, 'Normal', 'Scheduled', 'assigned');
    await clock.advance(100_000);
    await broadcaster.flush();
    assert.equal(sink.writes.length, 1);
  });

  it('ignores unsupported types and objects without a kind', async () => {
    const { sink, broadcaster, recorder } = setup();
    recorder.event(pod, 'Info' as 'Normal', 'X', 'y');
    recorder.event({ metadata: { name: 'no-kind' } }, 'Normal', 'X', 'y');
    await broadcaster.flush();
    assert.equal(sink.writes.length, 0);
  });

  it('names events about one object in one millisecond distinctly', async () => {
    const { sink, broadcaster, recorder } = setup();
    recorder.event(pod, 'Normal', 'A', 'a');
    recorder.event(pod, 'Normal', 'B', 'b');
    await broadcaster.flush();
    assert.equal(sink.stored.size, 2);
  });

  it('drops new events after shutdown', async () => {
    const { sink, broadcaster, recorder } = setup();
    await broadcaster.shutdown();
    recorder.event(pod, 'Normal', 'A', 'a');
    await broadcaster.flush();
    assert.equal(sink.writes.length, 0);
  });
});

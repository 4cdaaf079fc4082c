import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../base/clock.js';
import { ActionType, clusterEvents, type ClusterEventWithHint } from '../framework/cluster-event.js';
import { newPodInfo } from '../framework/pod-info.js';
import { checkSchedulingGates } from '../plugins/scheduling-gates/scheduling-gates.js';
import { priorityLess } from '../plugins/priority-sort/priority-sort.js';
import { makePod } from '../testing/fixtures.js';
import { backoffDuration } from './backoff.js';
import { SchedulingQueue } from './scheduling-queue.js';

function newQueue(events: Record<string, readonly ClusterEventWithHint[] | undefined> = {}) {
  const clock = new FakeClock();
  const profile = {
    runPreEnqueuePlugins: (p: ReturnType<typeof newPodInfo>) =>
      checkSchedulingGates(p.pod)?.withPlugin('SchedulingGates'),
    eventsToRegister: () => new Map(Object.entries(events)),
  };
  const queue = new SchedulingQueue({
    less: priorityLess,
    profiles: new Map([['default-scheduler', profile]]),
    clock,
  });
  return { queue, clock };
}

/** Pops a pod and fails it with the given rejecting plugins. */
function failWith(queue: SchedulingQueue, plugins: string[]) {
  const q = queue.tryPop()!;
  q.unschedulablePlugins = new Set(plugins);
  queue.addUnschedulableIfNotPresent(q);
  return q;
}

describe('backoffDuration', () => {
  const cases = [
    { attempts: 0, want: 0 },
    { attempts: 1, want: 1000 },
    { attempts: 2, want: 2000 },
    { attempts: 4, want: 8000 },
    { attempts: 5, want: 10_000 },
    { attempts: 30, want: 10_000 },
  ];
  for (const tc of cases)
    it(`${tc.attempts} attempts → ${tc.want} ms`, () =>
      assert.equal(backoffDuration(tc.attempts, 1000, 10_000), tc.want));
});

describe('SchedulingQueue', () => {
  it('pops by priority, then by arrival', async () => {
    const { queue, clock } = newQueue();
    queue.add(newPodInfo(makePod({ name: 'a', priority: 1 })));
    await clock.advance(1);
    queue.add(newPodInfo(makePod({ name: 'b', priority: 5 })));
    await clock.advance(1);
    queue.add(newPodInfo(makePod({ name: 'c', priority: 1 })));
    assert.deepEqual(
      [1, 2, 3].map(() => queue.tryPop()?.podInfo.name),
      ['b', 'a', 'c'],
    );
    assert.equal(queue.tryPop(), undefined);
  });

  it('pop waits for a pod', async () => {
    const { queue } = newQueue();
    const popped = queue.pop();
    queue.add(newPodInfo(makePod({ name: 'late' })));
    assert.equal((await popped)?.podInfo.name, 'late');
  });

  it('a pod that failed with an error backs off, then returns to the active queue', async () => {
    const { queue, clock } = newQueue();
    const signal = new AbortController();
    queue.run(signal.signal);
    queue.add(newPodInfo(makePod({ name: 'p' })));
    failWith(queue, []);
    assert.equal(queue.pendingCounts().backoff, 1);
    await clock.advance(999);
    assert.equal(queue.pendingCounts().backoff, 1);
    await clock.advance(1001);
    assert.equal(queue.pendingCounts().active, 1);
    // Second failure: 2 s of backoff.
    failWith(queue, []);
    await clock.advance(1000);
    assert.equal(queue.pendingCounts().backoff, 1);
    await clock.advance(1000);
    assert.equal(queue.pendingCounts().active, 1);
    signal.abort();
  });

  it('unschedulable pods move only on events their rejecting plugins registered for', async () => {
    const { queue, clock } = newQueue({
      NodeResourcesFit: [
        { event: { resource: 'Pod', actionType: ActionType.Delete } },
        { event: { resource: 'Node', actionType: ActionType.Add }, hint: () => 'QueueSkip' },
      ],
    });
    const info = newPodInfo(makePod({ name: 'p' }));
    queue.add(info);
    failWith(queue, ['NodeResourcesFit']);
    assert.equal(queue.whereIs(info.uid), 'unschedulable');
    queue.moveAllToActiveOrBackoff(clusterEvents.nodeAdd, undefined, {});
    assert.equal(queue.pendingCounts().unschedulable, 1, 'hint said QueueSkip');
    queue.moveAllToActiveOrBackoff(clusterEvents.pvAdd, undefined, {});
    assert.equal(queue.pendingCounts().unschedulable, 1, 'not registered');
    queue.moveAllToActiveOrBackoff(clusterEvents.assignedPodDelete, {}, undefined);
    assert.equal(queue.pendingCounts().backoff, 1, 'still backing off');
    await clock.advance(1000);
    queue.flushBackoffCompleted();
    assert.equal(queue.pendingCounts().active, 1);
  });

  it('plugins without registered events react to every event', () => {
    const { queue } = newQueue();
    queue.add(newPodInfo(makePod()));
    failWith(queue, ['SomePlugin']);
    queue.moveAllToActiveOrBackoff(clusterEvents.pvAdd, undefined, {});
    assert.equal(queue.pendingCounts().unschedulable, 0);
  });

  it('unschedulable pods are retried after 5 minutes anyway', async () => {
    const { queue, clock } = newQueue({ NodeResourcesFit: [] });
    const signal = new AbortController();
    queue.run(signal.signal);
    queue.add(newPodInfo(makePod()));
    failWith(queue, ['NodeResourcesFit']);
    await clock.advance(4 * 60_000);
    assert.equal(queue.pendingCounts().unschedulable, 1);
    await clock.advance(61_000 + 30_000);
    assert.equal(queue.pendingCounts().active, 1);
    signal.abort();
  });

  it('gated pods stay out until their gates are removed', () => {
    const { queue } = newQueue();
    const gated = makePod({ name: 'g', schedulingGates: ['example.com/wait'] });
    queue.add(newPodInfo(gated));
    assert.deepEqual(queue.pendingCounts(), { active: 0, backoff: 0, unschedulable: 0, gated: 1 });
    queue.moveAllToActiveOrBackoff(clusterEvents.nodeAdd, undefined, {});
    assert.equal(queue.pendingCounts().gated, 1);
    const ungated = { ...gated, spec: { ...gated.spec!, schedulingGates: [] } };
    queue.update(gated, newPodInfo(ungated));
    assert.equal(queue.pendingCounts().active, 1);
  });

  it('an event during the attempt sends the rejected pod to backoff, not the unschedulable pool', () => {
    const { queue } = newQueue({
      NodeResourcesFit: [{ event: { resource: 'Node', actionType: ActionType.Add } }],
    });
    queue.add(newPodInfo(makePod()));
    const q = queue.tryPop()!;
    queue.moveAllToActiveOrBackoff(clusterEvents.nodeAdd, undefined, {});
    q.unschedulablePlugins = new Set(['NodeResourcesFit']);
    queue.addUnschedulableIfNotPresent(q);
    assert.equal(queue.pendingCounts().backoff, 1);
  });

  it('an unrelated event during the attempt does not', () => {
    const { queue } = newQueue({
      NodeResourcesFit: [{ event: { resource: 'Node', actionType: ActionType.Add } }],
    });
    queue.add(newPodInfo(makePod()));
    const q = queue.tryPop()!;
    queue.moveAllToActiveOrBackoff(clusterEvents.pvAdd, undefined, {});
    q.unschedulablePlugins = new Set(['NodeResourcesFit']);
    queue.addUnschedulableIfNotPresent(q);
    assert.equal(queue.pendingCounts().unschedulable, 1);
  });

  it('deleting a pod removes it from every sub-queue', () => {
    const { queue } = newQueue();
    const info = newPodInfo(makePod());
    queue.add(info);
    queue.delete(info);
    assert.deepEqual(queue.pendingCounts(), { active: 0, backoff: 0, unschedulable: 0, gated: 0 });
  });
});

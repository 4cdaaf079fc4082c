import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '../base/clock.js';
import { createLogger } from '../base/logger.js';
import { defaultConfiguration } from './config/defaults.js';
import type { SchedulerConfiguration } from './config/types.js';
import type { AnyPlugin } from './framework/interfaces.js';
import { staticListers } from './framework/listers.js';
import type { PodInfo } from './framework/pod-info.js';
import type { PluginFactory } from './framework/registry.js';
import { inTreeRegistry } from './plugins/registry.js';
import { Scheduler } from './scheduler.js';
import { makeNode, makePod } from './testing/fixtures.js';

/** A scheduler whose binder records bindings instead of calling an API server. */
function harness(config: SchedulerConfiguration = defaultConfiguration()) {
  const clock = new FakeClock();
  const bound = new Map<string, string>();
  const events: string[] = [];
  const pods: Pod[] = [];
  const binder: AnyPlugin = {
    name: 'DefaultBinder',
    bind: async (_s, pod: PodInfo, node: string) => {
      bound.set(pod.name, node);
      return undefined;
    },
  };
  const registry = new Map<string, PluginFactory>(inTreeRegistry());
  registry.set('DefaultBinder', () => binder);
  const scheduler = new Scheduler({
    config,
    listers: staticListers({
      pods: {
        get: (ns, n) => pods.find((p) => p.metadata?.namespace === ns && p.metadata?.name === n),
        list: () => pods,
      },
    }),
    registry,
    clock,
    log: createLogger('test', { level: 'error' }),
    recorderFor: () => ({
      event: (pod, type, reason, message) => events.push(`${type} ${reason} ${pod.name}: ${message}`),
    }),
  });
  const addPod = (pod: Pod) => {
    pods.push(pod);
    scheduler.queue.add(scheduler.podInfo(pod));
  };
  const runAll = async () => {
    for (let q = scheduler.queue.tryPop(); q !== undefined; q = scheduler.queue.tryPop())
      await scheduler.scheduleOne(q);
    await scheduler.drainBindings();
  };
  return { scheduler, clock, bound, events, addPod, runAll };
}

describe('Scheduler', () => {
  it('binds pods to fitting nodes and records Scheduled events', async () => {
    const h = harness();
    h.scheduler.cache.addNode(makeNode('small', { cpu: '1' }));
    h.scheduler.cache.addNode(makeNode('large', { cpu: '8' }));
    h.addPod(makePod({ name: 'p', requests: { cpu: '2' } }));
    await h.runAll();
    assert.equal(h.bound.get('p'), 'large');
    assert.deepEqual(h.events, ['Normal Scheduled p: Successfully assigned default/p to large']);
    const metrics = h.scheduler.metricsRegistry.render();
    assert.match(
      metrics,
      /scheduler_schedule_attempts_total\{profile="default-scheduler",result="scheduled"\} 1/,
    );
    assert.match(metrics, /scheduler_pending_pods\{queue="active"\} 0/);
    assert.match(
      metrics,
      /scheduler_framework_extension_point_duration_seconds_count\{extension_point="Bind",profile="default-scheduler",status="Success"\} 1/,
    );
    assert.match(metrics, /scheduler_scheduling_attempt_duration_seconds_bucket/);
  });

  it('counts assumed pods so the next pod goes elsewhere', async () => {
    const h = harness();
    h.scheduler.cache.addNode(makeNode('n1', { cpu: '1' }));
    h.scheduler.cache.addNode(makeNode('n2', { cpu: '1' }));
    h.addPod(makePod({ name: 'a', requests: { cpu: '1' } }));
    h.addPod(makePod({ name: 'b', requests: { cpu: '1' } }));
    await h.runAll();
    assert.notEqual(h.bound.get('a'), h.bound.get('b'));
  });

  it('reports FailedScheduling and parks the pod until a fitting node appears', async () => {
    const h = harness();
    h.scheduler.cache.addNode(makeNode('n1', { cpu: '1' }));
    h.addPod(makePod({ name: 'big', requests: { cpu: '4' } }));
    await h.runAll();
    assert.equal(h.bound.size, 0);
    assert.deepEqual(h.events, [
      'Warning FailedScheduling big: 0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling..',
    ]);
    assert.equal(h.scheduler.queue.pendingCounts().unschedulable, 1);
    const node = makeNode('n2', { cpu: '8' });
    h.scheduler.cache.addNode(node);
    h.scheduler.queue.moveAllToActiveOrBackoff(
      { resource: 'Node', actionType: 1, label: 'NodeAdd' },
      undefined,
      node,
    );
    assert.equal(h.scheduler.queue.pendingCounts().backoff, 1);
    await h.clock.advance(1000);
    h.scheduler.queue.flushBackoffCompleted();
    await h.runAll();
    assert.equal(h.bound.get('big'), 'n2');
  });

  it('leaves pods of other schedulers alone', () => {
    const h = harness();
    assert.equal(h.scheduler.responsibleFor(makePod({ schedulerName: 'other' })), false);
    assert.equal(h.scheduler.responsibleFor(makePod()), true);
  });

  it('a second profile uses its own plugin args', async () => {
    const config = defaultConfiguration();
    const packer = {
      ...config.profiles[0]!,
      schedulerName: 'bin-packer',
      pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'MostAllocated' } } }],
    };
    const h = harness({ ...config, profiles: [config.profiles[0]!, packer] });
    h.scheduler.cache.addNode(makeNode('empty'));
    h.scheduler.cache.addPod(
      h.scheduler.podInfo(makePod({ nodeName: 'used', requests: { cpu: '2', memory: '8Gi' } })),
    );
    h.scheduler.cache.addNode(makeNode('used'));
    h.addPod(makePod({ name: 'spread', requests: { cpu: '500m', memory: '1Gi' } }));
    h.addPod(
      makePod({ name: 'packed', schedulerName: 'bin-packer', requests: { cpu: '500m', memory: '1Gi' } }),
    );
    await h.runAll();
    assert.equal(h.bound.get('spread'), 'empty');
    assert.equal(h.bound.get('packed'), 'used');
  });

  it('preempts a lower-priority pod and nominates its node', async () => {
    const h = harness();
    h.scheduler.cache.addNode(makeNode('n1', { cpu: '2' }));
    const victim = makePod({ name: 'victim', nodeName: 'n1', priority: 0, requests: { cpu: '2' } });
    h.scheduler.cache.addPod(h.scheduler.podInfo(victim));
    const vip = makePod({ name: 'vip', priority: 100, requests: { cpu: '2' } });
    h.addPod(vip);
    await h.runAll();
    assert.ok(
      h.events.includes('Normal Preempted victim: Preempted by pod ' + vip.metadata!.uid + ' on node n1'),
      h.events.join('\n'),
    );
    assert.equal(h.scheduler.queue.nominator.nominatedNodeOf(vip.metadata!.uid!), 'n1');
    // Once the victim is gone, the preemptor binds to its nominated node.
    h.scheduler.cache.removePod(h.scheduler.podInfo(victim));
    h.scheduler.queue.moveAllToActiveOrBackoff(
      { resource: 'Pod', actionType: 2, label: 'AssignedPodDelete' },
      victim,
      undefined,
    );
    await h.clock.advance(1000);
    h.scheduler.queue.flushBackoffCompleted();
    await h.runAll();
    assert.equal(h.bound.get('vip'), 'n1');
  });
});

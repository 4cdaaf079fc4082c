import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '../../base/clock.js';
import { EvictionManager, type EvictionManagerOptions, type EvictionRequest } from './eviction-manager.js';
import { FakeStatsProvider, type PodUsage, type StatsSummary } from './stats-provider.js';
import { parseThresholdConfig } from './threshold-config.js';

const mi = 1024 * 1024;
const gi = 1024 * mi;

function pod(
  uid: string,
  opts: {
    requests?: Record<string, string>;
    priority?: number;
    static?: boolean;
    extra?: Partial<Pod['spec']>;
  } = {},
): Pod {
  const container: Container = {
    name: 'c',
    image: 'x',
    ...(opts.requests ? { resources: { requests: opts.requests } } : {}),
  };
  return {
    metadata: {
      name: uid,
      namespace: 'default',
      uid,
      ...(opts.static ? { annotations: { 'kubernetes.io/config.source': 'file' } } : {}),
    },
    spec: {
      containers: [container],
      ...(opts.priority !== undefined ? { priority: opts.priority } : {}),
      ...opts.extra,
    },
  };
}

const usage = (uid: string, memory: number, extra: Partial<PodUsage> = {}): PodUsage => ({
  uid,
  memoryWorkingSetBytes: memory,
  containers: [{ name: 'c', memoryWorkingSetBytes: memory, rootfsUsedBytes: 0, logsUsedBytes: 0 }],
  ...extra,
});

function setup(pods: Pod[], options: Partial<EvictionManagerOptions> = {}) {
  const clock = new FakeClock();
  const stats = new FakeStatsProvider();
  const evicted: EvictionRequest[] = [];
  const manager = new EvictionManager({
    thresholds: parseThresholdConfig({ enforceNodeAllocatable: [] }),
    stats,
    activePods: () => pods,
    evictPod: async (r) => {
      evicted.push(r);
    },
    clock,
    ...options,
  });
  const observe = (s: Omit<StatsSummary, 'pods'> & { pods?: PodUsage[] }) => {
    stats.current = { nodeFs: fs(100 * gi, 50 * gi, clock.now()), pods: [], ...s };
  };
  return { clock, stats, evicted, manager, observe };
}

const memory = (available: number, workingSet: number, time: number) => ({
  availableBytes: available,
  workingSetBytes: workingSet,
  time,
});
const fs = (capacity: number, available: number, time: number) => ({
  capacityBytes: capacity,
  availableBytes: available,
  inodes: 1000,
  inodesFree: 900,
  time,
});

describe('EvictionManager', () => {
  it('reports MemoryPressure and evicts the pod most over its request first, with upstream message', async () => {
    const besteffort = pod('be');
    const burstableUnder = pod('bu', { requests: { memory: '500Mi' } });
    const burstableOver = pod('bo', { requests: { memory: '100Mi' } });
    const { manager, evicted, observe, clock } = setup([burstableUnder, besteffort, burstableOver]);
    observe({
      memory: memory(50 * mi, 4 * gi, clock.now()),
      pods: [usage('be', 300 * mi), usage('bu', 400 * mi), usage('bo', 500 * mi)],
    });
    const out = await manager.synchronize();
    assert.deepEqual(
      out.map((p) => p.metadata?.uid),
      ['bo'],
    );
    assert.deepEqual(manager.nodeConditions(), ['MemoryPressure']);
    assert.equal(manager.isUnderMemoryPressure(), true);
    const message =
      'The node was low on resource: memory. Threshold quantity: 100Mi, available: 50Mi. ' +
      'Container c was using 500Mi, request is 100Mi, has larger consumption of memory. ';
    assert.deepEqual(evicted[0], {
      pod: burstableOver,
      gracePeriodSeconds: 1,
      reason: 'Evicted',
      message,
      condition: { type: 'DisruptionTarget', status: 'True', reason: 'TerminationByKubelet', message },
      eventAnnotations: {
        offending_containers: 'c',
        offending_containers_usage: '500Mi',
        starved_resource: 'memory',
      },
    });
  });

  it('ranks by priority among pods equally over their requests, and never evicts critical pods', async () => {
    const low = pod('low', { priority: 0 });
    const high = pod('high', { priority: 1000 });
    const staticPod = pod('static', { static: true });
    const active = [high, staticPod, low];
    const { manager, evicted, observe, clock } = setup(active);
    observe({
      memory: memory(10 * mi, gi, clock.now()),
      pods: [usage('high', 900 * mi), usage('low', 10 * mi), usage('static', gi)],
    });
    await manager.synchronize();
    assert.deepEqual(
      evicted.map((r) => r.pod.metadata?.uid),
      ['low'],
    );
    // Stale stats do not evict again; fresh ones do, and skip the static pod.
    await manager.synchronize();
    assert.equal(evicted.length, 1);
    active.pop();
    await clock.advance(10_000);
    observe({
      memory: memory(10 * mi, gi, clock.now()),
      pods: [usage('high', 900 * mi), usage('static', gi)],
    });
    await manager.synchronize();
    assert.deepEqual(
      evicted.map((r) => r.pod.metadata?.uid),
      ['low', 'high'],
    );
  });

  it('waits out a soft threshold grace period, but reports the condition at once', async () => {
    const victim = pod('v', { extra: { terminationGracePeriodSeconds: 5 } });
    const { manager, evicted, observe, clock } = setup([victim], {
      thresholds: parseThresholdConfig({
        evictionHard: {},
        evictionSoft: { 'memory.available': '1Gi' },
        evictionSoftGracePeriod: { 'memory.available': '1m' },
      }),
      maxPodGracePeriodSeconds: 30,
    });
    observe({ memory: memory(512 * mi, gi, clock.now()), pods: [usage('v', 100 * mi)] });
    await manager.synchronize();
    assert.deepEqual(manager.nodeConditions(), ['MemoryPressure']);
    assert.equal(evicted.length, 0);
    await clock.advance(60_000);
    observe({ memory: memory(512 * mi, gi, clock.now()), pods: [usage('v', 100 * mi)] });
    await manager.synchronize();
    assert.equal(evicted.length, 1);
    // Soft eviction: min(max pod grace period, the pod's own).
    assert.equal(evicted[0]?.gracePeriodSeconds, 5);
  });

  it('holds a condition for the transition period and keeps reclaiming up to the minimum reclaim', async () => {
    const { manager, observe, clock } = setup([], {
      thresholds: parseThresholdConfig({
        evictionHard: { 'memory.available': '100Mi' },
        evictionMinimumReclaim: { 'memory.available': '50Mi' },
        enforceNodeAllocatable: [],
      }),
    });
    observe({ memory: memory(90 * mi, gi, clock.now()) });
    await manager.synchronize();
    await clock.advance(10_000);
    // 120Mi is above the threshold but not above threshold + minimum reclaim: still met.
    observe({ memory: memory(120 * mi, gi, clock.now()) });
    await manager.synchronize();
    assert.deepEqual(manager.nodeConditions(), ['MemoryPressure']);
    await clock.advance(10_000);
    observe({ memory: memory(200 * mi, gi, clock.now()) });
    await manager.synchronize();
    // Resolved, but the condition stays for the 5 min transition period.
    assert.deepEqual(manager.nodeConditions(), ['MemoryPressure']);
    await clock.advance(5 * 60_000);
    await manager.synchronize();
    assert.deepEqual(manager.nodeConditions(), []);
  });

  it('tries container and image GC before evicting for disk pressure', async () => {
    const victim = pod('v');
    const calls: string[] = [];
    let freed = false;
    const { manager, evicted, observe, clock, stats } = setup([victim], {
      reclaimer: {
        deleteAllUnusedContainers: async () => {
          calls.push('containers');
        },
        deleteUnusedImages: async () => {
          calls.push('images');
          freed = true;
          stats.current = { ...stats.current, nodeFs: fs(100 * gi, 50 * gi, clock.now()) };
        },
      },
    });
    observe({ nodeFs: fs(100 * gi, 5 * gi, clock.now()), pods: [usage('v', 0)] });
    await manager.synchronize();
    assert.deepEqual(calls, ['containers', 'images']);
    assert.equal(freed, true);
    assert.equal(evicted.length, 0);
    assert.deepEqual(manager.nodeConditions(), ['DiskPressure']);
    assert.equal(manager.isUnderDiskPressure(), true);
  });

  it('evicts for disk pressure by disk use when GC cannot free enough', async () => {
    const small = pod('small');
    const big = pod('big');
    const { manager, evicted, observe, clock } = setup([small, big], {
      reclaimer: { deleteAllUnusedContainers: async () => {}, deleteUnusedImages: async () => {} },
    });
    const disk = (uid: string, bytes: number): PodUsage => ({
      uid,
      containers: [{ name: 'c', rootfsUsedBytes: bytes, logsUsedBytes: 0 }],
    });
    observe({ nodeFs: fs(100 * gi, 5 * gi, clock.now()), pods: [disk('small', mi), disk('big', gi)] });
    await manager.synchronize();
    assert.deepEqual(
      evicted.map((r) => r.pod.metadata?.uid),
      ['big'],
    );
    assert.equal(
      evicted[0]?.message,
      // 10% is a float32 in upstream too, so 10% of 100Gi prints as 10737418400.
      'The node was low on resource: ephemeral-storage. Threshold quantity: 10737418400, available: 5Gi. ' +
        'Container c was using 1Gi, request is 0, has larger consumption of ephemeral-storage. ',
    );
  });

  it('evicts at once a pod whose emptyDir outgrew its sizeLimit, without node pressure', async () => {
    const p = pod('e', { extra: { volumes: [{ name: 'scratch', emptyDir: { sizeLimit: '1Mi' } }] } });
    const { manager, evicted, observe, clock } = setup([p]);
    observe({
      memory: memory(gi, gi, clock.now()),
      pods: [usage('e', 0, { volumes: [{ name: 'scratch', usedBytes: 2 * mi }] })],
    });
    assert.equal((await manager.synchronize()).length, 1);
    assert.deepEqual(evicted[0], {
      pod: p,
      gracePeriodSeconds: 0,
      reason: 'Evicted',
      message: 'Usage of EmptyDir volume "scratch" exceeds the limit "1Mi". ',
      eventAnnotations: {},
    });
  });

  it('admits under memory pressure only what is not BestEffort, tolerant or critical', async () => {
    const { manager, observe, clock } = setup([]);
    observe({ memory: memory(10 * mi, gi, clock.now()) });
    await manager.synchronize();
    assert.deepEqual(manager.admit(pod('be')), {
      admit: false,
      reason: 'Evicted',
      message: 'The node had condition: [MemoryPressure]. ',
    });
    assert.deepEqual(manager.admit(pod('bu', { requests: { memory: '1Mi' } })), { admit: true });
    assert.deepEqual(manager.admit(pod('s', { static: true })), { admit: true });
    const tolerant = pod('t', {
      extra: {
        tolerations: [
          { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
        ],
      },
    });
    assert.deepEqual(manager.admit(tolerant), { admit: true });
    await clock.advance(10_000);
    observe({ memory: memory(10 * mi, gi, clock.now()), nodeFs: fs(100 * gi, gi, clock.now()) });
    await manager.synchronize();
    assert.equal(manager.admit(pod('bu', { requests: { memory: '1Mi' } })).admit, false);
  });

  it('runs rounds on its clock and waits for an evicted pod to be cleaned up', async () => {
    const victim = pod('v');
    let cleaned = false;
    const { manager, evicted, observe, clock, stats } = setup([victim], { podCleanedUp: () => cleaned });
    observe({ memory: memory(gi, gi, clock.now()), pods: [usage('v', 0)] });
    manager.start();
    await clock.advance(0);
    assert.equal(stats.calls, 1);
    await clock.advance(10_000);
    assert.equal(stats.calls, 2);
    observe({ memory: memory(mi, gi, clock.now()), pods: [usage('v', 0)] });
    await clock.advance(10_000);
    assert.equal(evicted.length, 1);
    const calls = stats.calls;
    await clock.advance(5000);
    assert.equal(stats.calls, calls, 'no new round while the pod is being cleaned up');
    cleaned = true;
    await clock.advance(1000);
    assert.equal(stats.calls, calls + 1);
    manager.stop();
    await clock.advance(60_000);
    assert.equal(stats.calls, calls + 1);
  });
});

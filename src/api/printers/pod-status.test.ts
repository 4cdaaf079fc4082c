import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Container, ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';
import { podSummary } from './pod-status.js';

const now = new Date('2025-01-01T12:00:00Z');
const ago = (ms: number): string => new Date(now.getTime() - ms).toISOString();
const minute = 60_000;

const container = (name: string): Container => ({ name, image: `${name}:1` });
const running = (name: string, ready = true, restartCount = 0): ContainerStatus => ({
  name,
  image: `${name}:1`,
  imageID: '',
  ready,
  restartCount,
  started: true,
  state: { running: { startedAt: ago(10 * minute) } },
});
const waiting = (name: string, reason: string, restartCount = 0): ContainerStatus => ({
  name,
  image: `${name}:1`,
  imageID: '',
  ready: false,
  restartCount,
  state: { waiting: { reason } },
});
const terminated = (
  name: string,
  exitCode: number,
  reason?: string,
  extra: { signal?: number; restartCount?: number } = {},
): ContainerStatus => ({
  name,
  image: `${name}:1`,
  imageID: '',
  ready: false,
  restartCount: extra.restartCount ?? 0,
  state: {
    terminated: {
      exitCode,
      ...(reason ? { reason } : {}),
      ...(extra.signal ? { signal: extra.signal } : {}),
    },
  },
});

function pod(spec: Partial<Pod['spec']> & object, status: Pod['status'], deleting = false): Pod {
  return {
    metadata: {
      name: 'p',
      creationTimestamp: ago(60 * minute),
      ...(deleting ? { deletionTimestamp: ago(minute) } : {}),
    },
    spec: { containers: [container('app')], ...spec },
    status,
  };
}

test('a running, ready pod', () => {
  const p = pod({}, { phase: 'Running', containerStatuses: [running('app')] });
  assert.deepEqual(podSummary(p, now), { ready: '1/1', status: 'Running', restarts: '0' });
});

test('CrashLoopBackOff shows the waiting reason and restarts with the age of the last termination', () => {
  const crashing: ContainerStatus = {
    ...waiting('app', 'CrashLoopBackOff', 3),
    lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(5 * minute) } },
  };
  const p = pod({}, { phase: 'Running', containerStatuses: [crashing] });
  assert.deepEqual(podSummary(p, now), { ready: '0/1', status: 'CrashLoopBackOff', restarts: '3 (5m ago)' });
});

test('the most recent termination across containers dates the restarts', () => {
  const a: ContainerStatus = {
    ...running('a', true, 1),
    lastState: { terminated: { exitCode: 1, finishedAt: ago(2 * 60 * minute) } },
  };
  const b: ContainerStatus = {
    ...running('b', true, 2),
    lastState: { terminated: { exitCode: 1, finishedAt: ago(90_000) } },
  };
  const p = pod(
    { containers: [container('a'), container('b')] },
    { phase: 'Running', containerStatuses: [a, b] },
  );
  assert.deepEqual(podSummary(p, now), { ready: '2/2', status: 'Running', restarts: '3 (90s ago)' });
});

test('container reasons: creating, image pull, OOMKilled, Completed, bare exit codes and signals', () => {
  const cases: [ContainerStatus, string][] = [
    [waiting('app', 'ContainerCreating'), 'ContainerCreating'],
    [waiting('app', 'ImagePullBackOff'), 'ImagePullBackOff'],
    [terminated('app', 137, 'OOMKilled'), 'OOMKilled'],
    [terminated('app', 0, 'Completed'), 'Completed'],
    [terminated('app', 2), 'ExitCode:2'],
    [terminated('app', 137, undefined, { signal: 9 }), 'Signal:9'],
  ];
  for (const [status, want] of cases) {
    const p = pod({}, { phase: 'Running', containerStatuses: [status] });
    assert.equal(podSummary(p, now).status, want);
  }
});

test('a waiting container without a reason leaves the phase', () => {
  const p = pod(
    {},
    { phase: 'Pending', containerStatuses: [{ ...waiting('app', ''), state: { waiting: {} } }] },
  );
  assert.deepEqual(podSummary(p, now), { ready: '0/1', status: 'Pending', restarts: '0' });
});

test('the first-listed container wins because containers are walked last to first', () => {
  const p = pod(
    { containers: [container('a'), container('b')] },
    { phase: 'Running', containerStatuses: [waiting('a', 'CrashLoopBackOff'), terminated('b', 1, 'Error')] },
  );
  assert.equal(podSummary(p, now).status, 'CrashLoopBackOff');
});

test('Completed with a container still running reads Running or NotReady by the Ready condition', () => {
  const statuses = [running('a'), terminated('b', 0, 'Completed')];
  const spec = { containers: [container('a'), container('b')] };
  const ready = pod(spec, {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: statuses,
  });
  assert.deepEqual(podSummary(ready, now), { ready: '1/2', status: 'Running', restarts: '0' });
  const notReady = pod(spec, {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'False' }],
    containerStatuses: statuses,
  });
  assert.equal(podSummary(notReady, now).status, 'NotReady');
});

test('init containers: progress, waiting reasons and failures', () => {
  const spec = { initContainers: [container('init-a'), container('init-b')] };
  const cases: [ContainerStatus[], string][] = [
    [[waiting('init-a', 'PodInitializing'), waiting('init-b', 'PodInitializing')], 'Init:0/2'],
    [[running('init-a', false), waiting('init-b', 'PodInitializing')], 'Init:0/2'],
    [[terminated('init-a', 0, 'Completed'), running('init-b', false)], 'Init:1/2'],
    [[waiting('init-a', 'CrashLoopBackOff', 4)], 'Init:CrashLoopBackOff'],
    [[terminated('init-a', 1, 'Error')], 'Init:Error'],
    [[terminated('init-a', 3)], 'Init:ExitCode:3'],
    [[terminated('init-a', 143, undefined, { signal: 15 })], 'Init:Signal:15'],
  ];
  for (const [initContainerStatuses, want] of cases) {
    const p = pod(spec, {
      phase: 'Pending',
      initContainerStatuses,
      containerStatuses: [waiting('app', 'PodInitializing')],
    });
    assert.equal(podSummary(p, now).status, want);
  }
});

test('init container restarts count only while initializing', () => {
  const spec = { initContainers: [container('init')] };
  const failingInit: ContainerStatus = {
    ...waiting('init', 'CrashLoopBackOff', 4),
    lastState: { terminated: { exitCode: 1, finishedAt: ago(3 * minute) } },
  };
  const initializing = pod(spec, { phase: 'Pending', initContainerStatuses: [failingInit] });
  assert.deepEqual(podSummary(initializing, now), {
    ready: '0/1',
    status: 'Init:CrashLoopBackOff',
    restarts: '4 (3m ago)',
  });
  const doneInit: ContainerStatus = { ...terminated('init', 0, 'Completed', { restartCount: 4 }) };
  const started = pod(spec, {
    phase: 'Running',
    initContainerStatuses: [doneInit],
    containerStatuses: [running('app', true, 1)],
  });
  assert.deepEqual(podSummary(started, now), { ready: '1/1', status: 'Running', restarts: '1' });
});

test('sidecars (restartable init containers) count toward ready and restarts', () => {
  const spec = {
    initContainers: [{ ...container('proxy'), restartPolicy: 'Always' }, container('setup')],
  };
  const p = pod(spec, {
    phase: 'Running',
    conditions: [{ type: 'Initialized', status: 'True' }],
    initContainerStatuses: [running('proxy', true, 2), terminated('setup', 0, 'Completed')],
    containerStatuses: [running('app', true, 1)],
  });
  assert.deepEqual(podSummary(p, now), { ready: '2/2', status: 'Running', restarts: '3' });

  const notStarted = pod(spec, {
    phase: 'Pending',
    initContainerStatuses: [
      { ...running('proxy', false), started: false },
      waiting('setup', 'PodInitializing'),
    ],
  });
  assert.deepEqual(podSummary(notStarted, now), { ready: '0/2', status: 'Init:0/2', restarts: '0' });
});

test('deletion shows Terminating unless the phase is final; NodeLost shows Unknown', () => {
  const runningPod = pod({}, { phase: 'Running', containerStatuses: [running('app')] }, true);
  assert.equal(podSummary(runningPod, now).status, 'Terminating');
  const lost = pod({}, { phase: 'Running', reason: 'NodeLost', containerStatuses: [running('app')] }, true);
  assert.equal(podSummary(lost, now).status, 'Unknown');
  const done = pod({}, { phase: 'Succeeded', containerStatuses: [terminated('app', 0, 'Completed')] }, true);
  assert.equal(podSummary(done, now).status, 'Completed');
});

test('status.reason, SchedulingGated and the Completed row conditions', () => {
  const evicted = pod({}, { phase: 'Failed', reason: 'Evicted' });
  assert.deepEqual(podSummary(evicted, now), {
    ready: '0/1',
    status: 'Evicted',
    restarts: '0',
    conditions: [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }],
  });
  const gated = pod(
    {},
    { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] },
  );
  assert.equal(podSummary(gated, now).status, 'SchedulingGated');
  const succeeded = pod({}, { phase: 'Succeeded', containerStatuses: [terminated('app', 0, 'Completed')] });
  assert.deepEqual(podSummary(succeeded, now).conditions, [
    {
      type: 'Completed',
      status: 'True',
      reason: 'Succeeded',
      message: 'The pod has completed successfully.',
    },
  ]);
  assert.deepEqual(podSummary(pod({}, undefined), now), { ready: '0/1', status: '', restarts: '0' });
});

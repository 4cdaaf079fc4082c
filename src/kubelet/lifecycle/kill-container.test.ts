import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '../../base/clock.js';
import type { KubeletEvent } from '../prober/container-event.js';
import { execOutput, FakeContainerExec } from '../prober/fake-container-exec.js';
import { LifecycleHookRunner } from './hook-runner.js';
import { killContainer, type KillContainerDeps, type KillContainerRequest } from './kill-container.js';
import { runPostStartHook } from './post-start-hook.js';
import { killGracePeriodSeconds } from './termination-grace-period.js';

function setup() {
  const clock = new FakeClock();
  const events: KubeletEvent[] = [];
  const exec = new FakeContainerExec();
  const stops: { containerId: string; timeout: number; at: number }[] = [];
  let stopError: Error | undefined;
  const deps: KillContainerDeps = {
    clock,
    hooks: new LifecycleHookRunner({ exec, clock }),
    runtime: {
      stopContainer: async (req) => {
        stops.push({ ...req, at: clock.now() });
        if (stopError) throw stopError;
      },
    },
    onEvent: (e) => events.push(e),
  };
  return { clock, events, exec, stops, deps, failStop: (e: Error) => (stopError = e) };
}

function request(container: Container, pod: Partial<Pod['spec']> = {}, meta: Partial<Pod['metadata']> = {}) {
  const p: Pod = {
    metadata: { name: 'web', namespace: 'ns', uid: 'u1', ...meta },
    spec: { containers: [container], terminationGracePeriodSeconds: 30, ...pod },
  };
  return {
    pod: p,
    container,
    containerId: 'containerd://c1',
    podIps: ['10.0.0.5'],
  } satisfies KillContainerRequest;
}

test('grace periods: deletion grace first, then the probe’s own for probe kills, then the pod’s, else 2', () => {
  const c: Container = { name: 'app', livenessProbe: { terminationGracePeriodSeconds: 5 } };
  const { pod } = request(c);
  assert.equal(killGracePeriodSeconds(pod, c, 'LivenessProbe'), 5);
  assert.equal(killGracePeriodSeconds(pod, c, 'StartupProbe'), 30);
  assert.equal(killGracePeriodSeconds(pod, c, 'Unknown'), 30);
  assert.equal(
    killGracePeriodSeconds({ ...pod, metadata: { deletionGracePeriodSeconds: 7 } }, c, 'LivenessProbe'),
    7,
  );
  assert.equal(killGracePeriodSeconds({ spec: { containers: [c] } }, c, 'LivenessProbe'), 2);
});

test('kill: Killing event, then StopContainer with the grace period', async () => {
  const t = setup();
  const grace = await killContainer(t.deps, {
    ...request({ name: 'app' }),
    reason: 'LivenessProbe',
    message: 'Container app failed liveness probe, will be restarted',
  });
  assert.equal(grace, 30);
  assert.deepEqual(t.stops, [{ containerId: 'c1', timeout: 30, at: t.clock.now() }]);
  assert.deepEqual(
    t.events.map((e) => [e.type, e.reason, e.message, e.involvedObject.fieldPath]),
    [['Normal', 'Killing', 'Container app failed liveness probe, will be restarted', 'spec.containers{app}']],
  );
  await killContainer(t.deps, { ...request({ name: 'app' }), gracePeriodOverrideSeconds: 0 });
  assert.equal(t.events[1]?.message, 'Stopping container app');
  assert.equal(t.stops[1]?.timeout, 0);
});

test('kill: the preStop hook’s whole seconds come off the grace period', async () => {
  const t = setup();
  const c: Container = { name: 'app', lifecycle: { preStop: { sleep: { seconds: 12 } } } };
  const pending = killContainer(t.deps, request(c));
  await t.clock.advance(12_500);
  assert.equal(await pending, 18);
  assert.equal(t.stops[0]?.timeout, 18);
});

test('kill: a preStop hook outliving the grace period is abandoned and 2 s remain', async () => {
  const t = setup();
  const c: Container = { name: 'app', lifecycle: { preStop: { sleep: { seconds: 600 } } } };
  const pending = killContainer(t.deps, request(c, { terminationGracePeriodSeconds: 10 }));
  await t.clock.advance(10_000);
  assert.equal(await pending, 2);
  assert.equal(t.stops[0]?.at, t.clock.now());
  assert.deepEqual(
    t.events.map((e) => e.reason),
    ['Killing'],
    'an abandoned hook is not reported as failed',
  );
});

test('kill: a failing preStop hook is reported without its message; a vanished container is fine', async () => {
  const t = setup();
  t.exec.answer = () => execOutput(3, '', 'password=hunter2');
  t.failStop(Object.assign(new Error('not found'), { code: 'NotFound' }));
  const c: Container = { name: 'app', lifecycle: { preStop: { exec: { command: ['drain'] } } } };
  await killContainer(t.deps, request(c));
  assert.deepEqual(
    t.events.map((e) => [e.type, e.reason, e.message]),
    [
      ['Normal', 'Killing', 'Stopping container app'],
      ['Warning', 'FailedPreStopHook', 'PreStopHook failed'],
    ],
  );
  t.failStop(Object.assign(new Error('runtime down'), { code: 'Unavailable' }));
  await assert.rejects(killContainer(t.deps, request({ name: 'app' })), /runtime down/);
});

test('postStart: a failure records FailedPostStartHook, kills the container and returns the message', async () => {
  const t = setup();
  const c: Container = { name: 'app', lifecycle: { postStart: { exec: { command: ['init'] } } } };
  assert.equal(await runPostStartHook(t.deps, request(c)), undefined);
  assert.equal(t.stops.length, 0);
  t.exec.answer = () => execOutput(1);
  const failure = await runPostStartHook(t.deps, request(c));
  assert.deepEqual(failure, {
    reason: 'PostStartHookError',
    message:
      'Exec lifecycle hook ([init]) for Container "app" in Pod "web_ns(u1)" failed - error: command \'init\' exited with 1: , message: ""',
  });
  assert.deepEqual(
    t.events.map((e) => [e.type, e.reason, e.message]),
    [
      ['Warning', 'FailedPostStartHook', 'PostStartHook failed'],
      ['Normal', 'Killing', 'FailedPostStartHook'],
    ],
  );
  assert.equal(t.stops[0]?.timeout, 30);
});

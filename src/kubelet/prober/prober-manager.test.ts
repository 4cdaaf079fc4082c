import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Container, ContainerStatus, Pod, PodStatus, Probe } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '../../base/clock.js';
import { formatRfc3339 } from '../../base/rfc3339.js';
import type { KubeletEvent } from './container-event.js';
import { execOutput, FakeContainerExec } from './fake-container-exec.js';
import { ProberManager } from './prober-manager.js';
import type { ProbeResultUpdate } from './results-manager.js';

const execProbe = (extra: Partial<Probe> = {}): Probe => ({
  exec: { command: ['check'] },
  periodSeconds: 10,
  timeoutSeconds: 1,
  successThreshold: 1,
  failureThreshold: 1,
  ...extra,
});

function podWith(container: Partial<Container>, extra: Partial<Pod['metadata']> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', uid: 'uid-1', ...extra },
    spec: { containers: [{ name: 'app', image: 'toolbox', ...container }], restartPolicy: 'Always' },
  };
}

function running(id: string, startedAt: number, started = false): ContainerStatus {
  return {
    name: 'app',
    image: 'toolbox',
    imageID: '',
    containerID: id,
    restartCount: 0,
    ready: false,
    started,
    state: { running: { startedAt: formatRfc3339(startedAt) } },
  };
}

/** A manager over a fake clock, a fake exec and a status map the test edits. */
function setup(options: { random?: () => number; exitCode?: () => number } = {}) {
  const clock = new FakeClock();
  const statuses = new Map<string, PodStatus>();
  const exec = new FakeContainerExec(() => execOutput(options.exitCode?.() ?? 0, 'out'));
  const events: KubeletEvent[] = [];
  const manager = new ProberManager({
    clock,
    exec,
    statuses: { podStatus: (uid) => statuses.get(uid) },
    onEvent: (e) => events.push(e),
    random: options.random ?? (() => 0),
  });
  const updates: ProbeResultUpdate[] = [];
  manager.subscribe((u) => updates.push(u));
  const setStatus = (...containers: ContainerStatus[]) =>
    statuses.set('uid-1', { phase: 'Running', podIP: '10.0.0.5', containerStatuses: containers });
  const brief = () => updates.map((u) => `${u.kind}:${u.containerId}:${u.result}`);
  return { clock, statuses, exec, events, manager, updates, setStatus, brief };
}

describe('ProberManager', () => {
  it('reports readiness as failure for a new container, then success after the first good probe', async () => {
    const t = setup();
    t.setStatus(running('containerd://a', t.clock.now(), true));
    t.manager.addPod(podWith({ readinessProbe: execProbe() }));
    await t.clock.advance(0);
    assert.deepEqual(t.brief(), ['readiness:containerd://a:failure', 'readiness:containerd://a:success']);
    assert.deepEqual(t.exec.calls[0]?.call, { containerId: 'a', cmd: ['check'], timeout: 1 });
    assert.equal(t.exec.calls[0]?.options?.timeoutMs, 121_000);
    assert.equal(t.manager.isContainerReady('uid-1', 'app', 'containerd://a', true), true);
    t.manager.close();
  });

  it('publishes a result only after threshold consecutive runs', async () => {
    let code = 1;
    const t = setup({ exitCode: () => code });
    t.setStatus(running('containerd://a', t.clock.now(), true));
    t.manager.addPod(podWith({ readinessProbe: execProbe({ successThreshold: 2, failureThreshold: 3 }) }));
    await t.clock.advance(0);
    code = 0;
    await t.clock.advance(10_000);
    assert.deepEqual(t.brief(), ['readiness:containerd://a:failure']);
    await t.clock.advance(10_000);
    assert.deepEqual(t.brief(), ['readiness:containerd://a:failure', 'readiness:containerd://a:success']);
    code = 1;
    await t.clock.advance(20_000);
    assert.equal(t.updates.length, 2, 'two failures stay below the threshold of 3');
    await t.clock.advance(10_000);
    assert.equal(t.updates.at(-1)?.result, 'failure');
    assert.equal(t.events.filter((e) => e.reason === 'Unhealthy').length, 4);
    assert.deepEqual(t.events[0], {
      involvedObject: {
        kind: 'Pod',
        apiVersion: 'v1',
        namespace: 'default',
        name: 'web',
        uid: 'uid-1',
        fieldPath: 'spec.containers{app}',
      },
      type: 'Warning',
      reason: 'Unhealthy',
      message: 'Readiness probe failed: out',
    });
    t.manager.close();
  });

  it('holds a failed liveness probe until a new container replaces the old one', async () => {
    let code = 1;
    const t = setup({ exitCode: () => code });
    t.setStatus(running('containerd://a', t.clock.now(), true));
    t.manager.addPod(podWith({ livenessProbe: execProbe({ failureThreshold: 2 }) }));
    await t.clock.advance(10_000);
    assert.deepEqual(t.brief(), ['liveness:containerd://a:success', 'liveness:containerd://a:failure']);
    assert.deepEqual(t.manager.restartFor('app', 'containerd://a'), {
      reason: 'LivenessProbe',
      message: 'Container app failed liveness probe',
    });
    await t.clock.advance(30_000);
    assert.equal(t.exec.calls.length, 2, 'no probing while on hold');
    code = 0;
    t.setStatus(running('containerd://b', t.clock.now(), true));
    await t.clock.advance(10_000);
    assert.equal(t.exec.calls.length, 3);
    assert.equal(t.manager.liveness.get('containerd://a'), undefined, 'the old container is forgotten');
    assert.equal(t.manager.liveness.get('containerd://b'), 'success');
    assert.equal(t.manager.restartFor('app', 'containerd://b'), undefined);
    t.manager.close();
  });

  it('gates liveness and readiness on the startup probe', async () => {
    let code = 1;
    const t = setup({ exitCode: () => code });
    t.setStatus(running('containerd://a', t.clock.now()));
    t.manager.addPod(
      podWith({
        startupProbe: execProbe({ failureThreshold: 5 }),
        livenessProbe: execProbe(),
        readinessProbe: execProbe(),
      }),
    );
    await t.clock.advance(0);
    assert.equal(t.exec.calls.length, 1, 'only the startup probe runs');
    assert.equal(t.manager.isContainerStarted('uid-1', 'app', 'containerd://a', true), false);
    code = 0;
    await t.clock.advance(10_000);
    assert.equal(t.manager.startup.get('containerd://a'), 'success');
    assert.equal(t.manager.isContainerStarted('uid-1', 'app', 'containerd://a', true), true);
    // The pod worker now writes started=true; from then on only liveness and readiness probe.
    t.setStatus(running('containerd://a', t.clock.now(), true));
    const before = t.exec.calls.length;
    await t.clock.advance(10_000);
    assert.equal(t.exec.calls.length, before + 2);
    assert.equal(t.manager.readiness.get('containerd://a'), 'success');
    t.manager.close();
  });

  it('waits out initialDelaySeconds from the container start', async () => {
    const t = setup();
    t.setStatus(running('containerd://a', t.clock.now(), true));
    t.manager.addPod(podWith({ readinessProbe: execProbe({ initialDelaySeconds: 15 }) }));
    await t.clock.advance(10_000);
    assert.equal(t.exec.calls.length, 0);
    assert.equal(t.manager.readiness.get('containerd://a'), 'failure');
    await t.clock.advance(10_000);
    assert.equal(t.exec.calls.length, 1);
  });

  it('starts at a random point of the first period only right after the manager started', async () => {
    const t = setup({ random: () => 0.5 });
    t.setStatus(running('containerd://a', t.clock.now(), true));
    t.manager.addPod(podWith({ readinessProbe: execProbe() }));
    await t.clock.advance(4_999);
    assert.equal(t.exec.calls.length, 0);
    await t.clock.advance(1);
    assert.equal(t.exec.calls.length, 1);
    t.manager.removePod(podWith({}));
    await t.clock.advance(20_000);
    t.manager.addPod(podWith({ readinessProbe: execProbe() }));
    await t.clock.advance(0);
    assert.equal(t.exec.calls.length, 2, 'no jitter once the manager has run a full period');
    t.manager.close();
  });

  it('stops when the pod finished or its container will not run again', async () => {
    const t = setup();
    t.setStatus(running('containerd://a', t.clock.now(), true));
    t.manager.addPod(podWith({ readinessProbe: execProbe(), livenessProbe: execProbe() }));
    await t.clock.advance(0);
    assert.equal(t.manager.workerCount, 2);
    t.statuses.set('uid-1', { phase: 'Succeeded', containerStatuses: [] });
    await t.clock.advance(10_000);
    assert.equal(t.manager.workerCount, 0);
    assert.equal(t.manager.readiness.size, 0, 'results are removed with their worker');

    const never = setup();
    const pod = podWith({ readinessProbe: execProbe() });
    pod.spec!.restartPolicy = 'Never';
    never.setStatus({
      ...running('containerd://a', 0),
      state: { terminated: { exitCode: 0, containerID: 'containerd://a' } },
    });
    never.manager.addPod(pod);
    await never.clock.advance(0);
    assert.deepEqual(never.brief(), ['readiness:containerd://a:failure']);
    assert.equal(never.manager.workerCount, 0);
  });

  it('ends liveness quietly with success for a pod being deleted', async () => {
    const t = setup({ exitCode: () => 1 });
    t.setStatus(running('containerd://a', t.clock.now(), true));
    t.manager.addPod(podWith({ livenessProbe: execProbe() }, { deletionTimestamp: '2026-01-01T00:00:00Z' }));
    await t.clock.advance(0);
    assert.equal(t.exec.calls.length, 0);
    assert.equal(t.manager.liveness.size, 0);
    assert.deepEqual(t.brief(), ['liveness:containerd://a:success']);
    assert.equal(t.manager.workerCount, 0);
  });

  it('probes readiness at once when asked for an unknown readiness', async () => {
    const t = setup({ random: () => 0.9 });
    t.setStatus(running('containerd://a', t.clock.now(), true));
    t.manager.addPod(podWith({ readinessProbe: execProbe() }));
    await t.clock.advance(9_000);
    assert.equal(t.exec.calls.length, 1);
    t.exec.answer = () => execOutput(1);
    await t.clock.advance(10_000);
    assert.equal(t.manager.readiness.get('containerd://a'), 'failure');
    t.exec.answer = () => execOutput(0);
    assert.equal(t.manager.isContainerReady('uid-1', 'app', 'containerd://a', true), false);
    await t.clock.advance(0);
    assert.equal(t.exec.calls.length, 3, 'probed without waiting for the next tick');
    assert.equal(t.manager.isContainerReady('uid-1', 'app', 'containerd://a', true), true);
    t.manager.close();
  });

  it('aborts an in-flight probe when the pod is removed', async () => {
    const t = setup();
    t.exec.answer = () => new Promise(() => {});
    t.setStatus(running('containerd://a', t.clock.now(), true));
    const pod = podWith({ livenessProbe: execProbe() });
    t.manager.addPod(pod);
    await t.clock.advance(0);
    assert.equal(t.exec.calls.length, 1);
    t.manager.removePod(pod);
    await t.clock.advance(0);
    assert.equal(t.manager.workerCount, 0);
    assert.equal(t.events.length, 0, 'an aborted probe is not an error');
  });

  it('fills started and ready into a pod status', async () => {
    const t = setup();
    const pod = podWith({ readinessProbe: execProbe() });
    pod.spec!.initContainers = [{ name: 'init', image: 'toolbox' }];
    const status: PodStatus = {
      phase: 'Running',
      podIP: '10.0.0.5',
      containerStatuses: [running('containerd://a', t.clock.now(), true)],
      initContainerStatuses: [
        {
          ...running('containerd://i', 0),
          name: 'init',
          state: { terminated: { exitCode: 0, containerID: 'containerd://i' } },
        },
      ],
    };
    t.statuses.set('uid-1', status);
    t.manager.addPod(pod);
    const before = t.manager.updatePodStatus(pod, status);
    assert.equal(before.containerStatuses?.[0]?.started, true);
    assert.equal(before.containerStatuses?.[0]?.ready, false);
    assert.equal(before.initContainerStatuses?.[0]?.ready, true);
    assert.equal(before.initContainerStatuses?.[0]?.started, false);
    await t.clock.advance(0);
    assert.equal(t.manager.updatePodStatus(pod, status).containerStatuses?.[0]?.ready, true);
    t.manager.close();
  });
});

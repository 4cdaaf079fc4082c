import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '../../base/clock.js';
import { formatRfc3339 } from '../../base/rfc3339.js';
import { generatePodStatus, type KubeletPodStatus } from '../pod-status.js';
import { TimerQueue } from '../timer-queue.js';
import { PodIpPool } from './pod-ip-pool.js';
import { SimPod, type SimPodTiming } from './sim-pod.js';

const timing: SimPodTiming = { startMs: 1000, initContainerMs: 1000, maxTerminationMs: 1000 };

function podOf(
  options: {
    annotations?: Record<string, string>;
    restartPolicy?: 'Always' | 'OnFailure' | 'Never';
    initContainers?: string[];
    readinessDelaySeconds?: number;
    readinessGates?: string[];
  } = {},
): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'p',
      namespace: 'default',
      uid: 'uid-1',
      ...(options.annotations ? { annotations: options.annotations } : {}),
    },
    spec: {
      nodeName: 'sim-node-0',
      restartPolicy: options.restartPolicy ?? 'Always',
      ...(options.initContainers
        ? { initContainers: options.initContainers.map((name) => ({ name, image: 'busybox:1.36' })) }
        : {}),
      containers: [
        {
          name: 'app',
          image: 'nginx',
          ...(options.readinessDelaySeconds !== undefined
            ? {
                readinessProbe: {
                  initialDelaySeconds: options.readinessDelaySeconds,
                  tcpSocket: { port: 80 },
                },
              }
            : {}),
        },
      ],
      ...(options.readinessGates
        ? { readinessGates: options.readinessGates.map((conditionType) => ({ conditionType })) }
        : {}),
    },
    status: { phase: 'Pending', qosClass: 'BestEffort' },
  };
}

/** A SimPod driven by a FakeClock through a TimerQueue, as the simulator drives it. */
function harness(initial: Pod) {
  const clock = new FakeClock();
  const t0 = clock.now();
  const pool = new PodIpPool('10.42.3.0/24');
  let ids = 0;
  let pod = initial;
  const timers = new TimerQueue<string>({
    clock,
    onDue: (_key, now) => {
      sim.advance(now);
      reschedule();
    },
  });
  const sim = new SimPod({
    pod,
    now: t0,
    ipam: pool,
    timing,
    newContainerId: () => `containerd://${String(++ids).padStart(64, '0')}`,
  });
  const reschedule = () => {
    const at = sim.nextDeadline();
    if (at === undefined) timers.cancel('p');
    else timers.schedule('p', at);
  };
  reschedule();
  const status = (): KubeletPodStatus => {
    const s = generatePodStatus({
      pod,
      runtime: sim.runtimeStatus(),
      hostIPs: ['172.16.0.10'],
      now: clock.now(),
      previous: {
        ...(sim.lastConditions ? { conditions: sim.lastConditions } : {}),
        startTime: sim.startTime,
      },
      terminal: sim.isTerminal,
    });
    sim.lastConditions = s.conditions;
    return s;
  };
  return {
    clock,
    sim,
    pool,
    status,
    /** Moves to `seconds` after the start. */
    at: (seconds: number) => clock.advance(t0 + seconds * 1000 - clock.now()),
    time: (seconds: number) => formatRfc3339(t0 + seconds * 1000),
    update: (next: Pod) => {
      pod = next;
      sim.update(next, clock.now());
      sim.advance(clock.now());
      reschedule();
    },
  };
}

function container(s: KubeletPodStatus, name = 'app'): ContainerStatus {
  const c = [...(s.initContainerStatuses ?? []), ...(s.containerStatuses ?? [])].find((x) => x.name === name);
  assert.ok(c, `no status for container ${name}`);
  return c;
}

function condition(s: KubeletPodStatus, type: string) {
  return s.conditions.find((c) => c.type === type);
}

describe('SimPod', () => {
  it('goes Pending/ContainerCreating, then Running with a pod IP, as a kubelet reports it', async () => {
    const h = harness(podOf());
    let s = h.status();
    assert.equal(s.phase, 'Pending');
    assert.equal(s.hostIP, '172.16.0.10');
    assert.deepEqual(s.hostIPs, [{ ip: '172.16.0.10' }]);
    assert.equal(s.podIP, undefined);
    assert.equal(s.qosClass, 'BestEffort');
    assert.equal(s.startTime, h.time(0));
    assert.deepEqual(container(s), {
      name: 'app',
      state: { waiting: { reason: 'ContainerCreating' } },
      lastState: {},
      ready: false,
      restartCount: 0,
      image: 'nginx',
      imageID: '',
      started: false,
    });
    assert.deepEqual(
      s.conditions.map((c) => [c.type, c.status, c.reason, c.message]),
      [
        ['PodReadyToStartContainers', 'False', undefined, undefined],
        ['Initialized', 'True', undefined, undefined],
        ['Ready', 'False', 'ContainersNotReady', 'containers with unready status: [app]'],
        ['ContainersReady', 'False', 'ContainersNotReady', 'containers with unready status: [app]'],
        ['PodScheduled', 'True', undefined, undefined],
      ],
    );
    assert.ok(s.conditions.every((c) => c.lastProbeTime === null && c.lastTransitionTime === h.time(0)));

    await h.at(1);
    s = h.status();
    assert.equal(s.phase, 'Running');
    assert.equal(s.podIP, '10.42.3.2');
    assert.deepEqual(s.podIPs, [{ ip: '10.42.3.2' }]);
    assert.equal(s.startTime, h.time(0));
    const c = container(s);
    assert.deepEqual(c.state, { running: { startedAt: h.time(1) } });
    assert.equal(c.ready, true);
    assert.equal(c.started, true);
    assert.equal(c.restartCount, 0);
    assert.equal(c.image, 'docker.io/library/nginx:latest');
    assert.match(c.imageID, /^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    assert.match(c.containerID ?? '', /^containerd:\/\/[0-9a-f]{64}$/);
    assert.deepEqual(
      s.conditions.map((x) => [x.type, x.status, x.lastTransitionTime]),
      [
        ['PodReadyToStartContainers', 'True', h.time(1)],
        ['Initialized', 'True', h.time(0)],
        ['Ready', 'True', h.time(1)],
        ['ContainersReady', 'True', h.time(1)],
        ['PodScheduled', 'True', h.time(0)],
      ],
    );
    assert.equal(h.sim.nextDeadline(), undefined, 'a running pod without exit-after has nothing scheduled');
  });

  it('runs init containers one after another, each terminated Completed', async () => {
    const h = harness(podOf({ initContainers: ['init-a', 'init-b'] }));
    let s = h.status();
    assert.deepEqual(container(s, 'init-a').state, { waiting: { reason: 'PodInitializing' } });
    assert.deepEqual(container(s).state, { waiting: { reason: 'PodInitializing' } });
    assert.deepEqual(
      [condition(s, 'Initialized')?.status, condition(s, 'Initialized')?.message],
      ['False', 'containers with incomplete status: [init-a init-b]'],
    );
    await h.at(1);
    s = h.status();
    assert.equal(s.phase, 'Pending');
    assert.deepEqual(container(s, 'init-a').state, { running: { startedAt: h.time(1) } });
    assert.equal(container(s, 'init-a').started, true);
    assert.equal(container(s, 'init-a').ready, false);
    await h.at(2);
    s = h.status();
    const a = container(s, 'init-a');
    assert.equal(a.state?.terminated?.reason, 'Completed');
    assert.equal(a.state?.terminated?.exitCode, 0);
    assert.equal(a.ready, true);
    assert.equal(a.started, false);
    assert.deepEqual(container(s, 'init-b').state, { running: { startedAt: h.time(2) } });
    assert.equal(condition(s, 'Initialized')?.message, 'containers with incomplete status: [init-b]');
    await h.at(3);
    s = h.status();
    assert.equal(s.phase, 'Running');
    assert.equal(container(s, 'init-b').state?.terminated?.reason, 'Completed');
    assert.equal(condition(s, 'Initialized')?.status, 'True');
    assert.equal(condition(s, 'Initialized')?.lastTransitionTime, h.time(3));
    assert.equal(condition(s, 'Ready')?.status, 'True');
  });

  it('exit code 0 with restartPolicy Never ends Succeeded and frees the IP', async () => {
    const h = harness(podOf({ restartPolicy: 'Never', annotations: { 'sim.k8ts.io/exit-after': '2s' } }));
    await h.at(2.5);
    assert.equal(h.status().phase, 'Running');
    assert.equal(h.pool.size, 1);
    await h.at(3);
    const s = h.status();
    assert.equal(s.phase, 'Succeeded');
    const t = container(s).state?.terminated;
    assert.deepEqual(
      [t?.reason, t?.exitCode, t?.startedAt, t?.finishedAt],
      ['Completed', 0, h.time(1), h.time(3)],
    );
    assert.equal(container(s).ready, false);
    assert.deepEqual(
      s.conditions.map((c) => [c.type, c.status, c.reason]),
      [
        ['PodReadyToStartContainers', 'False', undefined],
        ['Initialized', 'True', undefined],
        ['Ready', 'False', 'PodCompleted'],
        ['ContainersReady', 'False', 'PodCompleted'],
        ['PodScheduled', 'True', undefined],
      ],
    );
    assert.equal(s.podIP, '10.42.3.2', 'a finished pod still shows its IP');
    assert.equal(h.pool.size, 0, 'but the node may hand it out again');
    assert.equal(h.sim.isTerminal, true);
    assert.equal(h.sim.readyToDelete, false);
  });

  it('a non-zero exit code with restartPolicy Never ends Failed with reason Error', async () => {
    const h = harness(
      podOf({
        restartPolicy: 'Never',
        annotations: { 'sim.k8ts.io/exit-after': '2s', 'sim.k8ts.io/exit-code': '3' },
      }),
    );
    await h.at(3);
    const s = h.status();
    assert.equal(s.phase, 'Failed');
    assert.deepEqual(
      [container(s).state?.terminated?.reason, container(s).state?.terminated?.exitCode],
      ['Error', 3],
    );
    assert.equal(condition(s, 'Ready')?.reason, 'PodFailed');
  });

  it('restartPolicy OnFailure restarts failures but ends Succeeded on exit 0', async () => {
    const ok = harness(
      podOf({ restartPolicy: 'OnFailure', annotations: { 'sim.k8ts.io/exit-after': '1s' } }),
    );
    await ok.at(2);
    assert.equal(ok.status().phase, 'Succeeded');
    const bad = harness(
      podOf({
        restartPolicy: 'OnFailure',
        annotations: { 'sim.k8ts.io/exit-after': '1s', 'sim.k8ts.io/exit-code': '1' },
      }),
    );
    await bad.at(2);
    const s = bad.status();
    assert.equal(s.phase, 'Running');
    assert.equal(container(s).restartCount, 1);
    assert.equal(container(s).lastState?.terminated?.reason, 'Error');
  });

  it('restarts crashing containers on the upstream backoff schedule with CrashLoopBackOff between', async () => {
    const h = harness(
      podOf({ annotations: { 'sim.k8ts.io/exit-after': '1s', 'sim.k8ts.io/exit-code': '1' } }),
    );
    // Started at 1 s; each run lasts 1 s. The first exit restarts at once, then 10 s doubling to 5 min.
    const restarts: number[] = [];
    const backoffMessages: string[] = [];
    let last = 0;
    let wasWaiting = false;
    for (let second = 1; second <= 1000; second++) {
      await h.at(second);
      const s = h.status();
      const c = container(s);
      if (c.restartCount !== last) {
        restarts.push(second);
        last = c.restartCount;
        assert.equal(s.phase, 'Running');
        assert.deepEqual(c.state, { running: { startedAt: h.time(second) } });
        assert.equal(c.lastState?.terminated?.reason, 'Error');
        assert.equal(c.lastState?.terminated?.exitCode, 1);
      }
      const waiting = c.state?.waiting;
      if (waiting !== undefined && !wasWaiting) {
        assert.equal(waiting.reason, 'CrashLoopBackOff');
        assert.equal(s.phase, 'Running', 'a crash-looping pod stays Running');
        assert.equal(c.ready, false);
        assert.equal(c.started, false);
        assert.equal(c.lastState?.terminated?.exitCode, 1);
        assert.equal(c.containerID, c.lastState?.terminated?.containerID);
        assert.equal(condition(s, 'Ready')?.status, 'False');
        backoffMessages.push(waiting.message ?? '');
      }
      wasWaiting = waiting !== undefined;
    }
    assert.deepEqual(restarts, [2, 13, 34, 75, 156, 317, 618, 919]);
    assert.deepEqual(
      backoffMessages.map((m) => m.replace(/ restarting.*/, '')),
      // Exits at 3, 14, 35, 76, 157, 318, 619 and 920 s.
      [
        'back-off 10s',
        'back-off 20s',
        'back-off 40s',
        'back-off 1m20s',
        'back-off 2m40s',
        'back-off 5m0s',
        'back-off 5m0s',
        'back-off 5m0s',
      ],
    );
    assert.equal(backoffMessages[0], 'back-off 10s restarting failed container=app pod=p_default(uid-1)');
  });

  it('resets the backoff after a run of more than 10 minutes', async () => {
    const h = harness(podOf({ annotations: { 'sim.k8ts.io/exit-after': '11m' } }));
    await h.at(1 + 660);
    assert.equal(container(h.status()).restartCount, 1);
    await h.at(1 + 2 * 660);
    const c = container(h.status());
    assert.equal(c.restartCount, 2, 'restarted at once: the long run made the backoff stale');
    assert.ok(c.state?.running);
    assert.equal(c.lastState?.terminated?.reason, 'Completed');
  });

  it('keeps containers running but unready under sim.k8ts.io/ready: "false", and follows its changes', async () => {
    const pod = podOf({ annotations: { 'sim.k8ts.io/ready': 'false' } });
    const h = harness(pod);
    await h.at(1);
    let s = h.status();
    assert.equal(s.phase, 'Running');
    assert.ok(container(s).state?.running);
    assert.equal(container(s).ready, false);
    assert.equal(container(s).started, true);
    assert.equal(condition(s, 'Ready')?.message, 'containers with unready status: [app]');
    await h.at(5);
    h.update({ ...pod, metadata: { ...pod.metadata, annotations: { 'sim.k8ts.io/ready': 'true' } } });
    s = h.status();
    assert.equal(container(s).ready, true);
    assert.equal(condition(s, 'Ready')?.status, 'True');
    assert.equal(condition(s, 'Ready')?.lastTransitionTime, h.time(5));
  });

  it('passes a readiness probe after its initial delay, and honours readiness gates', async () => {
    const h = harness(podOf({ readinessDelaySeconds: 5, readinessGates: ['example.com/lb'] }));
    await h.at(2);
    assert.equal(container(h.status()).ready, false);
    await h.at(6);
    const s = h.status();
    assert.equal(container(s).ready, true);
    assert.equal(condition(s, 'ContainersReady')?.status, 'True');
    assert.deepEqual(
      [condition(s, 'Ready')?.status, condition(s, 'Ready')?.reason, condition(s, 'Ready')?.message],
      [
        'False',
        'ReadinessGatesNotReady',
        'corresponding condition of pod readiness gate "example.com/lb" does not exist.',
      ],
    );
  });

  it('stops a deleted pod after min(grace period, the sim cap) and only then allows deleting it', async () => {
    const pod = podOf();
    const h = harness(pod);
    await h.at(3);
    h.update({
      ...pod,
      metadata: { ...pod.metadata, deletionTimestamp: h.time(33), deletionGracePeriodSeconds: 30 },
    });
    assert.equal(h.sim.readyToDelete, false);
    assert.equal(h.status().phase, 'Running');
    await h.at(4);
    const s = h.status();
    assert.equal(h.sim.readyToDelete, true);
    assert.equal(s.phase, 'Succeeded', 'a deleted pod whose containers exited 0 ends Succeeded');
    assert.deepEqual(
      [container(s).state?.terminated?.reason, container(s).state?.terminated?.finishedAt],
      ['Completed', h.time(4)],
    );
    assert.equal(h.pool.size, 0);
  });

  it('reports containers of a pod deleted before they ran as ContainerStatusUnknown, phase Failed', async () => {
    const pod = podOf();
    const h = harness(pod);
    h.update({
      ...pod,
      metadata: { ...pod.metadata, deletionTimestamp: h.time(0), deletionGracePeriodSeconds: 0 },
    });
    await h.at(0);
    const s = h.status();
    assert.equal(h.sim.readyToDelete, true);
    assert.equal(s.phase, 'Failed');
    assert.deepEqual(container(s).state, {
      terminated: {
        exitCode: 137,
        message: 'The container could not be located when the pod was terminated',
        reason: 'ContainerStatusUnknown',
      },
    });
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ContainerStatus, Pod, PodSpec } from 'kubernetes-types/core/v1.js';
import { podPhase } from './pod-phase.js';
import { generatePodStatus } from './pod-status.js';

const running: ContainerStatus = {
  name: 'a',
  image: 'x',
  imageID: 'x',
  ready: true,
  restartCount: 0,
  state: { running: { startedAt: '2026-01-01T00:00:00Z' } },
};
const exited = (name: string, exitCode: number): ContainerStatus => ({
  name,
  image: 'x',
  imageID: 'x',
  ready: false,
  restartCount: 0,
  state: { terminated: { exitCode } },
});
const spec = (restartPolicy: string, names = ['a']): PodSpec => ({
  restartPolicy,
  containers: names.map((name) => ({ name, image: 'x' })),
});

test('phase follows the kubelet getPhase table', () => {
  const cases: [string, PodSpec, ContainerStatus[], boolean, string][] = [
    ['no statuses', spec('Always'), [], false, 'Pending'],
    ['running', spec('Always'), [running], false, 'Running'],
    ['Always keeps an exited pod Running', spec('Always'), [exited('a', 1)], false, 'Running'],
    ['Never, exit 0', spec('Never'), [exited('a', 0)], false, 'Succeeded'],
    ['Never, exit 1', spec('Never'), [exited('a', 1)], false, 'Failed'],
    ['OnFailure, exit 0', spec('OnFailure'), [exited('a', 0)], false, 'Succeeded'],
    ['OnFailure, exit 1 restarts', spec('OnFailure'), [exited('a', 1)], false, 'Running'],
    ['terminal, exit 0', spec('Always'), [exited('a', 0)], true, 'Succeeded'],
    ['terminal, exit 137', spec('Always'), [exited('a', 137)], true, 'Failed'],
    ['one of two unknown', spec('Always', ['a', 'b']), [running], false, 'Pending'],
  ];
  for (const [name, s, statuses, terminal, want] of cases)
    assert.equal(podPhase(s, [], statuses, terminal), want, name);
});

test('a failed init container fails a restartPolicy Never pod', () => {
  const s: PodSpec = { ...spec('Never'), initContainers: [{ name: 'i', image: 'x' }] };
  assert.equal(podPhase(s, [exited('i', 2)], [], false), 'Failed');
  assert.equal(podPhase({ ...s, restartPolicy: 'Always' }, [exited('i', 2)], [], false), 'Pending');
});

test('generatePodStatus keeps conditions it does not own, a terminal API phase, and the QoS class', () => {
  const pod: Pod = {
    metadata: { name: 'p', namespace: 'default', uid: 'u' },
    spec: { ...spec('Always'), readinessGates: [{ conditionType: 'example.com/gate' }] },
    status: {
      phase: 'Failed',
      qosClass: 'Guaranteed',
      conditions: [{ type: 'example.com/gate', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' }],
    },
  };
  const status = generatePodStatus({
    pod,
    runtime: { sandboxReady: true, podIPs: ['10.0.0.5'], initContainers: [], containers: [] },
    hostIPs: ['172.16.0.1'],
    now: Date.parse('2026-01-01T00:01:00Z'),
  });
  assert.equal(status.phase, 'Failed', 'the kubelet never moves a pod out of a terminal phase');
  assert.equal(status.qosClass, 'Guaranteed');
  assert.deepEqual(
    status.conditions.map((c) => c.type),
    [
      'example.com/gate',
      'PodReadyToStartContainers',
      'Initialized',
      'Ready',
      'ContainersReady',
      'PodScheduled',
    ],
  );
  assert.equal(status.podIP, '10.0.0.5');
});

test('a hostNetwork pod reports the node IPs as its own', () => {
  const pod: Pod = { metadata: { name: 'p' }, spec: { ...spec('Always'), hostNetwork: true }, status: {} };
  const status = generatePodStatus({
    pod,
    runtime: { sandboxReady: true, podIPs: [], initContainers: [], containers: [] },
    hostIPs: ['172.16.0.1'],
    now: 0,
  });
  assert.deepEqual([status.podIP, status.podIPs], ['172.16.0.1', [{ ip: '172.16.0.1' }]]);
});

test('a pod no apiserver classified (a static pod) gets its QoS class computed, as GetPodQOS does', () => {
  const limited = { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } };
  const pod: Pod = {
    metadata: { name: 'p' },
    spec: { restartPolicy: 'Always', containers: [{ name: 'a', image: 'x', resources: limited }] },
  };
  const runtime = { sandboxReady: false, podIPs: [], initContainers: [], containers: [] };
  assert.equal(generatePodStatus({ pod, runtime, hostIPs: [], now: 0 }).qosClass, 'Guaranteed');
  const bare: Pod = { metadata: { name: 'p' }, spec: spec('Always') };
  assert.equal(generatePodStatus({ pod: bare, runtime, hostIPs: [], now: 0 }).qosClass, 'BestEffort');
});

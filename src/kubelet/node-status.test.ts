import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NodeCondition } from 'kubernetes-types/core/v1.js';
import { formatRfc3339 } from '../base/rfc3339.js';
import { kubeletNodeConditions, kubeletNodeLabels, nodeConditionsChanged } from './node-status.js';

const t0 = Date.parse('2026-01-01T00:00:00Z');
const at = (s: number) => formatRfc3339(t0 + s * 1000);

test('a new node gets the four kubelet conditions with upstream reasons and messages', () => {
  const conditions = kubeletNodeConditions(undefined, { ready: true }, t0);
  assert.deepEqual(
    conditions.map((c) => [c.type, c.status, c.reason, c.message, c.lastHeartbeatTime, c.lastTransitionTime]),
    [
      [
        'MemoryPressure',
        'False',
        'KubeletHasSufficientMemory',
        'kubelet has sufficient memory available',
        at(0),
        at(0),
      ],
      ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', at(0), at(0)],
      [
        'PIDPressure',
        'False',
        'KubeletHasSufficientPID',
        'kubelet has sufficient PID available',
        at(0),
        at(0),
      ],
      ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', at(0), at(0)],
    ],
  );
});

test('a heartbeat moves lastHeartbeatTime only; a status change moves lastTransitionTime', () => {
  const first = kubeletNodeConditions(
    undefined,
    { ready: false, notReadyReasons: ['network not ready'] },
    t0,
  );
  const ready = first.find((c) => c.type === 'Ready')!;
  assert.deepEqual(
    [ready.status, ready.reason, ready.message],
    ['False', 'KubeletNotReady', 'network not ready'],
  );
  const beat = kubeletNodeConditions(
    first,
    { ready: false, notReadyReasons: ['network not ready'] },
    t0 + 10_000,
  );
  assert.equal(nodeConditionsChanged(first, beat), false);
  assert.ok(beat.every((c) => c.lastHeartbeatTime === at(10) && c.lastTransitionTime === at(0)));
  const up = kubeletNodeConditions(beat, { ready: true }, t0 + 20_000);
  assert.equal(nodeConditionsChanged(beat, up), true);
  const r = up.find((c) => c.type === 'Ready')!;
  assert.deepEqual([r.status, r.lastTransitionTime], ['True', at(20)]);
  assert.equal(up.find((c) => c.type === 'MemoryPressure')!.lastTransitionTime, at(0));
});

test('conditions other agents own stay where they are; Unknown from the lifecycle controller is overwritten', () => {
  const previous: NodeCondition[] = [
    { type: 'NetworkUnavailable', status: 'False', reason: 'RouteCreated', lastTransitionTime: at(0) },
    {
      type: 'Ready',
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
      lastTransitionTime: at(50),
    },
  ];
  const next = kubeletNodeConditions(previous, { ready: true }, t0 + 60_000);
  assert.deepEqual(
    next.map((c) => [c.type, c.status, c.lastTransitionTime]),
    [
      ['NetworkUnavailable', 'False', at(0)],
      ['Ready', 'True', at(60)],
      ['MemoryPressure', 'False', at(60)],
      ['DiskPressure', 'False', at(60)],
      ['PIDPressure', 'False', at(60)],
    ],
  );
});

test('well-known node labels', () => {
  assert.deepEqual(
    kubeletNodeLabels({
      hostname: 'n1',
      os: 'linux',
      arch: 'amd64',
      zone: 'z-a',
      region: 'r',
      instanceType: 't',
    }),
    {
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': 'n1',
      'kubernetes.io/os': 'linux',
      'node.kubernetes.io/instance-type': 't',
      'topology.kubernetes.io/region': 'r',
      'topology.kubernetes.io/zone': 'z-a',
    },
  );
});

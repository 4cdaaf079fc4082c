import assert from 'node:assert/strict';
import { test } from 'node:test';
import { carryOverPodStatus } from './pod-status-carry-over.js';
import type { KubeletPodStatus } from './pod-status.js';

const running: KubeletPodStatus = {
  phase: 'Running',
  conditions: [{ type: 'Ready', status: 'False', lastProbeTime: null }],
};
const disruption = {
  type: 'DisruptionTarget',
  status: 'True',
  reason: 'TerminationByKubelet',
  message: 'The node was low on resource: memory. ',
  lastProbeTime: null,
  lastTransitionTime: '2026-01-01T00:00:00Z',
};
const evicted: KubeletPodStatus = {
  phase: 'Failed',
  reason: 'Evicted',
  message: 'The node was low on resource: memory. ',
  conditions: [{ type: 'Ready', status: 'False', lastProbeTime: null }, disruption],
};

test('an evicted pod stays Failed/Evicted with its DisruptionTarget condition', () => {
  const out = carryOverPodStatus(running, evicted, { phase: 'Running' });
  assert.equal(out.phase, 'Failed');
  assert.equal(out.reason, 'Evicted');
  assert.equal(out.message, evicted.message);
  assert.deepEqual(
    out.conditions.map((c) => c.type),
    ['Ready', 'DisruptionTarget'],
  );
});

test('a phase change drops the reason of the old phase; the API fills an empty one', () => {
  assert.equal(carryOverPodStatus({ ...running }, { ...running, reason: 'X' }, undefined).reason, 'X');
  const pending: KubeletPodStatus = { phase: 'Pending', conditions: [], reason: 'Old' };
  assert.equal(carryOverPodStatus(running, pending, undefined).reason, undefined);
  assert.equal(carryOverPodStatus(running, undefined, { phase: 'Running', reason: 'Api' }).reason, 'Api');
});

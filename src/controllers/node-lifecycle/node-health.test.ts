import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Node } from 'kubernetes-types/core/v1.js';
import { formatMicroTime } from '../../base/rfc3339.js';
import { checkNodeHealth, type NodeHealth } from './node-health.js';

const t0 = Date.parse('2026-01-01T00:00:00Z');
const node: Node = {
  metadata: { name: 'n', creationTimestamp: '2025-12-31T23:00:00Z' },
  status: {
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        lastHeartbeatTime: '2026-01-01T00:00:00Z',
        lastTransitionTime: '2025-12-31T23:00:00Z',
      },
      {
        type: 'MemoryPressure',
        status: 'False',
        lastHeartbeatTime: '2026-01-01T00:00:00Z',
        lastTransitionTime: '2025-12-31T23:00:00Z',
      },
    ],
  },
};
const lease = (ms: number): Lease => ({ metadata: { name: 'n' }, spec: { renewTime: formatMicroTime(ms) } });
const grace = { gracePeriodMs: 40_000, startupGracePeriodMs: 60_000 };

function run(saved: NodeHealth | undefined, now: number, l?: Lease, n = node) {
  return checkNodeHealth({ node: n, saved, lease: l, now, ...grace });
}

describe('checkNodeHealth', () => {
  it('starts the clock when it first sees a node', () => {
    const r = run(undefined, t0, lease(t0));
    assert.equal(r.health.probeTimestamp, t0);
    assert.equal(r.update, undefined);
    assert.equal(r.currentReady?.status, 'True');
  });

  it('lease renewals keep a node alive even when its status is not refreshed', () => {
    const first = run(undefined, t0, lease(t0)).health;
    const later = run(first, t0 + 39_000, lease(t0 + 30_000));
    assert.equal(later.health.probeTimestamp, t0 + 39_000);
    assert.equal(run(later.health, t0 + 70_000, lease(t0 + 30_000)).update, undefined);
  });

  it('after the grace period marks Ready and the pressure conditions Unknown, pressure ones never posted as such', () => {
    const first = run(undefined, t0, lease(t0)).health;
    assert.equal(run(first, t0 + 40_000, lease(t0)).update, undefined);
    const r = run(first, t0 + 40_001, lease(t0));
    assert.ok(r.update);
    const byType = new Map(r.update.status.conditions?.map((c) => [c.type, c]));
    assert.deepEqual(
      [byType.get('Ready')?.status, byType.get('Ready')?.reason, byType.get('Ready')?.message],
      ['Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.'],
    );
    assert.equal(byType.get('Ready')?.lastTransitionTime, '2026-01-01T00:00:40Z');
    assert.equal(byType.get('MemoryPressure')?.reason, 'NodeStatusUnknown');
    assert.equal(byType.get('DiskPressure')?.reason, 'NodeStatusNeverUpdated');
    assert.equal(byType.get('DiskPressure')?.lastHeartbeatTime, '2025-12-31T23:00:00Z');
    assert.equal(r.observedReady.status, 'True');
    assert.equal(r.currentReady?.status, 'Unknown');
  });

  it('gives a node that never posted Ready the startup grace period from its creation', () => {
    const fresh: Node = { metadata: { name: 'n', creationTimestamp: '2026-01-01T00:00:00Z' }, status: {} };
    assert.equal(run(undefined, t0 + 59_000, undefined, fresh).update, undefined);
    const r = run(undefined, t0 + 61_000, undefined, fresh);
    assert.equal(
      r.update?.status.conditions?.find((c) => c.type === 'Ready')?.reason,
      'NodeStatusNeverUpdated',
    );
    assert.equal(r.observedReady.status, 'Unknown');
  });
});

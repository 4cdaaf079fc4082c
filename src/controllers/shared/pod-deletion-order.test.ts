import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { podsToDelete } from './pod-deletion-order.js';

const now = Date.parse('2026-01-01T12:00:00Z');
const iso = (msAgo: number) => new Date(now - msAgo).toISOString().replace(/\.\d+Z$/, 'Z');

function pod(
  name: string,
  o: {
    node?: string;
    phase?: string;
    readyAgo?: number;
    created?: number;
    restarts?: number;
    cost?: string;
  } = {},
): Pod {
  return {
    metadata: {
      name,
      uid: name,
      creationTimestamp: iso(o.created ?? 3_600_000),
      ...(o.cost !== undefined
        ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': o.cost } }
        : {}),
    },
    spec: { containers: [], ...(o.node !== undefined ? { nodeName: o.node } : {}) },
    status: {
      phase: o.phase ?? 'Running',
      ...(o.readyAgo !== undefined
        ? { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: iso(o.readyAgo) }] }
        : {}),
      ...(o.restarts !== undefined
        ? { containerStatuses: [{ name: 'c', restartCount: o.restarts } as never] }
        : {}),
    },
  };
}

const order = (pods: Pod[], related: Pod[] = pods) =>
  podsToDelete(pods, related, pods.length - 1, now).map((p) => p.metadata?.name);

describe('pod deletion order', () => {
  it('prefers unassigned, then pending < unknown < running, then not ready', () => {
    const pods = [
      pod('ready', { node: 'n1', readyAgo: 1000 }),
      pod('running', { node: 'n1' }),
      pod('unknown', { node: 'n1', phase: 'Unknown' }),
      pod('pending', { node: 'n1', phase: 'Pending' }),
      pod('unassigned', { phase: 'Pending' }),
    ];
    assert.deepEqual(order(pods), ['unassigned', 'pending', 'unknown', 'running']);
  });

  it('then lower deletion cost, then more pods on the same node', () => {
    const pods = [
      pod('cheap', { node: 'a', readyAgo: 1000, cost: '-5' }),
      pod('crowded', { node: 'b', readyAgo: 1000 }),
      pod('alone', { node: 'c', readyAgo: 1000 }),
    ];
    const related = [...pods, pod('other', { node: 'b', readyAgo: 1000 })];
    assert.deepEqual(
      podsToDelete(pods, related, 2, now).map((p) => p.metadata?.name),
      ['cheap', 'crowded'],
    );
  });

  it('then ready for less time (log scale), more restarts, newer', () => {
    const pods = [
      pod('old-ready', { node: 'a', readyAgo: 3_600_000 }),
      pod('new-ready', { node: 'b', readyAgo: 10_000 }),
    ];
    assert.deepEqual(
      podsToDelete(pods, pods, 1, now).map((p) => p.metadata?.name),
      ['new-ready'],
    );
    const restarts = [pod('calm', { node: 'a', restarts: 0 }), pod('flappy', { node: 'b', restarts: 3 })];
    assert.deepEqual(
      podsToDelete(restarts, restarts, 1, now).map((p) => p.metadata?.name),
      ['flappy'],
    );
    const ages = [
      pod('older', { node: 'a', created: 3_600_000 }),
      pod('newer', { node: 'b', created: 60_000 }),
    ];
    assert.deepEqual(
      podsToDelete(ages, ages, 1, now).map((p) => p.metadata?.name),
      ['newer'],
    );
  });
});

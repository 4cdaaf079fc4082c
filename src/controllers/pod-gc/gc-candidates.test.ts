import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import {
  terminatedPodsToDelete,
  terminatingPodsOnOutOfServiceNodes,
  unscheduledTerminatingPods,
} from './gc-candidates.js';

function pod(name: string, phase: string, created: string, extra: Partial<Pod> = {}): Pod {
  return { metadata: { name, creationTimestamp: created }, status: { phase }, ...extra };
}

it('deletes terminated pods beyond the threshold, evicted ones first, then oldest, names breaking ties', () => {
  const pods = [
    pod('new', 'Succeeded', '2026-01-03T00:00:00Z'),
    pod('old', 'Failed', '2026-01-01T00:00:00Z'),
    pod('b', 'Succeeded', '2026-01-02T00:00:00Z'),
    pod('a', 'Succeeded', '2026-01-02T00:00:00Z'),
    { ...pod('evicted', 'Failed', '2026-01-05T00:00:00Z'), status: { phase: 'Failed', reason: 'Evicted' } },
    pod('running', 'Running', '2025-01-01T00:00:00Z'),
  ];
  assert.deepEqual(
    terminatedPodsToDelete(pods, 2).map((p) => p.metadata?.name),
    ['evicted', 'old', 'a'],
  );
  assert.deepEqual(terminatedPodsToDelete(pods, 10), []);
  assert.deepEqual(terminatedPodsToDelete(pods, 0), []);
});

it('finds terminating pods on out-of-service nodes and unscheduled terminating pods', () => {
  const deleting = { deletionTimestamp: '2026-01-01T00:00:00Z' };
  const onDown = { metadata: { name: 'down', ...deleting }, spec: { nodeName: 'down' } } as Pod;
  const onUp = { metadata: { name: 'up', ...deleting }, spec: { nodeName: 'up' } } as Pod;
  const unscheduled = { metadata: { name: 'nowhere', ...deleting }, spec: {} } as Pod;
  const nodes: Record<string, Node> = {
    down: {
      spec: { taints: [{ key: 'node.kubernetes.io/out-of-service', effect: 'NoExecute' }] },
      status: { conditions: [{ type: 'Ready', status: 'False' }] },
    },
    up: {
      spec: { taints: [{ key: 'node.kubernetes.io/out-of-service', effect: 'NoExecute' }] },
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    },
  };
  assert.deepEqual(
    terminatingPodsOnOutOfServiceNodes([onDown, onUp, unscheduled], (n) => nodes[n]).map(
      (p) => p.metadata?.name,
    ),
    ['down'],
  );
  assert.deepEqual(
    unscheduledTerminatingPods([onDown, unscheduled]).map((p) => p.metadata?.name),
    ['nowhere'],
  );
});

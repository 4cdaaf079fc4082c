import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Node } from 'kubernetes-types/core/v1.js';
import { noScheduleTaintChanges, swappedTaints } from './node-taints.js';

it('maps conditions and unschedulable to NoSchedule taints, removing stale ones only', () => {
  const node: Node = {
    spec: {
      unschedulable: true,
      taints: [
        { key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' },
        { key: 'user', effect: 'NoSchedule' },
      ],
    },
    status: {
      conditions: [
        { type: 'Ready', status: 'False' },
        { type: 'MemoryPressure', status: 'True' },
        { type: 'DiskPressure', status: 'False' },
        { type: 'PIDPressure', status: 'True' },
      ],
    },
  };
  const { add, remove } = noScheduleTaintChanges(node);
  assert.deepEqual(
    add.map((t) => t.key),
    [
      'node.kubernetes.io/not-ready',
      'node.kubernetes.io/memory-pressure',
      'node.kubernetes.io/pid-pressure',
      'node.kubernetes.io/unschedulable',
    ],
  );
  assert.deepEqual(remove, [{ key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' }]);
});

it('swaps taints by key and effect, reporting no change as undefined', () => {
  const current = [{ key: 'a', effect: 'NoExecute' }];
  assert.equal(swappedTaints(current, [{ key: 'a', effect: 'NoExecute' }], []), undefined);
  assert.deepEqual(
    swappedTaints(
      current,
      [{ key: 'b', effect: 'NoExecute', timeAdded: 't' }],
      [{ key: 'a', effect: 'NoExecute' }],
    ),
    [{ key: 'b', effect: 'NoExecute', timeAdded: 't' }],
  );
  assert.equal(swappedTaints(current, [], [{ key: 'a', effect: 'NoSchedule' }]), undefined);
});

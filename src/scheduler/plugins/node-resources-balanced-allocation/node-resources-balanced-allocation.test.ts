import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CycleState } from '../../framework/cycle-state.js';
import { makeNode, makePod, nodeInfo, podInfo } from '../../testing/fixtures.js';
import {
  balancedResourceScore,
  newNodeResourcesBalancedAllocation,
} from './node-resources-balanced-allocation.js';

describe('NodeResourcesBalancedAllocation', () => {
  const cases = [
    { name: 'equal fractions', requested: [2, 4], allocatable: [4, 8], want: 100 },
    { name: 'cpu full, memory empty', requested: [4, 0], allocatable: [4, 8], want: 50 },
    { name: 'fractions capped at 1', requested: [8, 0], allocatable: [4, 8], want: 50 },
    { name: 'resources the node lacks are ignored', requested: [1, 5], allocatable: [0, 10], want: 100 },
    {
      name: 'three resources use the standard deviation',
      requested: [1, 0, 0],
      allocatable: [1, 1, 1],
      want: 52,
    },
  ];
  for (const tc of cases)
    it(tc.name, () => assert.equal(balancedResourceScore(tc.requested, tc.allocatable), tc.want));

  it('scores with the pod added to the node', () => {
    const plugin = newNodeResourcesBalancedAllocation();
    const node = nodeInfo(makeNode('n', { cpu: '4', memory: '8Gi' }), [
      makePod({ requests: { cpu: '1', memory: '2Gi' } }),
    ]);
    const pod = podInfo(makePod({ requests: { cpu: '1', memory: '2Gi' } }));
    const state = new CycleState();
    plugin.preScore(state, pod, [node]);
    assert.equal(plugin.score(state, pod, node), 100);
  });
});

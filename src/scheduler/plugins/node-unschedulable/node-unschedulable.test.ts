import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CycleState } from '../../framework/cycle-state.js';
import { codeOf, makeNode, makePod, messageOf, nodeInfo, podInfo } from '../../testing/fixtures.js';
import { newNodeUnschedulable } from './node-unschedulable.js';

describe('NodeUnschedulable', () => {
  const plugin = newNodeUnschedulable();
  const tolerate = [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }];
  const cases = [
    { name: 'schedulable node', unschedulable: false, tolerations: undefined, code: 'Success' },
    {
      name: 'cordoned node',
      unschedulable: true,
      tolerations: undefined,
      code: 'UnschedulableAndUnresolvable',
    },
    { name: 'cordoned node, pod tolerates it', unschedulable: true, tolerations: tolerate, code: 'Success' },
  ];
  for (const tc of cases)
    it(tc.name, () => {
      const pod = makePod(tc.tolerations ? { tolerations: tc.tolerations } : {});
      const s = plugin.filter(
        new CycleState(),
        podInfo(pod),
        nodeInfo(makeNode('n1', { unschedulable: tc.unschedulable })),
      );
      assert.equal(codeOf(s), tc.code);
      if (tc.code !== 'Success') assert.equal(messageOf(s), 'node(s) were unschedulable');
    });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CycleState } from '../../framework/cycle-state.js';
import { codeOf, makeNode, makePod, messageOf, nodeInfo, podInfo } from '../../testing/fixtures.js';
import { newNodeName } from './node-name.js';

describe('NodeName', () => {
  const plugin = newNodeName();
  const cases = [
    { name: 'no nodeName: fits', pod: makePod(), code: 'Success', msg: '' },
    { name: 'same node: fits', pod: makePod({ nodeName: 'n1' }), code: 'Success', msg: '' },
    {
      name: 'other node: rejected',
      pod: makePod({ nodeName: 'n2' }),
      code: 'UnschedulableAndUnresolvable',
      msg: "node(s) didn't match the requested node name",
    },
  ];
  for (const tc of cases)
    it(tc.name, () => {
      const s = plugin.filter(new CycleState(), podInfo(tc.pod), nodeInfo(makeNode('n1')));
      assert.equal(codeOf(s), tc.code);
      assert.equal(messageOf(s), tc.msg);
    });
});

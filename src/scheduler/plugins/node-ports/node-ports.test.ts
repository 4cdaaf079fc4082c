import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CycleState } from '../../framework/cycle-state.js';
import { codeOf, makeNode, makePod, nodeInfo, podInfo } from '../../testing/fixtures.js';
import { newNodePorts } from './node-ports.js';

describe('NodePorts', () => {
  const plugin = newNodePorts();
  type Port = { hostPort: number; protocol?: string; hostIP?: string };
  const cases: { name: string; existing: Port[]; wanted: Port[]; code: string }[] = [
    { name: 'no ports wanted: PreFilter skips', existing: [{ hostPort: 80 }], wanted: [], code: 'Skip' },
    { name: 'free port', existing: [{ hostPort: 80 }], wanted: [{ hostPort: 8080 }], code: 'Success' },
    {
      name: 'same port and protocol',
      existing: [{ hostPort: 80 }],
      wanted: [{ hostPort: 80 }],
      code: 'Unschedulable',
    },
    {
      name: 'same port, other protocol',
      existing: [{ hostPort: 53, protocol: 'UDP' }],
      wanted: [{ hostPort: 53 }],
      code: 'Success',
    },
    {
      name: 'different host IPs do not clash',
      existing: [{ hostPort: 80, hostIP: '10.0.0.1' }],
      wanted: [{ hostPort: 80, hostIP: '10.0.0.2' }],
      code: 'Success',
    },
    {
      name: '0.0.0.0 clashes with any IP',
      existing: [{ hostPort: 80, hostIP: '10.0.0.1' }],
      wanted: [{ hostPort: 80 }],
      code: 'Unschedulable',
    },
  ];
  for (const tc of cases)
    it(tc.name, () => {
      const node = nodeInfo(makeNode('n1'), tc.existing.length ? [makePod({ hostPorts: tc.existing })] : []);
      const pod = podInfo(makePod(tc.wanted.length ? { hostPorts: tc.wanted } : {}));
      const state = new CycleState();
      const pre = plugin.preFilter(state, pod, [node]);
      if (pre?.status?.code === 'Skip') return assert.equal('Skip', tc.code);
      const s = plugin.filter(state, pod, node);
      assert.equal(codeOf(s), tc.code);
      if (s) assert.equal(s.message(), "node(s) didn't have free ports for the requested pod ports");
    });
});

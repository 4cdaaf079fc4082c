import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Taint, Toleration } from 'kubernetes-types/core/v1.js';
import { CycleState } from '../../framework/cycle-state.js';
import { codeOf, makeNode, makePod, messageOf, nodeInfo, podInfo } from '../../testing/fixtures.js';
import { newTaintToleration } from './taint-toleration.js';

describe('TaintToleration filter', () => {
  const plugin = newTaintToleration();
  const db: Taint = { key: 'dedicated', value: 'db', effect: 'NoSchedule' };
  const cases: { name: string; taints: Taint[]; tolerations?: Toleration[]; code: string; msg: string }[] = [
    { name: 'no taints', taints: [], code: 'Success', msg: '' },
    {
      name: 'untolerated NoSchedule',
      taints: [db],
      code: 'UnschedulableAndUnresolvable',
      msg: 'node(s) had untolerated taint {dedicated: db}',
    },
    {
      name: 'tolerated by Equal',
      taints: [db],
      tolerations: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }],
      code: 'Success',
      msg: '',
    },
    {
      name: 'tolerated by Exists without effect',
      taints: [db],
      tolerations: [{ key: 'dedicated', operator: 'Exists' }],
      code: 'Success',
      msg: '',
    },
    {
      name: 'wrong value',
      taints: [db],
      tolerations: [{ key: 'dedicated', value: 'web' }],
      code: 'UnschedulableAndUnresolvable',
      msg: 'node(s) had untolerated taint {dedicated: db}',
    },
    {
      name: 'PreferNoSchedule does not filter',
      taints: [{ key: 'a', value: 'b', effect: 'PreferNoSchedule' }],
      code: 'Success',
      msg: '',
    },
    {
      name: 'NoExecute filters; empty value prints empty',
      taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }],
      code: 'UnschedulableAndUnresolvable',
      msg: 'node(s) had untolerated taint {node.kubernetes.io/not-ready: }',
    },
    {
      name: 'tolerate everything',
      taints: [db],
      tolerations: [{ operator: 'Exists' }],
      code: 'Success',
      msg: '',
    },
  ];
  for (const tc of cases)
    it(tc.name, () => {
      const pod = makePod(tc.tolerations ? { tolerations: tc.tolerations } : {});
      const s = plugin.filter(
        new CycleState(),
        podInfo(pod),
        nodeInfo(makeNode('n1', { taints: tc.taints })),
      );
      assert.equal(codeOf(s), tc.code);
      assert.equal(messageOf(s), tc.msg);
    });
});

describe('TaintToleration score', () => {
  it('prefers nodes with fewer intolerable PreferNoSchedule taints', () => {
    const plugin = newTaintToleration();
    const prefer = (k: string): Taint => ({ key: k, value: 'x', effect: 'PreferNoSchedule' });
    const nodes = [
      nodeInfo(makeNode('clean')),
      nodeInfo(makeNode('one', { taints: [prefer('a')] })),
      nodeInfo(makeNode('two', { taints: [prefer('a'), prefer('b')] })),
      nodeInfo(makeNode('tolerated', { taints: [prefer('c')] })),
    ];
    const pod = podInfo(
      makePod({ tolerations: [{ key: 'c', operator: 'Exists', effect: 'PreferNoSchedule' }] }),
    );
    const state = new CycleState();
    plugin.preScore(state, pod, nodes);
    const scores = nodes.map((n) => plugin.score(state, pod, n));
    assert.deepEqual(scores, [0, 1, 2, 0]);
    plugin.normalizeScore!(state, pod, scores, nodes);
    assert.deepEqual(scores, [100, 50, 0, 100]);
  });
});

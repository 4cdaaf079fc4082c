import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Affinity, NodeSelectorTerm } from 'kubernetes-types/core/v1.js';
import { CycleState } from '../../framework/cycle-state.js';
import { codeOf, makeNode, makePod, messageOf, nodeInfo, podInfo } from '../../testing/fixtures.js';
import { newNodeAffinity } from './node-affinity.js';

const required = (...terms: NodeSelectorTerm[]): Affinity => ({
  nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } },
});

describe('NodeAffinity filter', () => {
  const node = nodeInfo(makeNode('n1', { labels: { zone: 'a', gpu: 'true', cores: '8' } }));
  const mismatch = "node(s) didn't match Pod's node affinity/selector";
  const cases: {
    name: string;
    nodeSelector?: Record<string, string>;
    affinity?: Affinity;
    code: string;
    msg?: string;
  }[] = [
    { name: 'no constraints: PreFilter skips', code: 'Skip' },
    { name: 'nodeSelector matches', nodeSelector: { zone: 'a' }, code: 'Success' },
    {
      name: 'nodeSelector mismatch',
      nodeSelector: { zone: 'b' },
      code: 'UnschedulableAndUnresolvable',
      msg: mismatch,
    },
    {
      name: 'In matches',
      affinity: required({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }),
      code: 'Success',
    },
    {
      name: 'NotIn excludes',
      affinity: required({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }),
      code: 'UnschedulableAndUnresolvable',
      msg: mismatch,
    },
    {
      name: 'Exists',
      affinity: required({ matchExpressions: [{ key: 'gpu', operator: 'Exists' }] }),
      code: 'Success',
    },
    {
      name: 'DoesNotExist',
      affinity: required({ matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }] }),
      code: 'UnschedulableAndUnresolvable',
      msg: mismatch,
    },
    {
      name: 'Gt',
      affinity: required({ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['4'] }] }),
      code: 'Success',
    },
    {
      name: 'Lt',
      affinity: required({ matchExpressions: [{ key: 'cores', operator: 'Lt', values: ['4'] }] }),
      code: 'UnschedulableAndUnresolvable',
      msg: mismatch,
    },
    {
      name: 'terms are ORed',
      affinity: required(
        { matchExpressions: [{ key: 'zone', operator: 'In', values: ['x'] }] },
        { matchExpressions: [{ key: 'gpu', operator: 'In', values: ['true'] }] },
      ),
      code: 'Success',
    },
    {
      name: 'empty term matches nothing',
      affinity: required({}),
      code: 'UnschedulableAndUnresolvable',
      msg: mismatch,
    },
    {
      name: 'selector and affinity must both hold',
      nodeSelector: { zone: 'b' },
      affinity: required({ matchExpressions: [{ key: 'gpu', operator: 'Exists' }] }),
      code: 'UnschedulableAndUnresolvable',
      msg: mismatch,
    },
  ];
  for (const tc of cases)
    it(tc.name, () => {
      const plugin = newNodeAffinity();
      const pod = podInfo(
        makePod({
          ...(tc.nodeSelector ? { nodeSelector: tc.nodeSelector } : {}),
          ...(tc.affinity ? { affinity: tc.affinity } : {}),
        }),
      );
      const state = new CycleState();
      const pre = plugin.preFilter(state, pod, [node]);
      if (pre?.status?.code === 'Skip') return assert.equal('Skip', tc.code);
      const s = plugin.filter(state, pod, node);
      assert.equal(codeOf(s), tc.code);
      assert.equal(messageOf(s), tc.msg ?? '');
    });

  it('PreFilter narrows to the nodes named by metadata.name', () => {
    const plugin = newNodeAffinity();
    const pod = podInfo(
      makePod({
        affinity: required(
          { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1', 'n2'] }] },
          { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n3'] }] },
        ),
      }),
    );
    const r = plugin.preFilter(new CycleState(), pod, [node]);
    assert.deepEqual([...(r?.nodeNames ?? [])].sort(), ['n1', 'n2', 'n3']);
  });

  it('addedAffinity is enforced for every pod', () => {
    const plugin = newNodeAffinity({
      addedAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }],
        },
      },
    });
    const pod = podInfo(makePod());
    const state = new CycleState();
    plugin.preFilter(state, pod, [node]);
    assert.equal(
      messageOf(plugin.filter(state, pod, node)),
      "node(s) didn't match scheduler-enforced node affinity",
    );
  });
});

describe('NodeAffinity score', () => {
  it('sums the weights of matching preferred terms, normalized to 100', () => {
    const plugin = newNodeAffinity();
    const pod = podInfo(
      makePod({
        affinity: {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 2,
                preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] },
              },
              { weight: 8, preference: { matchExpressions: [{ key: 'gpu', operator: 'Exists' }] } },
            ],
          },
        },
      }),
    );
    const nodes = [
      nodeInfo(makeNode('both', { labels: { zone: 'a', gpu: '1' } })),
      nodeInfo(makeNode('zone', { labels: { zone: 'a' } })),
      nodeInfo(makeNode('none')),
    ];
    const state = new CycleState();
    assert.equal(plugin.preScore(state, pod, nodes), undefined);
    const scores = nodes.map((n) => plugin.score(state, pod, n));
    assert.deepEqual(scores, [10, 2, 0]);
    plugin.normalizeScore!(state, pod, scores, nodes);
    assert.deepEqual(scores, [100, 20, 0]);
  });

  it('PreScore skips pods without preferences', () => {
    assert.equal(newNodeAffinity().preScore(new CycleState(), podInfo(makePod()), [])?.code, 'Skip');
  });
});

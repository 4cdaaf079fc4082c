import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CycleState } from '../../framework/cycle-state.js';
import { codeOf, makeNode, makePod, messageOf, nodeInfo, podInfo } from '../../testing/fixtures.js';
import { newNodeResourcesFit } from './node-resources-fit.js';

describe('NodeResourcesFit filter', () => {
  const node = (pods: ReturnType<typeof makePod>[] = [], o: Parameters<typeof makeNode>[1] = {}) =>
    nodeInfo(makeNode('n1', { cpu: '2', memory: '4Gi', pods: '3', ...o }), pods);
  const cases = [
    {
      name: 'fits an empty node',
      node: node(),
      pod: makePod({ requests: { cpu: '1', memory: '1Gi' } }),
      code: 'Success',
      msg: '',
    },
    {
      name: 'not enough cpu left',
      node: node([makePod({ requests: { cpu: '1500m' } })]),
      pod: makePod({ requests: { cpu: '1' } }),
      code: 'Unschedulable',
      msg: 'Insufficient cpu',
    },
    {
      name: 'cpu and memory both short, in that order',
      node: node([makePod({ requests: { cpu: '1500m', memory: '3Gi' } })]),
      pod: makePod({ requests: { cpu: '1', memory: '2Gi' } }),
      code: 'Unschedulable',
      msg: 'Insufficient cpu, Insufficient memory',
    },
    {
      name: 'more than the node has at all: unresolvable',
      node: node(),
      pod: makePod({ requests: { cpu: '3' } }),
      code: 'UnschedulableAndUnresolvable',
      msg: 'Insufficient cpu',
    },
    {
      name: 'too many pods',
      node: node([makePod(), makePod(), makePod()]),
      pod: makePod(),
      code: 'Unschedulable',
      msg: 'Too many pods',
    },
    {
      name: 'init containers: the largest step counts',
      node: node(),
      pod: makePod({
        requests: { cpu: '500m' },
        initContainers: [{ name: 'init', image: 'x', resources: { requests: { cpu: '2500m' } } }],
      }),
      code: 'UnschedulableAndUnresolvable',
      msg: 'Insufficient cpu',
    },
    {
      name: 'overhead adds to the requests',
      node: node([makePod({ requests: { cpu: '1' } })]),
      pod: makePod({ requests: { cpu: '900m' }, overhead: { cpu: '200m' } }),
      code: 'Unschedulable',
      msg: 'Insufficient cpu',
    },
    {
      name: 'extended resource missing on the node',
      node: node(),
      pod: makePod({ requests: { 'example.com/gpu': '1' } }),
      code: 'UnschedulableAndUnresolvable',
      msg: 'Insufficient example.com/gpu',
    },
    {
      name: 'extended resource available',
      node: node([], { allocatable: { 'example.com/gpu': '2' } }),
      pod: makePod({ requests: { 'example.com/gpu': '2' } }),
      code: 'Success',
      msg: '',
    },
    {
      name: 'extended resource used up',
      node: node([makePod({ requests: { 'example.com/gpu': '1' } })], {
        allocatable: { 'example.com/gpu': '2' },
      }),
      pod: makePod({ requests: { 'example.com/gpu': '2' } }),
      code: 'Unschedulable',
      msg: 'Insufficient example.com/gpu',
    },
  ];
  for (const tc of cases)
    it(tc.name, () => {
      const plugin = newNodeResourcesFit();
      const s = plugin.filter(new CycleState(), podInfo(tc.pod), tc.node);
      assert.equal(codeOf(s), tc.code);
      assert.equal(messageOf(s), tc.msg);
    });

  it('ignoredResources are not checked', () => {
    const plugin = newNodeResourcesFit({ ignoredResources: ['example.com/gpu'] });
    const s = plugin.filter(
      new CycleState(),
      podInfo(makePod({ requests: { 'example.com/gpu': '1' } })),
      node(),
    );
    assert.equal(s, undefined);
  });
});

describe('NodeResourcesFit scoring strategies', () => {
  // Upstream's table: node 4000m/10000 bytes... here 4 cpu / 8Gi, one pod requesting 1 cpu / 2Gi already.
  const nodes = [
    nodeInfo(makeNode('busy', { cpu: '4', memory: '8Gi' }), [
      makePod({ requests: { cpu: '3', memory: '2Gi' } }),
    ]),
    nodeInfo(makeNode('idle', { cpu: '4', memory: '8Gi' })),
  ];
  const pod = podInfo(makePod({ requests: { cpu: '1', memory: '2Gi' } }));
  const scores = (args: Record<string, unknown>) => {
    const plugin = newNodeResourcesFit(args);
    const state = new CycleState();
    plugin.preScore(state, pod, nodes);
    return nodes.map((n) => plugin.score(state, pod, n));
  };
  const cases = [
    // busy: cpu (4-4)/4 → 0, memory (8-4)/8 → 50: avg 25; idle: cpu 75, memory 75.
    { name: 'LeastAllocated', args: {}, want: [25, 75] },
    // busy: cpu 100, memory 50 → 75; idle: 25, 25.
    { name: 'MostAllocated', args: { scoringStrategy: { type: 'MostAllocated' } }, want: [75, 25] },
    {
      name: 'weights',
      args: {
        scoringStrategy: {
          type: 'LeastAllocated',
          resources: [
            { name: 'cpu', weight: 3 },
            { name: 'memory', weight: 1 },
          ],
        },
      },
      // busy: (0*3 + 50)/4 = 12; idle: 75.
      want: [12, 75],
    },
    {
      name: 'RequestedToCapacityRatio (bin packing shape)',
      args: {
        scoringStrategy: {
          type: 'RequestedToCapacityRatio',
          requestedToCapacityRatio: {
            shape: [
              { utilization: 0, score: 0 },
              { utilization: 100, score: 10 },
            ],
          },
        },
      },
      want: [75, 25],
    },
  ];
  for (const tc of cases) it(tc.name, () => assert.deepEqual(scores(tc.args), tc.want));

  it('counts pods without requests as 100m / 200Mi', () => {
    const plugin = newNodeResourcesFit();
    const state = new CycleState();
    const empty = podInfo(makePod());
    const n = nodeInfo(makeNode('n', { cpu: '1', memory: '1000Mi' }));
    plugin.preScore(state, empty, [n]);
    // cpu (1000-100)/1000 → 90, memory (1000-200)/1000 → 80: 85.
    assert.equal(plugin.score(state, empty, n), 85);
  });
});

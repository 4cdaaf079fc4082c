import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CycleState } from './framework/cycle-state.js';
import { numFeasibleNodesToFind, ScheduleAlgorithm } from './schedule-pod.js';
import { makeNode, makePod, nodeInfo, podInfo } from './testing/fixtures.js';
import { testFramework } from './testing/test-framework.js';

describe('numFeasibleNodesToFind', () => {
  const cases = [
    { name: 'small clusters: all nodes', nodes: 99, pct: 0, want: 99 },
    { name: '100 nodes: 50 % but at least 100', nodes: 100, pct: 0, want: 100 },
    { name: '1000 nodes: 42 %', nodes: 1000, pct: 0, want: 420 },
    { name: '5000 nodes: 10 %', nodes: 5000, pct: 0, want: 500 },
    { name: '6000 nodes: floor of 5 %', nodes: 6000, pct: 0, want: 300 },
    { name: 'configured 100 %', nodes: 5000, pct: 100, want: 5000 },
    { name: 'configured 1 %: at least 100', nodes: 5000, pct: 1, want: 100 },
  ];
  for (const tc of cases)
    it(tc.name, () => assert.equal(numFeasibleNodesToFind(undefined, tc.pct, tc.nodes), tc.want));
  it('a profile percentage wins over the global one', () =>
    assert.equal(numFeasibleNodesToFind(20, 100, 5000), 1000));
});

describe('ScheduleAlgorithm', () => {
  it('starts each cycle where the last one stopped', () => {
    const nodes = Array.from({ length: 200 }, (_, i) => nodeInfo(makeNode(`n${i}`)));
    const { fwk, snapshot } = testFramework({ nodes });
    const algo = new ScheduleAlgorithm({ snapshot, percentageOfNodesToScore: 0, random: () => 0 });
    const found = algo.findNodesThatFitPod(fwk, new CycleState(), podInfo(makePod()));
    assert.ok(!(found instanceof Error) && 'feasible' in found);
    // 200 nodes: 50 - 1 = 49 % → 98, raised to the minimum of 100.
    assert.equal(found.feasible.length, 100);
    assert.equal(algo.nextStartNodeIndex, 100);
    algo.findNodesThatFitPod(fwk, new CycleState(), podInfo(makePod()));
    assert.equal(algo.nextStartNodeIndex, 0);
  });

  it('tries the nominated node first', () => {
    const nodes = [nodeInfo(makeNode('n1')), nodeInfo(makeNode('n2')), nodeInfo(makeNode('n3'))];
    const { fwk, snapshot } = testFramework({ nodes });
    const algo = new ScheduleAlgorithm({ snapshot, percentageOfNodesToScore: 0 });
    const out = algo.schedulePod(fwk, new CycleState(), podInfo(makePod({ nominatedNodeName: 'n3' })));
    assert.equal(out.kind === 'scheduled' && out.host, 'n3');
  });

  it('reports why no node fits', () => {
    const nodes = [
      nodeInfo(makeNode('n1', { cpu: '1' })),
      nodeInfo(makeNode('n2', { cpu: '1' })),
      nodeInfo(makeNode('n3', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] })),
    ];
    const { fwk, snapshot } = testFramework({ nodes });
    const algo = new ScheduleAlgorithm({ snapshot, percentageOfNodesToScore: 0 });
    const out = algo.schedulePod(fwk, new CycleState(), podInfo(makePod({ requests: { cpu: '2' } })));
    assert.equal(out.kind, 'unfit');
    if (out.kind !== 'unfit') return;
    assert.equal(
      out.fitError.message(),
      '0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: db}, 2 Insufficient cpu.',
    );
    assert.deepEqual([...out.fitError.diagnosis.unschedulablePlugins].sort(), [
      'NodeResourcesFit',
      'TaintToleration',
    ]);
  });

  it('says so when there are no nodes', () => {
    const { fwk, snapshot } = testFramework();
    const out = new ScheduleAlgorithm({ snapshot, percentageOfNodesToScore: 0 }).schedulePod(
      fwk,
      new CycleState(),
      podInfo(makePod()),
    );
    assert.equal(out.kind === 'error' && out.status.message(), 'no nodes available to schedule pods');
  });

  it('picks the best-scoring node (LeastAllocated spreads)', () => {
    const nodes = [
      nodeInfo(makeNode('busy'), [makePod({ requests: { cpu: '3', memory: '8Gi' } })]),
      nodeInfo(makeNode('idle')),
    ];
    const { fwk, snapshot } = testFramework({ nodes });
    const out = new ScheduleAlgorithm({ snapshot, percentageOfNodesToScore: 0 }).schedulePod(
      fwk,
      new CycleState(),
      podInfo(makePod({ requests: { cpu: '500m' } })),
    );
    assert.equal(out.kind === 'scheduled' && out.host, 'idle');
  });

  it('selectHost breaks ties at random', () => {
    const nodes = [nodeInfo(makeNode('a')), nodeInfo(makeNode('b')), nodeInfo(makeNode('c'))];
    const picks = new Set<string>();
    for (const r of [0, 0.4, 0.99]) {
      const algo = new ScheduleAlgorithm({
        snapshot: testFramework({ nodes }).snapshot,
        percentageOfNodesToScore: 0,
        random: () => r,
      });
      picks.add(algo.selectHost(nodes, [5, 5, 5]));
    }
    assert.ok(picks.size > 1);
    const algo = new ScheduleAlgorithm({
      snapshot: testFramework({ nodes }).snapshot,
      percentageOfNodesToScore: 0,
    });
    assert.equal(algo.selectHost(nodes, [1, 7, 3]), 'b');
  });
});

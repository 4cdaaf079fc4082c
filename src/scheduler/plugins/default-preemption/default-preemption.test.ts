import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { CycleState } from '../../framework/cycle-state.js';
import { NodeToStatus } from '../../framework/node-to-status.js';
import { staticLister } from '../../framework/listers.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { makeNode, makePod, nodeInfo, podInfo } from '../../testing/fixtures.js';
import { testFramework } from '../../testing/test-framework.js';
import { pickOneNodeForPreemption, type Candidate } from './victims.js';

function preempt(nodes: NodeInfo[], pod: ReturnType<typeof makePod>, pdbs: PodDisruptionBudget[] = []) {
  const { fwk } = testFramework({ nodes, listers: { podDisruptionBudgets: staticLister(pdbs) } });
  const p = podInfo(pod);
  const state = new CycleState();
  fwk.runPreFilterPlugins(state, p, nodes);
  const statuses = new NodeToStatus();
  for (const n of nodes) {
    const s = fwk.runFilterPlugins(state, p, n);
    if (s) statuses.set(n.name, s);
  }
  return fwk.runPostFilterPlugins(state, p, statuses);
}

const big = { requests: { cpu: '2' } };

describe('DefaultPreemption', () => {
  it('evicts the lowest-priority pods that make room and nominates the node', async () => {
    const low = makePod({ name: 'low', priority: 1, requests: { cpu: '1' } });
    const mid = makePod({ name: 'mid', priority: 5, requests: { cpu: '1' } });
    const nodes = [nodeInfo(makeNode('n1', { cpu: '2' }), [low, mid])];
    const out = await preempt(nodes, makePod({ priority: 10, requests: { cpu: '1' } }));
    assert.equal(out.status, undefined);
    assert.deepEqual(out.nominatingInfo, { mode: 'Override', nominatedNodeName: 'n1' });
  });

  it('prefers the node where no PodDisruptionBudget is violated', async () => {
    const guarded = makePod({ name: 'guarded', priority: 1, labels: { app: 'db' }, ...big });
    const free = makePod({ name: 'free', priority: 1, labels: { app: 'web' }, ...big });
    const nodes = [
      nodeInfo(makeNode('n1', { cpu: '2' }), [guarded]),
      nodeInfo(makeNode('n2', { cpu: '2' }), [free]),
    ];
    const pdb: PodDisruptionBudget = {
      metadata: { name: 'db', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'db' } } },
      status: { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 },
    };
    for (let i = 0; i < 5; i++) {
      const out = await preempt(nodes, makePod({ priority: 10, ...big }), [pdb]);
      assert.equal(out.nominatingInfo?.nominatedNodeName, 'n2');
    }
  });

  it('finds no victims among pods of equal priority', async () => {
    const nodes = [
      nodeInfo(makeNode('n1', { cpu: '2' }), [makePod(big)]),
      nodeInfo(makeNode('n2', { cpu: '2' }), [makePod(big)]),
    ];
    const out = await preempt(nodes, makePod(big));
    assert.equal(out.status?.code, 'Unschedulable');
    assert.equal(
      out.status?.message(),
      'preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.',
    );
    assert.deepEqual(out.nominatingInfo, { mode: 'Override', nominatedNodeName: '' });
  });

  it('does not help on nodes rejected as unresolvable', async () => {
    const nodes = [
      nodeInfo(makeNode('tainted', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] })),
      nodeInfo(makeNode('full', { cpu: '2' }), [makePod({ priority: 0, ...big })]),
    ];
    const out = await preempt(nodes, makePod({ priority: 0, ...big }));
    assert.equal(
      out.status?.message(),
      'preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.',
    );
  });

  it('pods with preemptionPolicy Never do not preempt', async () => {
    const nodes = [nodeInfo(makeNode('n1', { cpu: '2' }), [makePod({ priority: 0, ...big })])];
    const out = await preempt(nodes, makePod({ priority: 10, preemptionPolicy: 'Never', ...big }));
    assert.equal(out.status?.message(), 'preemption: not eligible due to preemptionPolicy=Never.');
  });
});

describe('pickOneNodeForPreemption', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  const victims = (priorities: number[], violations = 0, startTime?: string) => ({
    pods: priorities.map((priority) => podInfo(makePod({ priority, ...(startTime ? { startTime } : {}) }))),
    numPDBViolations: violations,
  });
  const cases: { name: string; candidates: Candidate[]; want: string }[] = [
    {
      name: 'fewest PDB violations',
      candidates: [
        { name: 'a', victims: victims([1], 1) },
        { name: 'b', victims: victims([5, 5], 0) },
      ],
      want: 'b',
    },
    {
      name: 'lowest highest-priority victim',
      candidates: [
        { name: 'a', victims: victims([5]) },
        { name: 'b', victims: victims([3, 3]) },
      ],
      want: 'b',
    },
    {
      name: 'smallest priority sum',
      candidates: [
        { name: 'a', victims: victims([3, 3]) },
        { name: 'b', victims: victims([3, 1]) },
      ],
      want: 'b',
    },
    {
      name: 'the priority sum already favours fewer victims',
      candidates: [
        { name: 'a', victims: victims([3, -5, -5]) },
        { name: 'b', victims: victims([3, 1]) },
      ],
      want: 'b',
    },
    {
      name: 'a full tie picks the first',
      candidates: [
        { name: 'a', victims: victims([3], 0, '2025-01-01T00:00:00Z') },
        { name: 'b', victims: victims([3], 0, '2025-01-01T00:00:00Z') },
      ],
      want: 'a',
    },
    {
      name: 'latest start of the top victims',
      candidates: [
        { name: 'a', victims: victims([3], 0, '2025-01-01T00:00:00Z') },
        { name: 'b', victims: victims([3], 0, '2025-06-01T00:00:00Z') },
      ],
      want: 'b',
    },
  ];
  for (const tc of cases)
    it(tc.name, () => assert.equal(pickOneNodeForPreemption(tc.candidates, now)?.name, tc.want));
  it('no candidates', () => assert.equal(pickOneNodeForPreemption([], now), undefined));
});

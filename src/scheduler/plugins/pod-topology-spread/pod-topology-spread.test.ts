import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Service, TopologySpreadConstraint } from 'kubernetes-types/core/v1.js';
import { CycleState } from '../../framework/cycle-state.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { staticLister } from '../../framework/listers.js';
import {
  codeOf,
  makeNode,
  makePod,
  messageOf,
  nodeInfo,
  podInfo,
  testHandle,
} from '../../testing/fixtures.js';
import { newPodTopologySpread } from './pod-topology-spread.js';

const zoneKey = 'topology.kubernetes.io/zone';
const app = { app: 'web' };
const spread = (o: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint => ({
  maxSkew: 1,
  topologyKey: zoneKey,
  whenUnsatisfiable: 'DoNotSchedule',
  labelSelector: { matchLabels: app },
  ...o,
});
const web = (n: number) => Array.from({ length: n }, () => makePod({ labels: app }));

function filterAll(
  nodes: NodeInfo[],
  constraints: TopologySpreadConstraint[],
  extra: Parameters<typeof makePod>[0] = {},
) {
  const plugin = newPodTopologySpread(undefined, testHandle(nodes));
  const pod = podInfo(makePod({ labels: app, topologySpreadConstraints: constraints, ...extra }));
  const state = new CycleState();
  const pre = plugin.preFilter(state, pod, nodes);
  if (pre?.status) return nodes.map(() => pre.status!.code);
  return nodes.map((n) => codeOf(plugin.filter(state, pod, n)));
}

describe('PodTopologySpread filter', () => {
  const zones = () => [
    nodeInfo(makeNode('a1', { labels: { [zoneKey]: 'a' } }), web(2)),
    nodeInfo(makeNode('b1', { labels: { [zoneKey]: 'b' } }), web(1)),
    nodeInfo(makeNode('c1', { labels: { [zoneKey]: 'c' } })),
  ];

  it('maxSkew 1 across zones admits only the emptiest zone', () => {
    assert.deepEqual(filterAll(zones(), [spread()]), ['Unschedulable', 'Unschedulable', 'Success']);
  });

  it('maxSkew 2 also admits the next zone', () => {
    assert.deepEqual(filterAll(zones(), [spread({ maxSkew: 2 })]), ['Unschedulable', 'Success', 'Success']);
  });

  it('a node without the topology key is unresolvable', () => {
    const nodes = [...zones(), nodeInfo(makeNode('nozone'))];
    const plugin = newPodTopologySpread(undefined, testHandle(nodes));
    const pod = podInfo(makePod({ labels: app, topologySpreadConstraints: [spread()] }));
    const state = new CycleState();
    plugin.preFilter(state, pod, nodes);
    const s = plugin.filter(state, pod, nodes[3]!);
    assert.equal(codeOf(s), 'UnschedulableAndUnresolvable');
    assert.equal(
      messageOf(s),
      "node(s) didn't match pod topology spread constraints (missing required label)",
    );
    assert.equal(
      messageOf(plugin.filter(state, pod, nodes[0]!)),
      "node(s) didn't match pod topology spread constraints",
    );
  });

  it('minDomains above the domain count treats the global minimum as 0', () => {
    const nodes = [
      nodeInfo(makeNode('a1', { labels: { [zoneKey]: 'a' } }), web(1)),
      nodeInfo(makeNode('b1', { labels: { [zoneKey]: 'b' } }), web(1)),
    ];
    assert.deepEqual(filterAll(nodes, [spread()]), ['Success', 'Success']);
    assert.deepEqual(filterAll(nodes, [spread({ minDomains: 3 })]), ['Unschedulable', 'Unschedulable']);
  });

  it('nodeAffinityPolicy Honor ignores domains the pod cannot use; Ignore counts them', () => {
    const nodes = [
      nodeInfo(makeNode('a1', { labels: { [zoneKey]: 'a', disk: 'ssd' } }), web(1)),
      nodeInfo(makeNode('b1', { labels: { [zoneKey]: 'b' } })),
    ];
    const selector = { nodeSelector: { disk: 'ssd' } };
    assert.deepEqual(filterAll(nodes, [spread()], selector), ['Success', 'Success']);
    assert.deepEqual(filterAll(nodes, [spread({ nodeAffinityPolicy: 'Ignore' })], selector), [
      'Unschedulable',
      'Success',
    ]);
  });

  it('nodeTaintsPolicy Honor ignores tainted domains', () => {
    const nodes = [
      nodeInfo(makeNode('a1', { labels: { [zoneKey]: 'a' } }), web(1)),
      nodeInfo(makeNode('b1', { labels: { [zoneKey]: 'b' }, taints: [{ key: 'x', effect: 'NoSchedule' }] })),
    ];
    assert.deepEqual(filterAll(nodes, [spread()]).slice(0, 1), ['Unschedulable']);
    assert.deepEqual(filterAll(nodes, [spread({ nodeTaintsPolicy: 'Honor' })]).slice(0, 1), ['Success']);
  });

  it('matchLabelKeys narrow the selector to pods of the same revision', () => {
    const rev = (r: string, n: number) =>
      Array.from({ length: n }, () => makePod({ labels: { ...app, rev: r } }));
    const nodes = [
      nodeInfo(makeNode('a1', { labels: { [zoneKey]: 'a' } }), rev('old', 3)),
      nodeInfo(makeNode('b1', { labels: { [zoneKey]: 'b' } })),
    ];
    const extra = { labels: { ...app, rev: 'new' } };
    assert.deepEqual(filterAll(nodes, [spread()], extra), ['Unschedulable', 'Success']);
    assert.deepEqual(filterAll(nodes, [spread({ matchLabelKeys: ['rev'] })], extra), ['Success', 'Success']);
  });

  it('PreFilter extensions follow pods added and removed in a what-if', () => {
    const nodes = zones();
    const plugin = newPodTopologySpread(undefined, testHandle(nodes));
    const pod = podInfo(makePod({ labels: app, topologySpreadConstraints: [spread()] }));
    const state = new CycleState();
    plugin.preFilter(state, pod, nodes);
    const ext = plugin.preFilterExtensions!()!;
    const b1 = nodes[1]!;
    ext.removePod(state, pod, b1.pods[0]!, b1);
    assert.equal(codeOf(plugin.filter(state, pod, b1)), 'Success');
    ext.addPod(state, pod, podInfo(makePod({ labels: app })), nodes[2]!);
    assert.equal(codeOf(plugin.filter(state, pod, nodes[2]!)), 'Unschedulable');
  });

  it('pods in other namespaces and terminating pods do not count', () => {
    const nodes = [
      nodeInfo(makeNode('a1', { labels: { [zoneKey]: 'a' } }), [
        makePod({ labels: app, namespace: 'other' }),
        makePod({ labels: app, deleting: true }),
      ]),
      nodeInfo(makeNode('b1', { labels: { [zoneKey]: 'b' } })),
    ];
    assert.deepEqual(filterAll(nodes, [spread()]), ['Success', 'Success']);
  });
});

describe('PodTopologySpread score', () => {
  function scoreAll(nodes: NodeInfo[], pod: ReturnType<typeof podInfo>, services: Service[] = []) {
    const plugin = newPodTopologySpread(
      undefined,
      testHandle(nodes, { listers: { services: staticLister(services) } }),
    );
    const state = new CycleState();
    const s = plugin.preScore(state, pod, nodes);
    if (s?.code === 'Skip') return 'Skip';
    const scores = nodes.map((n) => plugin.score(state, pod, n));
    plugin.normalizeScore!(state, pod, scores, nodes);
    return scores;
  }

  it('soft constraints prefer less crowded zones', () => {
    const nodes = [
      nodeInfo(makeNode('a1', { labels: { [zoneKey]: 'a' } }), web(3)),
      nodeInfo(makeNode('b1', { labels: { [zoneKey]: 'b' } }), web(1)),
      nodeInfo(makeNode('c1', { labels: { [zoneKey]: 'c' } })),
    ];
    const pod = podInfo(
      makePod({ labels: app, topologySpreadConstraints: [spread({ whenUnsatisfiable: 'ScheduleAnyway' })] }),
    );
    const scores = scoreAll(nodes, pod) as number[];
    assert.ok(scores[2]! > scores[1]! && scores[1]! > scores[0]!, `scores ${scores.join(',')}`);
    assert.equal(scores[2], 100);
  });

  it('without constraints or a selecting service, PreScore skips', () => {
    assert.equal(scoreAll([nodeInfo(makeNode('n'))], podInfo(makePod({ labels: app }))), 'Skip');
  });

  it('system defaults spread the pods of a Service by hostname', () => {
    const svc: Service = { metadata: { name: 'web', namespace: 'default' }, spec: { selector: app } };
    const nodes = [nodeInfo(makeNode('n1'), web(4)), nodeInfo(makeNode('n2'))];
    const scores = scoreAll(nodes, podInfo(makePod({ labels: app })), [svc]) as number[];
    assert.ok(scores[1]! > scores[0]!, `scores ${scores.join(',')}`);
  });
});

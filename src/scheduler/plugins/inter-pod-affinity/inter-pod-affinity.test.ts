import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Affinity, Namespace, PodAffinityTerm } from 'kubernetes-types/core/v1.js';
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
import { newInterPodAffinity } from './inter-pod-affinity.js';

const zone = 'topology.kubernetes.io/zone';
const host = 'kubernetes.io/hostname';
const term = (
  labels: Record<string, string>,
  topologyKey: string,
  extra: Partial<PodAffinityTerm> = {},
): PodAffinityTerm => ({
  labelSelector: { matchLabels: labels },
  topologyKey,
  ...extra,
});
const antiAffinity = (t: PodAffinityTerm): Affinity => ({
  podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [t] },
});
const affinity = (t: PodAffinityTerm): Affinity => ({
  podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [t] },
});

function filterAll(nodes: NodeInfo[], pod: ReturnType<typeof makePod>, namespaces: Namespace[] = []) {
  const plugin = newInterPodAffinity(
    undefined,
    testHandle(nodes, { listers: { namespaces: staticLister(namespaces) } }),
  );
  const p = podInfo(pod);
  const state = new CycleState();
  const pre = plugin.preFilter(state, p, nodes);
  if (pre?.status) return nodes.map(() => pre.status!.code);
  return nodes.map((n) => {
    const s = plugin.filter(state, p, n);
    return s ? `${s.code}: ${s.message()}` : 'Success';
  });
}

describe('InterPodAffinity filter', () => {
  it('skips pods without terms when no pod has anti-affinity', () => {
    assert.deepEqual(filterAll([nodeInfo(makeNode('n1'), [makePod()])], makePod()), ['Skip']);
  });

  it('required anti-affinity keeps one pod per host', () => {
    const nodes = [nodeInfo(makeNode('n1'), [makePod({ labels: { app: 'db' } })]), nodeInfo(makeNode('n2'))];
    const pod = makePod({ labels: { app: 'db' }, affinity: antiAffinity(term({ app: 'db' }, host)) });
    assert.deepEqual(filterAll(nodes, pod), [
      "Unschedulable: node(s) didn't match pod anti-affinity rules",
      'Success',
    ]);
  });

  it('required affinity needs a matching pod in the same zone', () => {
    const nodes = [
      nodeInfo(makeNode('a1', { labels: { [zone]: 'a' } }), [makePod({ labels: { app: 'cache' } })]),
      nodeInfo(makeNode('a2', { labels: { [zone]: 'a' } })),
      nodeInfo(makeNode('b1', { labels: { [zone]: 'b' } })),
      nodeInfo(makeNode('nozone')),
    ];
    const pod = makePod({ affinity: affinity(term({ app: 'cache' }, zone)) });
    assert.deepEqual(filterAll(nodes, pod), [
      'Success',
      'Success',
      "UnschedulableAndUnresolvable: node(s) didn't match pod affinity rules",
      "UnschedulableAndUnresolvable: node(s) didn't match pod affinity rules",
    ]);
  });

  it('the first pod of a self-affine group may go anywhere with the topology', () => {
    const nodes = [nodeInfo(makeNode('a1', { labels: { [zone]: 'a' } })), nodeInfo(makeNode('nozone'))];
    const pod = makePod({ labels: { app: 'cache' }, affinity: affinity(term({ app: 'cache' }, zone)) });
    assert.deepEqual(filterAll(nodes, pod), [
      'Success',
      "UnschedulableAndUnresolvable: node(s) didn't match pod affinity rules",
    ]);
  });

  it("existing pods' anti-affinity keeps the pod away", () => {
    const guard = makePod({ labels: { app: 'guard' }, affinity: antiAffinity(term({ app: 'web' }, host)) });
    const nodes = [nodeInfo(makeNode('n1'), [guard]), nodeInfo(makeNode('n2'))];
    assert.deepEqual(filterAll(nodes, makePod({ labels: { app: 'web' } })), [
      "Unschedulable: node(s) didn't satisfy existing pods anti-affinity rules",
      'Success',
    ]);
  });

  it('terms apply to their own namespace unless a namespaceSelector widens them', () => {
    const other = makePod({ labels: { app: 'db' }, namespace: 'team-b' });
    const nodes = [nodeInfo(makeNode('n1'), [other]), nodeInfo(makeNode('n2'))];
    const ns: Namespace[] = [
      { metadata: { name: 'team-b', labels: { team: 'b' } } },
      { metadata: { name: 'default', labels: {} } },
    ];
    const plain = makePod({ affinity: antiAffinity(term({ app: 'db' }, host)) });
    assert.deepEqual(filterAll(nodes, plain, ns), ['Success', 'Success']);
    const widened = makePod({
      affinity: antiAffinity(
        term({ app: 'db' }, host, { namespaceSelector: { matchLabels: { team: 'b' } } }),
      ),
    });
    assert.deepEqual(filterAll(nodes, widened, ns), [
      "Unschedulable: node(s) didn't match pod anti-affinity rules",
      'Success',
    ]);
  });

  it('PreFilter extensions count pods added in a what-if', () => {
    const nodes = [nodeInfo(makeNode('n1')), nodeInfo(makeNode('n2'))];
    const plugin = newInterPodAffinity(undefined, testHandle(nodes));
    const pod = podInfo(
      makePod({ labels: { app: 'db' }, affinity: antiAffinity(term({ app: 'db' }, host)) }),
    );
    const state = new CycleState();
    plugin.preFilter(state, pod, nodes);
    assert.equal(codeOf(plugin.filter(state, pod, nodes[0]!)), 'Success');
    plugin.preFilterExtensions!()!.addPod(state, pod, podInfo(makePod({ labels: { app: 'db' } })), nodes[0]!);
    assert.equal(
      messageOf(plugin.filter(state, pod, nodes[0]!)),
      "node(s) didn't match pod anti-affinity rules",
    );
  });
});

describe('InterPodAffinity score', () => {
  function scoreAll(nodes: NodeInfo[], pod: ReturnType<typeof makePod>, args?: Record<string, unknown>) {
    const plugin = newInterPodAffinity(args, testHandle(nodes));
    const p = podInfo(pod);
    const state = new CycleState();
    if (plugin.preScore(state, p, nodes)?.code === 'Skip') return 'Skip';
    const scores = nodes.map((n) => plugin.score(state, p, n));
    plugin.normalizeScore!(state, p, scores, nodes);
    return scores;
  }

  it('preferred affinity and anti-affinity by weight', () => {
    const nodes = [
      nodeInfo(makeNode('n1', { labels: { [zone]: 'a' } }), [makePod({ labels: { app: 'cache' } })]),
      nodeInfo(makeNode('n2', { labels: { [zone]: 'b' } }), [makePod({ labels: { app: 'batch' } })]),
      nodeInfo(makeNode('n3', { labels: { [zone]: 'c' } })),
    ];
    const pod = makePod({
      affinity: {
        podAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 10, podAffinityTerm: term({ app: 'cache' }, zone) },
          ],
        },
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 5, podAffinityTerm: term({ app: 'batch' }, zone) },
          ],
        },
      },
    });
    // Raw: n1 +10, n2 −5, n3 0 → normalized over [−5, 10].
    assert.deepEqual(scoreAll(nodes, pod), [100, 0, 33]);
  });

  it("existing pods' required affinity attracts matching pods (hardPodAffinityWeight)", () => {
    const nodes = [
      nodeInfo(makeNode('n1'), [
        makePod({ labels: { app: 'x' }, affinity: affinity(term({ app: 'web' }, host)) }),
      ]),
      nodeInfo(makeNode('n2')),
    ];
    assert.deepEqual(scoreAll(nodes, makePod({ labels: { app: 'web' } })), [100, 0]);
    assert.equal(scoreAll(nodes, makePod({ labels: { app: 'web' } }), { hardPodAffinityWeight: 0 }), 'Skip');
  });

  it('skips when nothing has affinity', () => {
    assert.equal(scoreAll([nodeInfo(makeNode('n1'), [makePod()])], makePod()), 'Skip');
  });
});

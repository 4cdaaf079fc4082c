import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeNode, makePod, nodeInfo, podInfo } from '../testing/fixtures.js';
import { testFramework } from '../testing/test-framework.js';
import { CycleState } from './cycle-state.js';
import type { AnyPlugin } from './interfaces.js';
import { Status } from './status.js';
import { inTreeRegistry } from '../plugins/registry.js';
import type { PluginFactory } from './registry.js';

describe('Framework plugin sets', () => {
  it('expands the default multiPoint set in upstream order', () => {
    const { fwk } = testFramework();
    assert.deepEqual(fwk.pluginsAt('filter'), [
      'NodeUnschedulable',
      'NodeName',
      'TaintToleration',
      'NodeAffinity',
      'NodePorts',
      'NodeResourcesFit',
      'VolumeRestrictions',
      'VolumeBinding',
      'PodTopologySpread',
      'InterPodAffinity',
    ]);
    assert.deepEqual(fwk.pluginsAt('score'), [
      'TaintToleration',
      'NodeAffinity',
      'NodeResourcesFit',
      'PodTopologySpread',
      'InterPodAffinity',
      'NodeResourcesBalancedAllocation',
      'ImageLocality',
    ]);
    assert.deepEqual(fwk.pluginsAt('queueSort'), ['PrioritySort']);
    assert.deepEqual(fwk.pluginsAt('preEnqueue'), ['SchedulingGates']);
    assert.deepEqual(fwk.pluginsAt('postFilter'), ['DefaultPreemption']);
    assert.deepEqual(fwk.pluginsAt('bind'), ['DefaultBinder']);
    assert.equal(fwk.scoreWeight('TaintToleration'), 3);
    assert.equal(fwk.scoreWeight('NodeAffinity'), 2);
    assert.equal(fwk.scoreWeight('ImageLocality'), 1);
  });

  it('disables a plugin at one point, re-weights it at another', () => {
    const { fwk } = testFramework({
      plugins: {
        score: {
          enabled: [{ name: 'ImageLocality', weight: 5 }],
          disabled: [{ name: 'NodeResourcesBalancedAllocation' }],
        },
        filter: { disabled: [{ name: 'NodePorts' }] },
      },
    });
    assert.ok(!fwk.pluginsAt('filter').includes('NodePorts'));
    assert.ok(fwk.pluginsAt('preFilter').includes('NodePorts'));
    assert.ok(!fwk.pluginsAt('score').includes('NodeResourcesBalancedAllocation'));
    assert.equal(fwk.pluginsAt('score')[0], 'ImageLocality', 'explicit entries come first');
    assert.equal(fwk.scoreWeight('ImageLocality'), 5);
  });

  it('"*" disables every default of a point', () => {
    const { fwk } = testFramework({
      plugins: {
        multiPoint: {
          disabled: [{ name: '*' }],
          enabled: [{ name: 'PrioritySort' }, { name: 'NodeName' }, { name: 'DefaultBinder' }],
        },
      },
    });
    assert.deepEqual(fwk.pluginsAt('filter'), ['NodeName']);
    assert.deepEqual(fwk.pluginsAt('score'), []);
  });

  it('rejects unknown plugins', () => {
    assert.throws(
      () => testFramework({ plugins: { filter: { enabled: [{ name: 'NoSuchPlugin' }] } } }),
      /NoSuchPlugin/,
    );
  });
});

describe('Framework runs', () => {
  const registryWith = (plugins: Record<string, AnyPlugin>) => {
    const r = new Map<string, PluginFactory>(inTreeRegistry());
    for (const [name, p] of Object.entries(plugins)) r.set(name, () => p);
    return r;
  };

  it('Filter stops at the first failing plugin and names it', () => {
    const { fwk } = testFramework();
    const node = nodeInfo(
      makeNode('n1', { cpu: '1', taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] }),
    );
    const pod = podInfo(makePod({ requests: { cpu: '2' } }));
    const state = new CycleState();
    fwk.runPreFilterPlugins(state, pod, [node]);
    const s = fwk.runFilterPlugins(state, pod, node);
    assert.equal(s?.plugin, 'TaintToleration');
    assert.equal(s?.message(), 'node(s) had untolerated taint {k: v}');
  });

  it('a PreFilter Skip skips that Filter', () => {
    let filtered = 0;
    const probe: AnyPlugin = {
      name: 'Probe',
      preFilter: () => ({ status: new Status('Skip') }),
      filter: () => {
        filtered++;
        return undefined;
      },
    };
    const { fwk } = testFramework({
      registry: registryWith({ Probe: probe }),
      plugins: { multiPoint: { enabled: [{ name: 'Probe' }] } },
    });
    const node = nodeInfo(makeNode('n1'));
    const pod = podInfo(makePod());
    const state = new CycleState();
    fwk.runPreFilterPlugins(state, pod, [node]);
    fwk.runFilterPlugins(state, pod, node);
    assert.equal(filtered, 0);
  });

  it('weights and sums normalized scores; rejects scores out of range', () => {
    const fixed = (name: string, values: number[]): AnyPlugin => ({
      name,
      score: (_s, _p, n) => values[Number(n.name.slice(1))]!,
    });
    const nodes = [nodeInfo(makeNode('n0')), nodeInfo(makeNode('n1'))];
    const { fwk } = testFramework({
      registry: registryWith({ A: fixed('A', [10, 20]), B: fixed('B', [100, 0]) }),
      plugins: {
        multiPoint: {
          disabled: [{ name: '*' }],
          enabled: [
            { name: 'PrioritySort' },
            { name: 'DefaultBinder' },
            { name: 'A', weight: 2 },
            { name: 'B' },
          ],
        },
      },
    });
    assert.deepEqual(fwk.runScorePlugins(new CycleState(), podInfo(makePod()), nodes), [120, 40]);
    const bad = testFramework({
      registry: registryWith({ C: fixed('C', [101, 0]) }),
      plugins: {
        multiPoint: {
          disabled: [{ name: '*' }],
          enabled: [{ name: 'PrioritySort' }, { name: 'DefaultBinder' }, { name: 'C' }],
        },
      },
    });
    const s = bad.fwk.runScorePlugins(new CycleState(), podInfo(makePod()), nodes);
    assert.ok(s instanceof Status && /invalid score 101/.test(s.message()));
  });

  it('Permit can make the binding wait, then allow it', async () => {
    const gate: AnyPlugin = {
      name: 'Gate',
      permit: () => ({ status: new Status('Wait'), timeoutMs: 10_000 }),
    };
    const { fwk } = testFramework({
      registry: registryWith({ Gate: gate }),
      plugins: { permit: { enabled: [{ name: 'Gate' }] } },
    });
    const pod = podInfo(makePod());
    assert.equal(fwk.runPermitPlugins(new CycleState(), pod, 'n1')?.code, 'Wait');
    const waiting = fwk.waitOnPermit(pod);
    fwk.waitingPods.get(pod.uid)!.allow('Gate');
    assert.equal(await waiting, undefined);
  });

  it('Permit waits time out', async () => {
    const gate: AnyPlugin = {
      name: 'Gate',
      permit: () => ({ status: new Status('Wait'), timeoutMs: 10_000 }),
    };
    const { fwk, clock } = testFramework({
      registry: registryWith({ Gate: gate }),
      plugins: { permit: { enabled: [{ name: 'Gate' }] } },
    });
    const pod = podInfo(makePod());
    fwk.runPermitPlugins(new CycleState(), pod, 'n1');
    const waiting = fwk.waitOnPermit(pod);
    await clock.advance(10_000);
    const s = await waiting;
    assert.equal(s?.code, 'Unschedulable');
    assert.equal(s?.message(), 'rejected due to timeout after waiting 10s at plugin Gate');
  });
});

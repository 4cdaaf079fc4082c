import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { FailedPodBackoff } from './failed-pod-backoff.js';
import { podsShouldBeOnNode, surgeCount, unavailableCount } from './pods-on-node.js';
import { planRollingUpdate } from './rolling-update.js';

const now = Date.parse('2026-01-01T00:10:00Z');

function pod(name: string, hash: string, ready = true, created = '2026-01-01T00:00:00Z'): Pod {
  return {
    metadata: { name, labels: { 'controller-revision-hash': hash }, creationTimestamp: created },
    spec: { containers: [], nodeName: name.split('/')[0] },
    status: {
      phase: ready ? 'Running' : 'Pending',
      conditions: [
        { type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: '2026-01-01T00:00:00Z' },
      ],
    },
  };
}

function ds(maxUnavailable: number | string, maxSurge: number | string): DaemonSet {
  return {
    metadata: { name: 'agent' },
    spec: {
      selector: {},
      template: {},
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable, maxSurge } },
    },
  };
}

function plan(d: DaemonSet, nodes: Record<string, Pod[]>, shouldRun = (_n: string) => true) {
  const map = new Map(Object.entries(nodes));
  return planRollingUpdate({
    ds: d,
    nodeToPods: map,
    hash: 'new',
    generation: undefined,
    maxSurge: surgeCount(d, map.size),
    maxUnavailable: unavailableCount(d, map.size),
    desiredNumberScheduled: map.size,
    nowMs: now,
    shouldRun,
  });
}

describe('DaemonSet rolling update', () => {
  it('deletes up to maxUnavailable available old pods, replacing unavailable ones for free', () => {
    const nodes = {
      a: [pod('a/p', 'old')],
      b: [pod('b/p', 'old')],
      c: [pod('c/p', 'old', false)],
      d: [pod('d/p', 'new')],
    };
    assert.deepEqual(plan(ds(1, 0), nodes), { podsToDelete: ['c/p'], nodesToCreate: [] });
    assert.deepEqual(plan(ds(2, 0), nodes), { podsToDelete: ['c/p', 'a/p'], nodesToCreate: [] });
    assert.deepEqual(plan(ds('50%', 0), nodes), { podsToDelete: ['c/p', 'a/p'], nodesToCreate: [] });
  });

  it('counts an unavailable new pod against maxUnavailable', () => {
    const nodes = { a: [pod('a/p', 'old')], b: [pod('b/p', 'new', false)] };
    assert.deepEqual(plan(ds(1, 0), nodes), { podsToDelete: [], nodesToCreate: [] });
  });

  it('surges new pods and deletes old ones whose replacement is available', () => {
    const nodes = {
      a: [pod('a/old', 'old'), pod('a/new', 'new')],
      b: [pod('b/old', 'old'), pod('b/new', 'new', false)],
      c: [pod('c/old', 'old')],
      d: [pod('d/old', 'old')],
    };
    // b's surge is still in flight, so with maxSurge 1 no other node starts one.
    assert.deepEqual(plan(ds(0, 1), nodes), { podsToDelete: ['a/old'], nodesToCreate: [] });
    assert.deepEqual(plan(ds(0, 2), nodes), { podsToDelete: ['a/old'], nodesToCreate: ['c'] });
  });

  it('keeps pods on nodes the DaemonSet left until enough are available elsewhere', () => {
    const nodes = { a: [pod('a/old', 'old')], b: [pod('b/new', 'new')] };
    assert.deepEqual(
      plan(ds(0, 1), nodes, (n) => n !== 'a'),
      { podsToDelete: [], nodesToCreate: [] },
    );
  });
});

describe('pods on one node', () => {
  const gate = { holdBack: () => undefined };
  const input = (
    pods: Pod[] | undefined,
    d = ds(1, 0),
    verdict = { shouldRun: true, shouldContinueRunning: true },
  ) => ({
    ds: d,
    nodeName: 'a',
    verdict,
    pods,
    hash: 'new',
    nowMs: now,
    failedGate: gate,
  });

  it('creates a pod where none runs and removes all where the node is no longer wanted', () => {
    assert.equal(podsShouldBeOnNode(input(undefined)).createPod, true);
    const plan = podsShouldBeOnNode(
      input([pod('a/p', 'old')], ds(1, 0), { shouldRun: false, shouldContinueRunning: false }),
    );
    assert.deepEqual(plan.podsToDelete, ['a/p']);
  });

  it('keeps only the oldest of duplicates and replaces failed pods with an event', () => {
    const older = pod('a/1', 'old', true, '2026-01-01T00:00:00Z');
    const newer = pod('a/2', 'old', true, '2026-01-01T00:01:00Z');
    assert.deepEqual(podsShouldBeOnNode(input([newer, older])).podsToDelete, ['a/2']);
    const failed = { ...pod('a/f', 'old'), status: { phase: 'Failed' } };
    const plan = podsShouldBeOnNode(input([failed]));
    assert.deepEqual(plan.podsToDelete, ['a/f']);
    assert.equal(plan.events[0]?.reason, 'FailedDaemonPod');
  });

  it('with surge keeps the old pod until the new one is available', () => {
    const surge = ds(0, 1);
    assert.deepEqual(
      podsShouldBeOnNode(input([pod('a/o', 'old'), pod('a/n', 'new', false)], surge)).podsToDelete,
      [],
    );
    assert.deepEqual(podsShouldBeOnNode(input([pod('a/o', 'old'), pod('a/n', 'new')], surge)).podsToDelete, [
      'a/o',
    ]);
  });

  it('backs off deleting failed pods per node, doubling to 15 minutes', () => {
    const b = new FailedPodBackoff();
    b.next('k', 0);
    assert.equal(b.inBackoffSinceUpdate('k', 500), true);
    assert.equal(b.inBackoffSinceUpdate('k', 1000), false);
    b.next('k', 1000);
    assert.equal(b.get('k'), 2000);
    for (let i = 0; i < 20; i++) b.next('k', 2000);
    assert.equal(b.get('k'), 15 * 60 * 1000);
  });
});

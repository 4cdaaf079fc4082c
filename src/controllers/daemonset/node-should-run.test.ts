import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Node, PodSpec } from 'kubernetes-types/core/v1.js';
import {
  addDaemonPodTolerations,
  daemonPodTemplate,
  isPodUpdated,
  replaceNodeNameAffinity,
  targetNodeName,
} from './daemon-pod-template.js';
import { isHeartbeatOnly, nodeShouldRunDaemonPod, requirementMatches } from './node-should-run.js';

function ds(spec: Partial<PodSpec> = {}): DaemonSet {
  return {
    metadata: { name: 'agent', namespace: 'ns' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c' }], ...spec } },
    },
  };
}

function node(name: string, labels: Record<string, string> = {}, taints: Node['spec'] = {}): Node {
  return { metadata: { name, labels }, spec: taints };
}

describe('nodeShouldRunDaemonPod', () => {
  it('honours nodeSelector and required node affinity', () => {
    const sel = ds({ nodeSelector: { disk: 'ssd' } });
    assert.deepEqual(nodeShouldRunDaemonPod(node('a', { disk: 'ssd' }), sel), {
      shouldRun: true,
      shouldContinueRunning: true,
    });
    assert.deepEqual(nodeShouldRunDaemonPod(node('b', { disk: 'hdd' }), sel), {
      shouldRun: false,
      shouldContinueRunning: false,
    });
    const aff = ds({
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1'] }] },
              { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['c'] }] },
            ],
          },
        },
      },
    });
    assert.equal(nodeShouldRunDaemonPod(node('a', { zone: 'z1' }), aff).shouldRun, true);
    assert.equal(nodeShouldRunDaemonPod(node('b', { zone: 'z2' }), aff).shouldRun, false);
    assert.equal(nodeShouldRunDaemonPod(node('c'), aff).shouldRun, true);
  });

  it('keeps out of NoSchedule taints but lets running daemons stay unless NoExecute', () => {
    const noSchedule = node('a', {}, { taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }] });
    assert.deepEqual(nodeShouldRunDaemonPod(noSchedule, ds()), {
      shouldRun: false,
      shouldContinueRunning: true,
    });
    const noExecute = node('a', {}, { taints: [{ key: 'dedicated', value: 'x', effect: 'NoExecute' }] });
    assert.deepEqual(nodeShouldRunDaemonPod(noExecute, ds()), {
      shouldRun: false,
      shouldContinueRunning: false,
    });
    const tolerated = ds({ tolerations: [{ key: 'dedicated', operator: 'Exists' }] });
    assert.equal(nodeShouldRunDaemonPod(noExecute, tolerated).shouldRun, true);
  });

  it('tolerates the node-condition taints by default', () => {
    for (const [key, effect] of [
      ['node.kubernetes.io/not-ready', 'NoExecute'],
      ['node.kubernetes.io/unreachable', 'NoExecute'],
      ['node.kubernetes.io/unschedulable', 'NoSchedule'],
      ['node.kubernetes.io/disk-pressure', 'NoSchedule'],
      ['node.kubernetes.io/memory-pressure', 'NoSchedule'],
      ['node.kubernetes.io/pid-pressure', 'NoSchedule'],
    ] as const)
      assert.equal(
        nodeShouldRunDaemonPod(node('a', {}, { taints: [{ key, effect }] }), ds()).shouldRun,
        true,
        key,
      );
    const network = node(
      'a',
      {},
      { taints: [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }] },
    );
    assert.equal(nodeShouldRunDaemonPod(network, ds()).shouldRun, false);
    assert.equal(nodeShouldRunDaemonPod(network, ds({ hostNetwork: true })).shouldRun, true);
  });

  it('matches requirement operators as upstream', () => {
    const labels = { a: '1', b: '10' };
    assert.equal(requirementMatches({ key: 'a', operator: 'NotIn', values: ['2'] }, labels), true);
    assert.equal(requirementMatches({ key: 'z', operator: 'NotIn', values: ['2'] }, labels), true);
    assert.equal(requirementMatches({ key: 'z', operator: 'DoesNotExist' }, labels), true);
    assert.equal(requirementMatches({ key: 'b', operator: 'Gt', values: ['9'] }, labels), true);
    assert.equal(requirementMatches({ key: 'b', operator: 'Lt', values: ['9'] }, labels), false);
    assert.equal(requirementMatches({ key: 'z', operator: 'Gt', values: ['9'] }, labels), false);
  });
});

describe('daemon pod template', () => {
  it('adds tolerations once and labels with hash and template generation', () => {
    const spec: PodSpec = {
      containers: [],
      tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' }],
    };
    addDaemonPodTolerations(spec);
    addDaemonPodTolerations(spec);
    assert.equal(spec.tolerations?.length, 6);
    const t = daemonPodTemplate(ds().spec?.template, 3, 'abc');
    assert.deepEqual(t.metadata?.labels, {
      app: 'agent',
      'pod-template-generation': '3',
      'controller-revision-hash': 'abc',
    });
    assert.ok(
      isPodUpdated({ metadata: { labels: { 'controller-revision-hash': 'abc' } } }, 'abc', undefined),
    );
    assert.ok(isPodUpdated({ metadata: { labels: { 'pod-template-generation': '3' } } }, 'zzz', 3));
    assert.ok(!isPodUpdated({ metadata: { labels: {} } }, 'abc', 3));
  });

  it('pins pods to their node through a metadata.name affinity, replacing required terms', () => {
    const affinity = replaceNodeNameAffinity(
      {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'x', operator: 'Exists' }] }],
          },
          preferredDuringSchedulingIgnoredDuringExecution: [],
        },
      },
      'n1',
    );
    assert.deepEqual(affinity.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution, {
      nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }],
    });
    assert.deepEqual(affinity.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution, []);
    assert.equal(targetNodeName({ spec: { containers: [], affinity } }), 'n1');
    assert.equal(targetNodeName({ spec: { containers: [], nodeName: 'n2', affinity } }), 'n2');
    assert.equal(targetNodeName({ spec: { containers: [] } }), undefined);
  });
});

describe('node updates', () => {
  it('ignores heartbeats but not label, taint or condition changes', () => {
    const base: Node = {
      metadata: { name: 'a', resourceVersion: '1', labels: { x: '1' } },
      status: { conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: '2026-01-01T00:00:00Z' }] },
    };
    const beat: Node = {
      ...base,
      metadata: { ...base.metadata, resourceVersion: '2' },
      status: { conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: '2026-01-01T00:00:10Z' }] },
    };
    assert.equal(isHeartbeatOnly(base, beat), true);
    assert.equal(
      isHeartbeatOnly(base, { ...beat, metadata: { ...beat.metadata, labels: { x: '2' } } }),
      false,
    );
    assert.equal(
      isHeartbeatOnly(base, { ...beat, spec: { taints: [{ key: 'k', effect: 'NoSchedule' }] } }),
      false,
    );
    assert.equal(
      isHeartbeatOnly(base, { ...beat, status: { conditions: [{ type: 'Ready', status: 'False' }] } }),
      false,
    );
  });
});

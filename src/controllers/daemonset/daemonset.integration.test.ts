// The DaemonSet controller against a real apiserver with Node objects created by the test: one pod
// per eligible node pinned by node affinity, default tolerations, taints, new nodes, status,
// RollingUpdate with maxUnavailable and maxSurge, OnDelete and ControllerRevisions.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ControllerRevision, DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { daemonSetsResource, nodesResource, revisionsResource } from '../shared/workload-resources.js';
import { WorkloadTestCluster } from '../shared/workload-test-cluster.js';
import { targetNodeName } from './daemon-pod-template.js';
import { daemonSetControllerDescriptor } from './index.js';

function daemonSet(name: string, spec: Partial<DaemonSet['spec']> = {}): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'agent', image: 'agent:1' }] },
      },
      ...spec,
    },
  };
}

describe('daemonset controller', () => {
  let cluster: WorkloadTestCluster;
  const sets = () => cluster.resource<DaemonSet>(daemonSetsResource);
  const nodes = () => cluster.client.resource<Node>(nodesResource);

  before(async () => {
    cluster = await WorkloadTestCluster.start([daemonSetControllerDescriptor]);
    await nodes().create({ metadata: { name: 'node-a', labels: { disk: 'ssd' } } });
    await nodes().create({ metadata: { name: 'node-b', labels: { disk: 'hdd' } } });
    await nodes().create({
      metadata: { name: 'node-c' },
      spec: { taints: [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }] },
    });
  });
  after(async () => {
    await cluster?.close();
  });

  async function podsByNode(app: string): Promise<Record<string, Pod>> {
    const pods = (await cluster.pods({ app })).filter((p) => !p.metadata?.deletionTimestamp);
    return Object.fromEntries(pods.map((p) => [targetNodeName(p) ?? '?', p]));
  }

  async function readyAll(app: string): Promise<void> {
    for (const p of await cluster.pods({ app }))
      if (p.status?.phase !== 'Running') await cluster.setPodStatus(p, { phase: 'Running' });
  }

  it('runs one pod per untainted node, pinned by node affinity, with the default tolerations', async () => {
    await sets().create(daemonSet('agent'));
    const byNode = await cluster.until(async () => {
      const m = await podsByNode('agent');
      assert.deepEqual(Object.keys(m).sort(), ['node-a', 'node-b']);
      return m;
    });
    const pod = byNode['node-a']!;
    assert.deepEqual(pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution, {
      nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-a'] }] }],
    });
    assert.equal(pod.spec?.nodeName, undefined);
    assert.ok(pod.metadata?.generateName?.startsWith('agent-'));
    const tolerations = (pod.spec?.tolerations ?? []).map((t) => `${t.key}:${t.effect}`);
    for (const t of [
      'node.kubernetes.io/not-ready:NoExecute',
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule',
      'node.kubernetes.io/pid-pressure:NoSchedule',
      'node.kubernetes.io/unschedulable:NoSchedule',
    ])
      assert.ok(tolerations.includes(t), t);
    const revisions = await cluster
      .resource<ControllerRevision>(revisionsResource)
      .list({ labelSelector: 'app=agent' });
    assert.equal(revisions.items.length, 1);
    const hash = pod.metadata?.labels?.['controller-revision-hash'];
    assert.equal(revisions.items[0]?.metadata?.name, `agent-${hash}`);
    assert.equal(revisions.items[0]?.metadata?.labels?.['controller-revision-hash'], hash);

    await readyAll('agent');
    const ds = await cluster.until(async () => {
      const s = await sets().get('agent');
      assert.equal(s.status?.numberAvailable, 2);
      return s;
    });
    assert.deepEqual(
      {
        desired: ds.status?.desiredNumberScheduled,
        current: ds.status?.currentNumberScheduled,
        misscheduled: ds.status?.numberMisscheduled,
        ready: ds.status?.numberReady,
        updated: ds.status?.updatedNumberScheduled,
        unavailable: ds.status?.numberUnavailable ?? 0,
        observed: ds.status?.observedGeneration,
      },
      {
        desired: 2,
        current: 2,
        misscheduled: 0,
        ready: 2,
        updated: 2,
        unavailable: 0,
        observed: ds.metadata?.generation,
      },
    );
    // A zero numberUnavailable is omitted, as Go's omitempty does.
    assert.equal('numberUnavailable' in (ds.status ?? {}), false, JSON.stringify(ds.status));
    const events = await cluster.events('agent');
    assert.equal(
      events.filter((e) => e.startsWith('SuccessfulCreate: Created pod: agent-')).length,
      2,
      events.join('\n'),
    );
  });

  it('starts a pod on a new node and on tainted nodes it tolerates', async () => {
    await nodes().create({ metadata: { name: 'node-d' } });
    await cluster.until(async () =>
      assert.deepEqual(Object.keys(await podsByNode('agent')).sort(), ['node-a', 'node-b', 'node-d']),
    );
    await sets().create(
      daemonSet('infra', {
        template: {
          metadata: { labels: { app: 'infra' } },
          spec: {
            containers: [{ name: 'agent', image: 'agent:1' }],
            tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'infra', effect: 'NoSchedule' }],
          },
        },
      }),
    );
    await cluster.until(async () =>
      assert.deepEqual(Object.keys(await podsByNode('infra')).sort(), [
        'node-a',
        'node-b',
        'node-c',
        'node-d',
      ]),
    );
  });

  it('follows nodeSelector and removes pods from nodes that stop matching', async () => {
    await sets().create(
      daemonSet('ssd', {
        template: {
          metadata: { labels: { app: 'ssd' } },
          spec: { containers: [{ name: 'agent', image: 'agent:1' }], nodeSelector: { disk: 'ssd' } },
        },
      }),
    );
    await cluster.until(async () => assert.deepEqual(Object.keys(await podsByNode('ssd')), ['node-a']));
    await nodes().patch('node-b', 'merge', { metadata: { labels: { disk: 'ssd' } } });
    await cluster.until(async () =>
      assert.deepEqual(Object.keys(await podsByNode('ssd')).sort(), ['node-a', 'node-b']),
    );
    await nodes().patch('node-a', 'merge', { metadata: { labels: { disk: null } } });
    await cluster.until(async () => assert.deepEqual(Object.keys(await podsByNode('ssd')), ['node-b']));
  });

  it('rolls out a new template one node at a time (maxUnavailable 1)', async () => {
    await sets().create(daemonSet('roll'));
    await cluster.until(async () => assert.equal(Object.keys(await podsByNode('roll')).length, 3));
    await readyAll('roll');
    const oldHash = (await cluster.pods({ app: 'roll' }))[0]?.metadata?.labels?.['controller-revision-hash'];
    await cluster.until(async () => assert.equal((await sets().get('roll')).status?.numberAvailable, 3));
    await sets().patch('roll', 'strategic', {
      spec: { template: { spec: { containers: [{ name: 'agent', image: 'agent:2' }] } } },
    });
    let maxMissing = 0;
    await cluster.until(async () => {
      const pods = (await cluster.pods({ app: 'roll' })).filter((p) => !p.metadata?.deletionTimestamp);
      const available = pods.filter((p) => p.status?.phase === 'Running').length;
      maxMissing = Math.max(maxMissing, 3 - available);
      for (const p of pods)
        if (p.status?.phase !== 'Running') await cluster.setPodStatus(p, { phase: 'Running' });
      assert.equal(pods.length, 3);
      assert.ok(
        pods.every(
          (p) =>
            p.metadata?.labels?.['controller-revision-hash'] !== oldHash &&
            p.spec?.containers[0]?.image === 'agent:2',
        ),
      );
    });
    assert.ok(maxMissing <= 1, `at most one node without an available pod, saw ${maxMissing}`);
    const revisions = await cluster
      .resource<ControllerRevision>(revisionsResource)
      .list({ labelSelector: 'app=roll' });
    assert.deepEqual(revisions.items.map((r) => r.revision).sort(), [1, 2]);
  });

  it('surges a new pod next to the old one and removes the old one once the new is available', async () => {
    await sets().create(
      daemonSet('surge', {
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      }),
    );
    await cluster.until(async () => assert.equal((await cluster.pods({ app: 'surge' })).length, 3));
    await readyAll('surge');
    await cluster.until(async () => assert.equal((await sets().get('surge')).status?.numberAvailable, 3));
    await sets().patch('surge', 'strategic', {
      spec: { template: { spec: { containers: [{ name: 'agent', image: 'agent:2' }] } } },
    });
    // One node gets a second pod; every node keeps an available pod throughout.
    const surged = await cluster.until(async () => {
      const pods = (await cluster.pods({ app: 'surge' })).filter((p) => !p.metadata?.deletionTimestamp);
      assert.equal(pods.length, 4);
      return pods.find((p) => p.spec?.containers[0]?.image === 'agent:2')!;
    });
    await cluster.idle();
    assert.equal((await cluster.pods({ app: 'surge' })).length, 4);
    await cluster.setPodStatus(surged, { phase: 'Running' });
    await cluster.until(async () => {
      const pods = await cluster.pods({ app: 'surge' });
      const onNode = pods.filter((p) => targetNodeName(p) === targetNodeName(surged));
      assert.equal(onNode.length, 1);
    });
  });

  it('replaces pods only when they are deleted under OnDelete', async () => {
    await sets().create(daemonSet('od', { updateStrategy: { type: 'OnDelete' } }));
    await cluster.until(async () => assert.equal((await cluster.pods({ app: 'od' })).length, 3));
    await sets().patch('od', 'strategic', {
      spec: { template: { spec: { containers: [{ name: 'agent', image: 'agent:2' }] } } },
    });
    await cluster.until(async () => assert.equal((await sets().get('od')).status?.observedGeneration, 2));
    await cluster.idle();
    assert.ok((await cluster.pods({ app: 'od' })).every((p) => p.spec?.containers[0]?.image === 'agent:1'));
    const victim = (await cluster.pods({ app: 'od' }))[0]!;
    await cluster.client
      .resource<Pod>({ group: '', version: 'v1', resource: 'pods' })
      .namespace('default')
      .delete(victim.metadata?.name ?? '');
    await cluster.until(async () => {
      const pod = (await podsByNode('od'))[targetNodeName(victim) ?? ''];
      assert.equal(pod?.spec?.containers[0]?.image, 'agent:2');
    });
  });
});

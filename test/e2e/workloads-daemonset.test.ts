/**
 * DaemonSets on `k8ts server` with three simulated nodes, driven with the real kubectl: exactly
 * one pod per schedulable node; a node that joins gets one; a NoSchedule-tainted node gets one
 * only from a DaemonSet that tolerates the taint (and keeps the pod it already runs), while a
 * cordoned node still gets one (DaemonSet pods tolerate node.kubernetes.io/unschedulable).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { eventually } from '../../src/client/testing/eventually.js';
import { formatRfc3339 } from '../../src/base/rfc3339.js';
import { startWorkloadCluster, type WorkloadCluster } from '../support/workload-cluster.js';

let c: WorkloadCluster;

before(async () => {
  c = await startWorkloadCluster();
});

after(async () => {
  await c?.stop();
});

function daemonSet(name: string, tolerations: object[] = []): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [{ name: 'agent', image: 'registry.local/agent:1' }],
          ...(tolerations.length > 0 ? { tolerations } : {}),
        },
      },
    },
  };
}

/** Node name → pod of the DaemonSet (not terminating) on it. */
async function podsByNode(app: string): Promise<Record<string, Pod>> {
  const pods = (await c.json<{ items: Pod[] }>(['pods', '-l', `app=${app}`])).items;
  return Object.fromEntries(
    pods.filter((p) => p.metadata?.deletionTimestamp === undefined).map((p) => [p.spec?.nodeName ?? '', p]),
  );
}

/** DESIRED, CURRENT, READY, UP-TO-DATE and AVAILABLE as `kubectl get ds` prints them. */
async function counts(name: string): Promise<string[]> {
  const [row] = (await c.table(['daemonset', name])).records;
  return ['DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE'].map((col) => row?.[col] ?? '');
}

describe('a DaemonSet', () => {
  it('runs exactly one pod on every schedulable node', async () => {
    assert.equal((await c.apply(daemonSet('agent'))).stdout, 'daemonset.apps/agent created\n');
    const status = await c.ok(['rollout', 'status', 'daemonset/agent', '--timeout=60s']);
    assert.match(status.stdout, /daemon set "agent" successfully rolled out\n$/);
    assert.deepEqual(await counts('agent'), ['3', '3', '3', '3', '3']);
    const pods = await c.table(['pods', '-l', 'app=agent', '-o', 'wide']);
    assert.deepEqual(pods.records.map((r) => r['NODE']).sort(), ['sim-node-0', 'sim-node-1', 'sim-node-2']);
    assert.ok(pods.records.every((r) => r['STATUS'] === 'Running' && r['READY'] === '1/1'));
    // Each pod is pinned to its node by node affinity; the scheduler binds it there.
    const pod = (await podsByNode('agent'))['sim-node-1'];
    assert.deepEqual(pod?.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution, {
      nodeSelectorTerms: [
        { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['sim-node-1'] }] },
      ],
    });
  });

  it('starts a pod on a node that joins the cluster', async () => {
    // A node registered by hand (no kubelet runs it, so its pod stays Pending).
    const now = formatRfc3339(Date.now());
    await c.ok(
      ['create', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'late-node', labels: { 'kubernetes.io/hostname': 'late-node' } },
        status: {
          capacity: { cpu: '4', memory: '8Gi', pods: '110' },
          allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
          conditions: [
            {
              type: 'Ready',
              status: 'True',
              reason: 'KubeletReady',
              message: 'kubelet is posting ready status',
              lastHeartbeatTime: now,
              lastTransitionTime: now,
            },
          ],
        },
      }),
    );
    const pod = await eventually(async () => {
      const p = (await podsByNode('agent'))['late-node'];
      assert.ok(p, 'no pod bound to late-node yet');
      return p;
    }, 20_000);
    assert.equal(pod.metadata?.ownerReferences?.[0]?.name, 'agent');
    await eventually(async () => assert.deepEqual(await counts('agent'), ['4', '4', '3', '4', '3']));
    // (Upstream's DaemonSet controller ignores node deletions; pod GC removes the pod later.)
    assert.equal((await c.ok(['delete', 'node', 'late-node'])).stdout, 'node "late-node" deleted\n');
  });

  it('places pods on a tainted node only with a toleration, and on a cordoned node', async () => {
    await c.ok(['taint', 'node', 'sim-node-2', 'dedicated=db:NoSchedule']);
    assert.equal((await c.ok(['cordon', 'sim-node-1'])).stdout, 'node/sim-node-1 cordoned\n');
    await c.apply(
      daemonSet('plain'),
      daemonSet('tolerant', [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }]),
    );
    await c.ok(['rollout', 'status', 'daemonset/plain', '--timeout=60s']);
    await c.ok(['rollout', 'status', 'daemonset/tolerant', '--timeout=60s']);
    assert.deepEqual(Object.keys(await podsByNode('plain')).sort(), ['sim-node-0', 'sim-node-1']);
    assert.deepEqual(Object.keys(await podsByNode('tolerant')).sort(), [
      'sim-node-0',
      'sim-node-1',
      'sim-node-2',
    ]);
    assert.deepEqual(await counts('plain'), ['2', '2', '2', '2', '2']);
    assert.deepEqual(await counts('tolerant'), ['3', '3', '3', '3', '3']);
    const tolerations = (await podsByNode('plain'))['sim-node-1']?.spec?.tolerations?.map(
      (t) => `${t.key}:${t.effect}`,
    );
    assert.ok(tolerations?.includes('node.kubernetes.io/unschedulable:NoSchedule'));

    // NoSchedule does not evict: agent keeps its pod on sim-node-2 but no longer wants one there.
    await eventually(async () => {
      const ds = await c.json<DaemonSet>(['daemonset', 'agent']);
      assert.deepEqual(
        [ds.status?.desiredNumberScheduled, ds.status?.currentNumberScheduled, ds.status?.numberMisscheduled],
        [2, 2, 1],
      );
    });
    assert.ok((await podsByNode('agent'))['sim-node-2']);
  });
});
